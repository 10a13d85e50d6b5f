namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// Every program of the shared conformance corpus (<c>../shared/corpus</c> beside the repository,
/// read in place, never copied) must print its <c>.expected</c> line.
/// </summary>
public sealed class CorpusTests
{
    private static string CorpusDirectory => Path.GetFullPath(Path.Combine(Harness.RepoRoot, "..", "shared", "corpus"));

    private static List<string> ProgramNames() =>
        [.. Directory.EnumerateFiles(CorpusDirectory, "*.ai")
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    public static TheoryData<string> Programs() => [.. ProgramNames()];

    [Fact]
    public void TheWholeCorpusIsFoundAndRun()
    {
        var all = Directory.GetFiles(CorpusDirectory, "*.ai");
        Assert.True(all.Length >= 20, $"only {all.Length} programs in {CorpusDirectory}");
        Assert.Equal(all.Length, ProgramNames().Count);
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public void CorpusProgramPrintsItsExpectedValue(string name)
    {
        var file = Path.Combine(CorpusDirectory, name);
        var expected = File.ReadAllText(Path.ChangeExtension(file, ".expected")).TrimEnd('\r', '\n');
        Assert.Equal(expected, Harness.RunFile(file));
    }
}
