namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// <c>(map f (range ...))</c> runs as the library's <c>Fused.MapRange</c> (the emitter's RangeMap): the same
/// values as mapping over the built range, the same errors in the same order, located where they were.
/// </summary>
public sealed class RangeMapTests
{
    [Theory]
    [InlineData("(range 0 5)")]
    [InlineData("(range 5)")]
    [InlineData("(range 0)")]
    [InlineData("(range 3 3)")]
    [InlineData("(range 5 2)")]
    [InlineData("(range -3 2)")]
    [InlineData("(range -9223372036854775807 -9223372036854775803)")]
    [InlineData("(range 9223372036854775804 9223372036854775807)")]
    [InlineData("(range 1020 1030)")]
    public void MappingOverARangeGivesWhatMappingOverTheBuiltListGives(string range)
    {
        var fused = $"(define k 7) (list (map (lambda (i) (list i (* i 0) (+ k 0) (str i \",\"))) {range}) (map (lambda (i) i) {range}))";
        var plain = $"(define k 7) (list (map (lambda (i) (list i (* i 0) (+ k 0) (str i \",\"))) (identity {range})) (map (lambda (i) i) (identity {range})))";
        Assert.Contains("Fused.MapRange(", Harness.EmitCSharp(fused), StringComparison.Ordinal);
        Assert.DoesNotContain("MapRange", Harness.EmitCSharp(plain), StringComparison.Ordinal);
        Assert.Equal(Harness.Run(plain), Harness.Run(fused));
    }

    [Fact]
    public void OnlyTheLibrarysTwoListFormsAreRewritten()
    {
        Assert.DoesNotContain("MapRange", Harness.EmitCSharp("(map (lambda (i) i) (range 0 10 2))"), StringComparison.Ordinal);
        Assert.DoesNotContain("MapRange", Harness.EmitCSharp("(map (lambda (a b) a) (range 3) (range 3))"), StringComparison.Ordinal);
        Assert.Equal("(1 2 3)", Harness.Run("(define (f n) (map (lambda (i) (+ i 1)) (range n))) (f 3)"));
        Assert.Equal("(0 1 4)", Harness.Run("(map (lambda (i) (* i i)) (range 0 3))"));
    }

    [Theory]
    [InlineData("(lambda (i) i)", "(range 0 \"a\")")]
    [InlineData("(lambda (i) i)", "(range \"a\")")]
    [InlineData("5", "(range 0 3)")]
    [InlineData("5", "(range 0 \"a\")")]
    [InlineData("5", "(range 3 3)")]
    [InlineData("(lambda (i) i)", "(range -9223372036854775807 9223372036854775807)")]
    [InlineData("(lambda (i) (car i))", "(range 0 3)")]
    [InlineData("(lambda (a b) a)", "(range 0 3)")]
    public void ErrorsAreTheOnesMappingOverTheBuiltListGives(string f, string range)
    {
        AssertSameError($"map {f}", range);
    }

    [Theory]
    [InlineData("(range 0 5)")]
    [InlineData("(range 5)")]
    [InlineData("(range 0)")]
    [InlineData("(range 5 2)")]
    [InlineData("(range -3 2)")]
    [InlineData("(range 9223372036854775804 9223372036854775807)")]
    [InlineData("(range 1020 1030)")]
    public void FoldingOverARangeGivesWhatFoldingOverTheBuiltListGives(string range)
    {
        // fold and reduce, a plain accumulator and an owned map (OwnedFold), which is built in place.
        const string Body = "(list (fold (lambda (acc i) (cons i acc)) '() R) (reduce (lambda (acc i) (+ acc (* 0 i) 1)) 0 R)"
            + " (fold (lambda (m i) (assoc m i (str i))) {:start 1} R) (reduce (lambda (m i) (assoc m (mod i 3) i)) (hash-map) R))";
        var fused = Body.Replace("R", range, StringComparison.Ordinal);
        var plain = Body.Replace("R", $"(identity {range})", StringComparison.Ordinal);
        var cs = Harness.EmitCSharp(fused);
        Assert.Contains("Fused.FoldRange(", cs, StringComparison.Ordinal);
        Assert.Contains("Fused.ReduceRange(", cs, StringComparison.Ordinal);
        Assert.Contains("Fused.OwnedFoldRange(", cs, StringComparison.Ordinal);
        Assert.Contains("Fused.OwnedReduceRange(", cs, StringComparison.Ordinal);
        Assert.DoesNotContain("Range(", Harness.EmitCSharp(plain).Replace("Builtins.Range(", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(Harness.Run(plain), Harness.Run(fused));
    }

    [Fact]
    public void AnOwnedFoldOverARangeLeavesItsInitialMapAsItWas()
    {
        Assert.Equal("({:a 1} {:a 1, 0 0, 1 1, 2 2})", Harness.Run("(define m0 {:a 1}) (define m1 (fold (lambda (m i) (assoc m i i)) m0 (range 3))) (list m0 m1)"));
        Assert.Equal("{:a 1}", Harness.Run("(fold (lambda (m i) m) {:a 1} (range 0 3))"));
        Assert.Equal("3", Harness.Run("(fold (lambda (m i) (+ i 1)) {:a 1} (range 0 3))"));
    }

    [Theory]
    [InlineData("(lambda (a i) i)", "0", "(range 0 \"a\")")]
    [InlineData("(lambda (a i) i)", "0", "(range \"a\")")]
    [InlineData("5", "0", "(range 0 3)")]
    [InlineData("5", "(hash-map)", "(range 3 3)")]
    [InlineData("5", "0", "(range 0 \"a\")")]
    [InlineData("(lambda (a i) i)", "0", "(range -9223372036854775807 9223372036854775807)")]
    [InlineData("(lambda (a i) (+ a \"x\"))", "0", "(range 0 3)")]
    [InlineData("(lambda (m i) (assoc m i (car i)))", "(hash-map)", "(range 0 3)")]
    [InlineData("(lambda (a) a)", "0", "(range 0 3)")]
    public void FoldErrorsAreTheOnesFoldingOverTheBuiltListGives(string f, string init, string range)
    {
        foreach (var op in new[] { "fold", "reduce" })
        {
            AssertSameError($"{op} {f} {init}", range);
        }
    }

    // (call... range) inside a function fails as (call... (identity range)) does: code, message, file and line.
    private static void AssertSameError(string call, string range)
    {
        var fused = Harness.RunExpectingError($"(define (g)\n  ({call} {range}))\n(g)", out var fusedFile);
        var plain = Harness.RunExpectingError($"(define (g)\n  ({call} (identity {range})))\n(g)", out _);
        Assert.Equal((plain.Code, plain.Message), (fused.Code, fused.Message));
        var at = Assert.NotNull(fused.Location);
        Assert.Equal(fusedFile, at.File);
        Assert.Equal(plain.Location?.Line, at.Line);
    }
}
