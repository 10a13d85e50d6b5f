using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// Approved-file snapshots: <c>Snapshots/NAME.verified.cs</c> is committed; a mismatch writes
/// <c>NAME.received.cs</c> beside it and fails. Accept a change by renaming received to verified.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string caller = "")
    {
        var folder = Path.Combine(Path.GetDirectoryName(caller)!, "Snapshots");
        var verified = Path.Combine(folder, name + ".verified.cs");
        var received = Path.Combine(folder, name + ".received.cs");
        var expected = File.Exists(verified) ? File.ReadAllText(verified).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        var firstDiff = expected is null ? "no verified file yet" : FirstDifference(expected, actual);
        Assert.Fail($"snapshot {name} differs ({firstDiff}); wrote {received}. If the change is right, rename it to {Path.GetFileName(verified)}.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var el = i < e.Length ? e[i] : "<end>";
            var al = i < a.Length ? a[i] : "<end>";
            if (el != al)
            {
                return $"line {i + 1}: expected «{el}», got «{al}»";
            }
        }

        return "same lines";
    }
}
