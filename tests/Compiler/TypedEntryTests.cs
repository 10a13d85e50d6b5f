using System.Globalization;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// Typed entry points: a module function on integers gets a <c>long</c> method beside its object
/// entry. Where it is emitted and where not, that results equal the boxed general body's (doubles,
/// overflow boundaries), and that errors raised on the typed path name the same <c>.ai</c> place.
/// </summary>
public sealed class TypedEntryTests
{
    private const string Fib = """
        (define (fib n)
          (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
        """;

    [Fact]
    public void FibGetsATypedMethodWhoseRecursiveCallsStayTyped()
    {
        var cs = Harness.EmitCSharp(Fib + "\n(fib 10)\n");
        Assert.Contains("public static long fib__1__L(long n__", cs, StringComparison.Ordinal);
        Assert.Contains("return Ops.AddL(fib__1__L(Ops.SubL(", cs, StringComparison.Ordinal);
        Assert.Contains("is long n__", cs, StringComparison.Ordinal);
        Assert.Contains("new CompiledFn1(\"fib\", &fib__1, &fib__1__L, typeof(Module))", cs, StringComparison.Ordinal);

        // A top-level call with an integer literal enters the typed method directly.
        Assert.Contains("Boxes.Int(fib__1__L(10L, ref Rt.StackBudget))", cs, StringComparison.Ordinal);
    }

