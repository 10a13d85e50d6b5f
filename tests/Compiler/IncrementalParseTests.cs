using System.Globalization;
using System.Text;
using FluentAI.Plugins.Compiler.Emit;
using FluentAI.Plugins.Runtime;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// The backend re-parses only what changed since the last compile of the same generated file (Roslyn's
/// incremental parser on the previous tree): what it compiles must be exactly what a full parse gives, so
/// the images (and their PDBs, which map stack frames to <c>.ai</c> lines) are the same bytes.
/// </summary>
public sealed class IncrementalParseTests
{
    private static readonly BuiltinCatalog Catalog = new(typeof(Rt).Assembly);

    private static string Source(long constant, int functions = 20, string extra = "")
    {
        var sb = new StringBuilder("(module base (export version f9))\n\n(define (version) ").Append(constant.ToString(CultureInfo.InvariantCulture)).Append(")\n\n(define (f0 x) (+ x (version)))\n");
        for (var i = 1; i < functions; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"(define (f{i} x)\n  (if (< x -1000000) (- 0 {i}) (+ (f{i - 1} x) {i})))\n");
        }

        return sb.Append(extra).ToString();
    }

    private static string NewPath() => "/modules/" + Guid.NewGuid().ToString("N") + "/base.ai";

    [Fact]
    public void AnEditedModuleCompilesToTheSameBytesAsInACompilerThatNeverSawItsPreviousVersion()
    {
        var path = NewPath();
        var warm = new ModuleCompiler(Catalog);
        var edits = new[]
        {
            Source(1),
            Source(2),                                             // a constant
            Source(2, extra: "(define (late y) (* y 2))\n"),       // a function added at the end
            Source(2, functions: 12),                              // functions removed
            "(define (only) 1)\n",                                 // nearly everything replaced
            Source(3, extra: "(define (err) (car 5))\n(err)\n"),   // top-level code whose error names its line
        };
        byte[]? previous = null;
        foreach (var source in edits)
        {
            var edited = warm.Compile(ParsedModule.Parse(source, path));
            var fresh = new ModuleCompiler(Catalog).Compile(ParsedModule.Parse(source, path));
            Assert.Empty(edited.Diagnostics);
            Assert.NotNull(edited.Image);
            Assert.Equal(fresh.Image, edited.Image);
            Assert.NotEqual(previous, edited.Image);
            previous = edited.Image;
        }
    }

    [Fact]
    public void RecompilingTheSameTextGivesTheSameImage()
    {
        var path = NewPath();
        var compiler = new ModuleCompiler(Catalog);
        var first = compiler.Compile(ParsedModule.Parse(Source(7), path));
        var again = compiler.Compile(ParsedModule.Parse(Source(7), path));
        Assert.Equal(first.Image, again.Image);
    }

    [Fact]
    public void EditsOfGeneratedCSharpParseToTheTreeAndDiagnosticsOfAFullParse()
    {
        var csharp = new ModuleCompiler(Catalog).Compile(ParsedModule.Parse(Source(5), "/m/base.ai"), null, new CompileOptions { EmitAssembly = false }).CSharp!;
        var firstLine = csharp.IndexOf("#line", StringComparison.Ordinal);
        var lastLine = csharp.LastIndexOf("#line", StringComparison.Ordinal);
        Assert.True(firstLine >= 0 && lastLine > firstLine, "the generated code has #line directives");
        var texts = new[]
        {
            csharp,
            csharp.Replace("5L", "6L", StringComparison.Ordinal),
            csharp.Remove(firstLine, 5).Insert(firstLine, "#lin"),          // a broken directive
            csharp.Remove(lastLine, csharp.IndexOf('\n', lastLine) - lastLine), // a directive removed
            csharp.Insert(csharp.Length / 2, "/* a comment */"),
            csharp.Insert(csharp.Length / 3, "}"),                          // a syntax error
            csharp[..(csharp.Length / 2)],                                  // the text cut short
            csharp,
            string.Empty,
            csharp,
        };
        var backend = new RoslynBackend(RoslynBackend.ReferencePaths([typeof(Rt).Assembly]));
        var options = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.None);
        foreach (var text in texts)
        {
            var tree = backend.Parse(text, "/m/base.ai.g.cs");
            var full = CSharpSyntaxTree.ParseText(text, options, "/m/base.ai.g.cs");
            Assert.Equal(text, tree.GetText().ToString());
            Assert.True(tree.IsEquivalentTo(full, topLevel: false));
            Assert.Equal(full.GetDiagnostics().Select(Describe), tree.GetDiagnostics().Select(Describe));
            Assert.Equal(
                full.GetRoot().DescendantTrivia().Select(t => t.GetLocation().GetMappedLineSpan().ToString()),
                tree.GetRoot().DescendantTrivia().Select(t => t.GetLocation().GetMappedLineSpan().ToString()));
        }
    }

    private static string Describe(Diagnostic d) => d.Id + " " + d.Location.GetMappedLineSpan();

    [Theory]
    [InlineData("abc", "abc", null, null, null)]
    [InlineData("abc", "aXc", 1, 1, "X")]
    [InlineData("aaa", "aa", 2, 1, "")]
    [InlineData("aa", "aaa", 2, 0, "a")]
    [InlineData("abc", "", 0, 3, "")]
    [InlineData("", "abc", 0, 0, "abc")]
    [InlineData("abcabc", "abc", 3, 3, "")]
    public void TheChangedSpanLiesBetweenTheCommonPrefixAndSuffix(string old, string text, int? start, int? length, string? replacement)
    {
        var change = RoslynBackend.ChangedSpan(old, text);
        if (start is null)
        {
            Assert.Null(change);
            return;
        }

        var found = Assert.NotNull(change);
        Assert.Equal(start, found.Span.Start);
        Assert.Equal(length, found.Span.Length);
        Assert.Equal(replacement, found.NewText);
        Assert.Equal(text, old[..found.Span.Start] + found.NewText + old[found.Span.End..]);
    }

    [Fact]
    public void TheBackendKeepsTheLastTreeOfAtMostItsCapacityOfFiles()
    {
        var backend = new RoslynBackend(RoslynBackend.ReferencePaths([typeof(Rt).Assembly]));
        for (var i = 0; i < RoslynBackend.TreeCapacity + 10; i++)
        {
            _ = backend.Parse("class C" + i + " { }", $"/m/{i}.ai.g.cs");
        }

        Assert.Equal(RoslynBackend.TreeCapacity, backend.KnownTrees);
        Assert.False(backend.KnowsTree("/m/0.ai.g.cs"));
        Assert.True(backend.KnowsTree($"/m/{RoslynBackend.TreeCapacity + 9}.ai.g.cs"));
    }
}
