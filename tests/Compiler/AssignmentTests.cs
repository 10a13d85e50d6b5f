using System.Text.RegularExpressions;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>How <c>set!</c> is compiled, where the printed value of a program cannot show it.</summary>
public sealed partial class AssignmentTests
{
    [GeneratedRegex(@"System\.Threading\.Volatile\.Write\(ref total__\d+, ")]
    private static partial Regex VolatileWriteOfTotal();

    [Fact]
    public void AnAssignedGlobalIsWrittenAndReadWithVolatileSemanticsAndNoLock()
    {
        var csharp = Harness.EmitCSharp("(define total 0)\n(define (add! n) (set! total (+ total n)))\n(add! 1)\ntotal");

        // The definition and the set! are volatile stores; every read is a volatile read.
        Assert.Equal(3, VolatileWriteOfTotal().Count(csharp));
        Assert.Matches(@"Ops\.Add\(System\.Threading\.Volatile\.Read\(ref total__\d+\), n__\d+\)", csharp);
        Assert.DoesNotContain("lock", csharp, StringComparison.Ordinal);
        Assert.DoesNotContain("Interlocked", csharp, StringComparison.Ordinal);
    }

    [Fact]
    public void GlobalsNoSetAssignsKeepPlainFieldsAndDirectCalls()
    {
        var csharp = Harness.EmitCSharp("(define total 0)\n(define (add n) (+ total n))\n(add 1)");
        Assert.DoesNotContain("Volatile", csharp, StringComparison.Ordinal);
        Assert.Matches(@"return add__\d+\(Boxes\.Int\(1L\)\);", csharp);
    }

    [Fact]
    public void AnAssignedFunctionGlobalIsAFieldCalledThroughItsValue()
    {
        var csharp = Harness.EmitCSharp("(define (f n) (if (= n 0) 0 (f (- n 1))))\n(set! f (lambda (n) n))\n(f 3)");
        Assert.Matches(@"private static object f__\d+;", csharp);
        Assert.DoesNotContain("public static object f__", csharp, StringComparison.Ordinal);
        Assert.DoesNotContain("while (true)", csharp, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyTheVariableASetAssignsLosesItsTypeOrItsLoop()
    {
        var csharp = Harness.EmitCSharp("""
            (define (count-down n) (if (= n 0) :done (count-down (- n 1))))
            (define (typed) (let ((n 1)) (+ n 1)))
            (define (assigned) (let ((n 1) (count-down 0)) (set! n 2) (set! count-down n) n))
            (typed)
            """);
        Assert.Matches(@"public static object count_down__\d+\(object n__\d+_p\)\n\s+\{(.|\n)*?while \(true\)", csharp);
        Assert.Matches(@"long n__\d+ = 1L;", csharp);
        Assert.Matches(@"object n__\d+ = Boxes\.Int\(1L\);", csharp);
    }
}