    [Fact]
    public void ATailRecursiveLoopOnIntegersKeepsLongLocals()
    {
        var cs = Harness.EmitCSharp("(define (sum-to n acc) (if (= n 0) acc (sum-to (- n 1) (+ acc n))))\n(sum-to 10 0)\n");
        Assert.Contains("public static long sum_to__1__L(long n__2_p, long acc__3_p, ref int __b)", cs, StringComparison.Ordinal);
        Assert.Contains("long n__2 = n__2_p;", cs, StringComparison.Ordinal);
        Assert.Contains("Rt.EnsureStack(ref __b);", cs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(define (f s n) (str s n))")] // s and n are never used as numbers
    [InlineData("(define (f xs n) (if (< n 0) 0 (nth xs n)))")] // xs is a list
    [InlineData("(define (f n) (* n 1.5))")] // a double result
    [InlineData("(define (f n) (if (< n 0) \"negative\" n))")] // a string result
    [InlineData("(define (f n) (when (> n 0) n))")] // nil when not positive
    [InlineData("(define (f n) (set! n (+ n 1)) n)")] // an assigned parameter
    [InlineData("(define (f n & more) (+ n 1))")] // a rest parameter
    [InlineData("(define (g) 1)\n(define (f n) (+ n (g)))")] // g's result is not proven an integer
    [InlineData("(define-reloadable f (lambda (n) (+ n 1)))")] // reached through its link, never a static method
    public void NoTypedMethodWhereAParameterOrResultMayBeSomethingElse(string source)
    {
        var cs = Harness.EmitCSharp(source + "\n");
        Assert.DoesNotContain("__L(", cs, StringComparison.Ordinal);
    }

    [Fact]
    public void ACallerOfATypedFunctionIsTypedThroughIt()
    {
        var cs = Harness.EmitCSharp("(define (sq x) (* x x))\n(define (hyp a b) (+ (sq a) (sq b)))\n");
        Assert.Matches(@"public static long hyp__\d+__L\(long a__", cs);
        Assert.Matches(@"Ops\.AddL\(sq__\d+__L\(a__", cs);
    }

    [Fact]
    public void LetBindingsOfIntegersInATypedBodyAreLong()
    {
        var cs = Harness.EmitCSharp("(define (f n) (let ((m (- n 1)) (k (* n 2))) (+ m k)))\n");
        Assert.Contains("long m__", cs, StringComparison.Ordinal);
        Assert.Contains("long k__", cs, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsEqualTheBoxedPathForRandomAndBoundaryInputs()
    {
        // The same body twice: h is typed, h-boxed is not (its extra parameter is a string), so every
        // call of h-boxed runs the general body; both must give the same value or the same error.
        const string Body = "(if (< n 0) (- 0 n) (+ (* n 3) (- k 7)))";
        var inputs = new List<string> { "0 0", "1 2", "-1 5", "9223372036854775807 0", "-9223372036854775808 1", "3074457345618258602 7", "3074457345618258603 0", "2.5 1", "1 2.5", "-0.5 -2", "100 1.0e300" };
        var random = new Random(15);
        for (var i = 0; i < 40; i++)
        {
            inputs.Add(string.Create(CultureInfo.InvariantCulture, $"{random.NextInt64(-5_000_000_000_000_000_000, 5_000_000_000_000_000_000)} {random.NextInt64(long.MinValue / 2, long.MaxValue / 2)}"));
        }

        var source = new System.Text.StringBuilder();
        source.Append(CultureInfo.InvariantCulture, $"(define (h n k) {Body})\n(define (h-boxed n k tag) (if (= tag \"t\") {Body} :never))\n");
        source.Append("(define (typed n k) (try (h n k) (catch (e) [:error e])))\n");
        source.Append("(define (boxed n k) (try (h-boxed n k \"t\") (catch (e) [:error e])))\n");
        Assert.Contains("h__1__L(", Harness.EmitCSharp(source.ToString()), StringComparison.Ordinal);
        source.Append('[').Append(string.Join(' ', inputs.Select(a => $"[(= (typed {a}) (boxed {a})) (typed {a})]"))).Append("]\n");
        var printed = Harness.Run(source.ToString());
        Assert.DoesNotContain("#f", printed, StringComparison.Ordinal);
        Assert.Equal(inputs.Count, printed.Split("(#t ").Length - 1);
        Assert.Contains("integer overflow", printed, StringComparison.Ordinal);
        Assert.Contains("(#t 1.5)", printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(fib 20)", "6765")]
    [InlineData("(fib 2.5)", "2.0")]
    [InlineData("(fib 1.0)", "1.0")]
    [InlineData("(map fib (list 0 1 2 3 10))", "(0 1 1 2 55)")]
    public void FibGivesWhatTheBoxedBodyGives(string call, string expected)
    {
        Assert.Equal(expected, Harness.Run(Fib + "\n" + call + "\n"));
    }

    [Fact]
    public void OverflowInTypedCodeNamesItsLine()
    {
        var error = Harness.RunExpectingError(
            """
            (define (grow n)
              (if (> n 4611686018427387904) n
                  (grow (* n 2))))
            (define (twice n) (+ n n))
            (twice (grow 3))
            """,
            out var file);
        Assert.Equal(ErrorCodes.IntegerOverflow, error.Code);
        Assert.Equal(file, error.Location!.Value.File);
        Assert.Equal(4, error.Location!.Value.Line);
        Assert.Equal(19, error.Location!.Value.Column);
    }

    [Fact]
    public void ATypeErrorWhereAnIntegerCameInTypedNamesItsLine()
    {
        var error = Harness.RunExpectingError(
            """
            (define (f n)
              (if (< n 0) 0
                  (+ n (g n))))
            (define (g n) (+ n "a"))
            (f 5)
            """,
            out var file);
        Assert.Equal(ErrorCodes.TypeMismatch, error.Code);
        Assert.Equal(file, error.Location!.Value.File);
        Assert.Equal(4, error.Location!.Value.Line);
    }

    [Fact]
    public void AStringArgumentStillFailsInTheBoxedBody()
    {
        var error = Harness.RunExpectingError(Fib + "\n(fib \"x\")\n", out var file);
        Assert.Equal(ErrorCodes.TypeMismatch, error.Code);
        Assert.Equal(file, error.Location!.Value.File);
        Assert.Equal(2, error.Location!.Value.Line);
    }

    [Fact]
    public void DeepTypedRecursionIsStackTooDeepNotACrash()
    {
        var error = Harness.RunExpectingError(
            """
            (define (down n) (if (= n 0) 0 (+ 1 (down (- n 1)))))
            (down 100000000)
            """,
            out var file);
        Assert.Equal(ErrorCodes.StackTooDeep, error.Code);
        Assert.Equal(file, error.Location!.Value.File);
        Assert.Equal(2, error.Location!.Value.Line);
    }
}
