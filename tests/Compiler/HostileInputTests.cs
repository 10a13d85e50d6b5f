using System.Text;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>Hostile-input tests measure time and use deep stacks: they run alone, not beside other tests.</summary>
[CollectionDefinition(nameof(HostileInputTests), DisableParallelization = true)]
public sealed class HostileInputCollection;

/// <summary>Input no person writes: it must give a clear error (or run), never end the process.</summary>
[Collection(nameof(HostileInputTests))]
public sealed class HostileInputTests
{
    [Fact]
    public void HundredThousandOpenParenthesesGiveNestingTooDeep()
    {
        var parsed = ParsedModule.Parse(new string('(', 100_000), "deep.ai");
        var error = Assert.Single(parsed.Diagnostics);
        Assert.Equal(ErrorCodes.NestingTooDeep, error.Code);
        Assert.Equal($"deep.ai(1,{Syntax.Reader.MaxDepth + 1}): error FAI0008: forms nested deeper than {Syntax.Reader.MaxDepth} levels", error.ToString());
    }

    [Fact]
    public void HundredThousandNestedListsThroughTheHostGiveNestingTooDeep()
    {
        var source = new string('(', 100_000) + new string(')', 100_000);
        var file = Harness.WriteTemp(source);
        using var host = Harness.CreateHost(Path.GetDirectoryName(file)!);
        var error = Assert.Throws<ModuleLoadException>(() => host.Load(file));
        Assert.Contains(error.Diagnostics, d => d.Code == ErrorCodes.NestingTooDeep);

        // The process and the host survive: a sound module still loads afterwards.
        Assert.Equal("3", Harness.Run("(+ 1 2)"));
    }

    [Theory]
    [InlineData('[')]
    [InlineData('{')]
    [InlineData('\'')]
    public void HundredThousandNestedBracketsOrQuotesGiveNestingTooDeep(char open)
    {
        var parsed = ParsedModule.Parse(new string(open, 100_000) + "x", "deep.ai");
        Assert.Contains(parsed.Diagnostics, d => d.Code == ErrorCodes.NestingTooDeep);
    }

    [Fact]
    public void NestingAtTheLimitCompilesAndRuns()
    {
        // Reader.MaxDepth levels are accepted and must compile and run, not overflow a later pass.
        var depth = Syntax.Reader.MaxDepth;
        var source = string.Concat(Enumerable.Repeat("(+ 1 ", depth)) + "0" + new string(')', depth);
        Assert.Equal(depth.ToString(System.Globalization.CultureInfo.InvariantCulture), Harness.Run(source));
    }

    [Fact]
    public void FiveHundredDigitIntegerIsOutOfRange()
    {
        var digits = new string('7', 500);
        var parsed = ParsedModule.Parse($"(+ 1 {digits})", "big.ai");
        var error = Assert.Single(parsed.Diagnostics);
        Assert.Equal(ErrorCodes.BadNumber, error.Code);
        Assert.Equal((1, 6), (error.Span.Line, error.Span.Column));
        Assert.Contains("outside the 64-bit range", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 120, "the message abbreviates the literal: " + error.Message);
    }

    [Fact]
    public void DeepNonTailRecursionIsAFluentAIErrorNotACrash()
    {
        var error = Harness.RunExpectingError(
            """
            (define (f n) (if (= n 0) 0 (+ 1 (f (- n 1)))))
            (f 10000000)
            """,
            out _);
        Assert.Equal(ErrorCodes.StackTooDeep, error.Code);

        // Afterwards the process still runs FluentAI code, including recursion of a sane depth.
        Assert.Equal("10000", Harness.Run("(define (f n) (if (= n 0) 0 (+ 1 (f (- n 1)))))\n(f 10000)"));
    }

    /// <summary>About 10 MB: a million small top-level forms, then <paramref name="last"/>.</summary>
    private static string TenMegabytes(string last)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (sb.Length < 10_000_000)
        {
            sb.Append("(+ ").Append(i % 1000).Append(" 1)\n");
            i++;
        }

        return sb.Append(last).Append('\n').ToString();
    }

    // Loading such a file in full takes Roslyn minutes (120 MB of C#: a try and a location filter per
    // top-level form); what is pinned here is that reading, binding and emitting handle it.
    [Fact]
    public void TenMegabyteFileIsReadBoundAndEmitted()
    {
        var text = TenMegabytes("(+ 41 1)");
        var parsed = ParsedModule.Parse(text, "big.ai");
        var result = PluginHost.Compiler.Compile(parsed, null, new CompileOptions { EmitAssembly = false });
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.CSharp);
    }

    [Fact]
    public void TenMegabyteFileWithAnErrorAtTheEndReportsIt()
    {
        var text = TenMegabytes("(undefined-function 1)");
        var lastLine = text.Count(c => c == '\n');
        var file = Harness.WriteTemp(text);
        using var host = Harness.CreateHost(Path.GetDirectoryName(file)!);
        var error = Assert.Throws<ModuleLoadException>(() => host.Load(file));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal($"{file}({lastLine},2): error FAI1001: unknown name 'undefined-function'", diagnostic.ToString());
    }

    // C# allows 65,534 locals per method and every top-level form's try has one: a file of ~65,000
    // forms failed with an internal compiler error (CS0204) while they all went into Run.
    [Fact]
    public void TopLevelFormsAreSpreadOverMethodsThatRunInOrder()
    {
        // Three methods' worth of forms: a definition in the first, used and redefined later, a runtime error in the last.
        var forms = Enumerable.Range(0, (2 * Emit.Emitter.FormsPerMethod) + 100).Select(i => i switch
        {
            0 => "(define total 0)",
            _ when i % 100 == 0 => $"(define total (+ total {i}))",
            _ => $"(+ {i} 1)",
        }).ToList();
        var sum = Enumerable.Range(1, forms.Count - 1).Where(i => i % 100 == 0).Sum();
        var csharp = PluginHost.Compiler.Compile(ParsedModule.Parse(string.Join('\n', forms) + "\ntotal", "many.ai"), null, new CompileOptions { EmitAssembly = false }).CSharp!;
        Assert.Contains("__Run3()", csharp, StringComparison.Ordinal);
        Assert.DoesNotContain("__Run4()", csharp, StringComparison.Ordinal);
        Assert.Equal(sum.ToString(System.Globalization.CultureInfo.InvariantCulture), Harness.Run(string.Join('\n', forms) + "\ntotal"));

        var error = Harness.RunExpectingError(string.Join('\n', forms) + "\n(car 5)\ntotal", out var file);
        var at = error.Location!.Value;
        Assert.Equal((file, forms.Count + 1, 1), (at.File, at.Line, at.Column));
    }
}
