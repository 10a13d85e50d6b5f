using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FluentAI.Plugins.PublicApi.Tests.Samples;

/// <summary>
/// One <c>```csharp</c> block of a markdown file: its text, and where it starts, so a failure can
/// name the sample (<c>README.md:22</c>, the line of the opening fence) and map compile errors back.
/// </summary>
/// <param name="File">The markdown file, relative to the repository root with <c>/</c> separators.</param>
/// <param name="Line">The 1-based line of the opening fence; the code starts on the next line.</param>
/// <param name="Code">The lines between the fences, with the fence's indentation removed.</param>
internal sealed record MarkdownSample(string File, int Line, string Code)
{
    /// <summary>The first-line marker of a block that is compiled but not run.</summary>
    public const string FragmentMarker = "// fragment";

    private static readonly string[] CSharpInfoStrings = ["csharp", "cs", "c#"];

    /// <summary>How a test names the sample: <c>file:line</c> of its opening fence.</summary>
    public string Name => $"{File}:{Line}";

    /// <summary>The markdown line of the block's first line of code.</summary>
    public int FirstCodeLine => Line + 1;

    /// <summary>True when the block's first line starts with <see cref="FragmentMarker"/>.</summary>
    public bool IsFragment => Code.TrimStart().StartsWith(FragmentMarker, StringComparison.Ordinal);

    /// <summary>
    /// What the sample says it prints: the trailing comment of every statement <c>Console.WriteLine(...);</c>,
    /// in source order (<c>Console.WriteLine(x); // Hello, world!</c> expects the line <c>Hello, world!</c>).
    /// A <c>WriteLine</c> inside a lambda or without a trailing comment expects nothing.
    /// </summary>
    public IReadOnlyList<string> ExpectedOutput
    {
        get
        {
            var root = CSharpSyntaxTree.ParseText(Code).GetRoot();
            var expected = new List<string>();
            foreach (var statement in root.DescendantNodes().OfType<ExpressionStatementSyntax>())
            {
                if (ExpectedLine(statement) is { } line)
                {
                    expected.Add(line);
                }
            }

            return expected;
        }
    }

    private static string? ExpectedLine(ExpressionStatementSyntax statement)
    {
        if (statement.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }
            || access.ToString() != "Console.WriteLine")
        {
            return null;
        }

        var comment = statement.SemicolonToken.TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia));
        if (!comment.IsKind(SyntaxKind.SingleLineCommentTrivia))
        {
            return null;
        }

        var text = comment.ToString()[2..];
        return (text.StartsWith(' ') ? text[1..] : text).TrimEnd();
    }

    /// <summary>Every C# block of README.md and docs/*.md, in file then line order.</summary>
    public static IReadOnlyList<MarkdownSample> All(string repositoryRoot)
    {
        var files = new List<string> { Path.Combine(repositoryRoot, "README.md") };
        files.AddRange(Directory.GetFiles(Path.Combine(repositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal));
        return [.. files.SelectMany(f => Extract(Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'), System.IO.File.ReadAllText(f)))];
    }

    /// <summary>The C# blocks of one markdown text (info string <c>csharp</c>, <c>cs</c> or <c>c#</c>).</summary>
    /// <exception cref="InvalidDataException">A C# block has no closing fence.</exception>
    public static IEnumerable<MarkdownSample> Extract(string file, string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (!trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var fenceLine = i;
            var indent = lines[i].Length - trimmed.Length;
            var isCSharp = CSharpInfoStrings.Contains(trimmed[3..].Trim().ToLowerInvariant());
            var code = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                code.Add(lines[i].Length >= indent && string.IsNullOrWhiteSpace(lines[i][..indent]) ? lines[i][indent..] : lines[i].TrimStart());
            }

            if (i == lines.Length && isCSharp)
            {
                throw new InvalidDataException($"{file}:{fenceLine + 1}: the ```csharp block has no closing fence");
            }

            if (isCSharp)
            {
                yield return new MarkdownSample(file, fenceLine + 1, string.Join('\n', code));
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
