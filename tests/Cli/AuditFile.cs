using System.Diagnostics;
using System.Text.Json;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>Reads an audit log (one JSON object per line) while the command may still be appending to it.</summary>
internal static class AuditFile
{
    /// <summary>One line's event, module and fromVersion.</summary>
    public sealed record Line(string Event, string Module, long? FromVersion, string? Error);

    public static List<Line> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<Line>();
        while (reader.ReadLine() is { } text)
        {
            // A line being appended right now is not complete yet: the next read sees it whole.
            if (!text.EndsWith('}'))
            {
                break;
            }

            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            lines.Add(new Line(
                root.GetProperty("event").GetString()!,
                root.GetProperty("module").GetString()!,
                root.GetProperty("fromVersion").ValueKind == JsonValueKind.Number ? root.GetProperty("fromVersion").GetInt64() : null,
                root.TryGetProperty("error", out var error) ? error.GetString() : null));
        }

        return lines;
    }

    /// <summary>The <c>unload</c> or <c>unload-failed</c> line of a module version, or null while it has none.</summary>
    public static Line? Verdict(string path, string module, long version) =>
        Read(path).FirstOrDefault(l => l.Event is "unload" or "unload-failed" && l.Module == module && l.FromVersion == version);

    /// <summary>
    /// Polls (bounded: fails after 30 s instead of hanging) until the module version has a verdict;
    /// fails at once if <paramref name="command"/> ends first.
    /// </summary>
    public static async Task<Line> WaitForVerdict(string path, string module, long version, Task<int> command)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            // Whether the command had ended is read before the log, so a verdict written just before it ended is seen.
            var ended = command.IsCompleted;
            if (Verdict(path, module, version) is { } verdict)
            {
                return verdict;
            }

            if (ended)
            {
                Assert.Fail($"the command ended (exit {await command}) without an unload verdict for {Path.GetFileName(module)} v{version}");
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"timed out waiting for the unload verdict of {Path.GetFileName(module)} v{version}");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Asserts that the log has no <c>unload-failed</c> line, naming the ones it has.</summary>
    public static void AssertNoUnloadFailed(string path)
    {
        var failed = Read(path).Where(l => l.Event == "unload-failed").Select(l => $"{Path.GetFileName(l.Module)} v{l.FromVersion}: {l.Error}").ToList();
        Assert.True(failed.Count == 0, "unload-failed: " + string.Join("; ", failed));
    }
}
