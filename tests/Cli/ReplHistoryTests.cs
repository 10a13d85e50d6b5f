namespace FluentAI.Plugins.Cli.Tests;

/// <summary>The REPL's history file: one entry a line, multi-line entries kept whole, cut to its capacity.</summary>
public sealed class ReplHistoryTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-history-tests", Guid.NewGuid().ToString("N"));

    public ReplHistoryTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AMultiLineEntryIsOneLineOfTheFileAndComesBackWhole()
    {
        var path = Path.Combine(_dir, "h");
        var history = new ReplHistory(path);
        history.Add("(defn f (a)\n  (str \"a\\\\b\" a))\n");
        history.Add("(f 1)");

        Assert.Equal(["(defn f (a)\\n  (str \"a\\\\\\\\b\" a))", "(f 1)"], File.ReadAllLines(path));
        Assert.Equal(["(defn f (a)\n  (str \"a\\\\b\" a))", "(f 1)"], new ReplHistory(path).Entries);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void BlankEntriesAndARepeatOfTheLastAreNotKept()
    {
        var path = Path.Combine(_dir, "h");
        var history = new ReplHistory(path);
        history.Add("(+ 1 2)");
        history.Add("(+ 1 2)");
        history.Add("   ");
        history.Add("x");
        history.Add("(+ 1 2)");

        Assert.Equal(["(+ 1 2)", "x", "(+ 1 2)"], history.Entries);
        Assert.Equal(["(+ 1 2)", "x", "(+ 1 2)"], File.ReadAllLines(path));
    }

    [Fact]
    public void TheFileIsCutToTheNewestEntriesWhenItGrowsPastTheCapacity()
    {
        var path = Path.Combine(_dir, "h");
        var history = new ReplHistory(path, capacity: 3);
        foreach (var n in Enumerable.Range(1, 5))
        {
            history.Add($"(+ {n} 0)");
        }

        Assert.Equal(["(+ 3 0)", "(+ 4 0)", "(+ 5 0)"], history.Entries);
        Assert.Equal(["(+ 3 0)", "(+ 4 0)", "(+ 5 0)"], File.ReadAllLines(path));

        // Another session's entries appended meanwhile are kept when the file is cut.
        File.AppendAllText(path, "(other)\n");
        history.Add("(+ 6 0)");
        Assert.Equal(["(+ 5 0)", "(other)", "(+ 6 0)"], File.ReadAllLines(path));
        Assert.Equal(["(+ 5 0)", "(other)", "(+ 6 0)"], new ReplHistory(path).Entries);
        Assert.Equal(["(+ 4 0)", "(+ 5 0)", "(+ 6 0)"], history.Entries);
    }

    [Fact]
    public void AHistoryFileThatCannotBeWrittenIsReportedOnceAndTheSessionKeepsItsHistory()
    {
        using var warnings = new StringWriter();
        var path = Path.Combine(_dir, "missing-folder", "h");
        var history = new ReplHistory(path, warnings: warnings);
        history.Add("a");
        history.Add("b");

        Assert.Equal(["a", "b"], history.Entries);
        var lines = warnings.ToString().ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith($"fluentai: history file {path}: ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void TheVariableMovesTheFileOrSetEmptyKeepsNone()
    {
        Assert.Equal(Path.Combine("/home/u", ".fluentai_history"), ReplHistory.PathFor(null, "/home/u"));
        Assert.Equal(Path.Combine(_dir, "moved"), ReplHistory.PathFor(Path.Combine(_dir, "moved"), "/home/u"));
        Assert.Null(ReplHistory.PathFor("", "/home/u"));
        Assert.Null(ReplHistory.PathFor(null, ""));
    }
}
