using System.Text.RegularExpressions;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Every one-line example in docs/language.md written as <c>EXPR ;; => VALUE</c> runs and prints VALUE.</summary>
public sealed partial class DocsExamplesTests
{
    [GeneratedRegex(@"^(?<expr>\(.*?\)|\[.*?\])\s*;;\s*=>\s*(?<value>.+?)(\s{2,}\(.*\))?\s*$")]
    private static partial Regex Example();

    public static TheoryData<string, string> Examples()
    {
        var data = new TheoryData<string, string>();
        var docs = Path.Combine(RepoRoot(), "docs", "language.md");
        foreach (var line in File.ReadLines(docs))
        {
            if (Example().Match(line) is { Success: true } m)
            {
                data.Add(m.Groups["expr"].Value, m.Groups["value"].Value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleRunsAndPrintsItsValue(string expression, string expected)
    {
        using var folder = new ModuleFolder();
        var repl = new ReplSession(folder.Host);
        Assert.Equal(expected, Printer.Print(repl.Evaluate(expression).Value));
    }

    [Fact]
    public void TheDocumentHasExamplesForEveryArea() => Assert.True(Examples().Count >= 25, $"only {Examples().Count} examples found");

    internal static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "FluentAI.Plugins.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found");
        }

        return dir;
    }
}
