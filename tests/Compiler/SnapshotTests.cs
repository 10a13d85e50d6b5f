using System.Runtime.CompilerServices;
using System.Text;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// The generated C# of representative modules, compared with committed
/// <c>Snapshots/NAME.verified.cs</c>. On a difference the new text is written beside it as
/// <c>NAME.received.cs</c> (git-ignored) and the test fails with the first differing lines;
/// to accept a change, review it and rename received → verified. The <c>.ai</c> path that
/// <c>#line</c> directives embed is replaced by <see cref="Placeholder"/>.
/// </summary>
public sealed class SnapshotTests
{
    private const string Placeholder = "{SNAPSHOTS}";

    private static readonly string[] ModuleNames = ["fib.ai", "modules/app.ai", "modules/lib.ai", "closures.ai", "match-try.ai", "reloadable.ai"];

    public static TheoryData<string> Modules() => [.. ModuleNames];

    [Theory]
    [MemberData(nameof(Modules))]
    public void GeneratedCSharpMatchesTheVerifiedSnapshot(string module)
    {
        var csharp = Generate(module);
        var verified = Path.Combine(SnapshotsDirectory(), Path.ChangeExtension(module, ".verified.cs"));
        var received = Path.ChangeExtension(verified, null).Replace(".verified", "", StringComparison.Ordinal) + ".received.cs";
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == csharp)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, csharp);
        Assert.Fail(expected is null
            ? $"no snapshot yet: review {received} and rename it to {Path.GetFileName(verified)}"
            : $"generated C# differs from {Path.GetFileName(verified)} (new text in {Path.GetFileName(received)}):\n{ShortDiff(expected, csharp)}");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void GeneratedCSharpIsDeterministic(string module)
    {
        Assert.Equal(Generate(module), Generate(module));
    }

    [Theory]
    [InlineData("fib.ai", "(6765 2880067194370816120)")]
    [InlineData("modules/app.ai", "(16 25 25)")]
    [InlineData("closures.ai", "(15 (101 102 103) 10)")]
    [InlineData("match-try.ai", "((:zero :small :medium :large :negative (:string \"\" 0) :empty-list (:one 1) (:pair 1 2) (:list 1 (2 3)) :other) 5 :div-by-zero)")]
    [InlineData("reloadable.ai", "(\"v1:a\" \"v1:b\")")]
    public void SnapshotModulesRunAndGiveTheirValue(string module, string expected)
    {
        using var host = Harness.CreateHost(SnapshotsDirectory());
        Assert.Equal(expected, Values.Printer.Print(host.Load(Path.Combine(SnapshotsDirectory(), module)).Result));
    }

    [Fact]
    public void SnapshotPathsAreMachineIndependent()
    {
        var csharp = Generate("fib.ai");
        Assert.Contains($"\"{Placeholder}/fib.ai\"", csharp, StringComparison.Ordinal);
        Assert.DoesNotContain(SnapshotsDirectory(), csharp, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryVerifiedSnapshotBelongsToAModule()
    {
        var modules = ModuleNames.Select(m => Path.ChangeExtension(m, ".verified.cs")).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(SnapshotsDirectory(), "*.verified.cs", SearchOption.AllDirectories))
        {
            Assert.Contains(Path.GetRelativePath(SnapshotsDirectory(), file).Replace('\\', '/'), modules);
        }
    }

    /// <summary>The C# generated for <paramref name="module"/>, compiled in a fresh host (imports resolve against its folder).</summary>
    private static string Generate(string module)
    {
        var folder = SnapshotsDirectory();
        using var host = Harness.CreateHost(folder);
        var result = host.CompileFile(Path.Combine(folder, module), emitAssembly: false);
        Assert.Empty(result.Diagnostics);
        var csharp = Assert.IsType<string>(result.CSharp);
        return csharp
            .Replace(Escaped(folder) + "/", Placeholder + "/", StringComparison.Ordinal)
            .Replace("\r\n", "\n");
    }

    /// <summary>The folder as the emitter writes it in a C# string literal.</summary>
    private static string Escaped(string folder) => folder.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static string SnapshotsDirectory([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "Snapshots");

    /// <summary>The first differing line with three lines of context on each side.</summary>
    private static string ShortDiff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        var sb = new StringBuilder();
        for (var i = Math.Max(0, first - 3); i < first; i++)
        {
            sb.Append("  ").Append(a[i]).Append('\n');
        }

        for (var i = first; i < Math.Min(a.Length, first + 4); i++)
        {
            sb.Append("- ").Append(a[i]).Append('\n');
        }

        for (var i = first; i < Math.Min(b.Length, first + 4); i++)
        {
            sb.Append("+ ").Append(b[i]).Append('\n');
        }

        return $"first difference at line {first + 1}:\n{sb}";
    }
}
