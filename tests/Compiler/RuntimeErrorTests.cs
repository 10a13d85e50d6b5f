namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>
/// Errors raised while FluentAI code runs: each is a <see cref="FluentAIException"/> with its code,
/// and its location names the <c>.ai</c> file and the line of the failing expression.
/// </summary>
public sealed class RuntimeErrorTests
{
    private static void AssertError(string source, string code, int line)
    {
        var (error, file) = AssertErrorInFile(source, code);
        Assert.Equal(line, error.Location!.Value.Line);
        Assert.StartsWith($"{file}({line},", error.Render(), StringComparison.Ordinal);
    }

    private static (FluentAIException Error, string File) AssertErrorInFile(string source, string code)
    {
        var error = Harness.RunExpectingError(source, out var file);
        Assert.Equal(code, error.Code);
        var at = Assert.NotNull(error.Location);
        Assert.Equal(file, at.File);
        Assert.Contains($"error {code}: ", error.Render(), StringComparison.Ordinal);
        return (error, file);
    }

    // Open bug (see the test report): inside a function, the failing line is not always reported.
    // The JIT turns `return helper(...)` into a tail call, which removes the function's frame, and
    // for code it inlined it reports an imprecise offset; the location then falls back to the
    // function's first line or the calling top-level form (exact: every top-level form runs in a
    // try whose filter names it). Tests marked "NamesTheFile" pin what holds inside functions
    // (code, .ai file, a location); the others pin exact lines.

    [Fact]
    public void CallingANonFunctionNamesTheFile()
    {
        AssertErrorInFile(
            """
            (define x 5)
            (define (f)
              (x 1))
            (f)
            """,
            ErrorCodes.NotCallable);
    }

    [Fact]
    public void CallingAStringThroughAVariableIsNotCallable()
    {
        AssertErrorInFile(
            """
            (define (apply-it g) (g 2))
            ;; a string is not a function
            (apply-it "text")
            """,
            ErrorCodes.NotCallable);
    }

    [Fact]
    public void WrongArityThroughAFunctionValueAtTopLevelNamesItsLine()
    {
        AssertError(
            """
            (define (g a) a)
            (define h g)

            (h 1 2)
            """,
            ErrorCodes.WrongArity,
            4);
    }

    [Fact]
    public void WrongArityOfALambdaValueNamesTheFile()
    {
        AssertErrorInFile(
            """
            (define (call-with-two f)
              (f 1 2))
            (call-with-two (lambda (x) x))
            """,
            ErrorCodes.WrongArity);
    }

    [Fact]
    public void IntegerOverflowIsAnErrorNotAWrap()
    {
        AssertError(
            """
            ;; 64-bit integers never wrap silently
            (define big 9223372036854775807)
            (* 9223372036854775807 2)
            """,
            ErrorCodes.IntegerOverflow,
            3);
    }

    [Fact]
    public void IntegerOverflowInAdditionInsideAFunctionNamesTheFile()
    {
        AssertErrorInFile(
            """
            (define (inc-big n)
              (+ n 1))
            (inc-big 9223372036854775807)
            """,
            ErrorCodes.IntegerOverflow);
    }

    [Theory]
    [InlineData("+", "Add", "9223372036854775807", "1")]
    [InlineData("+", "Add", "-9223372036854775808", "-1")]
    [InlineData("-", "Sub", "-9223372036854775808", "1")]
    [InlineData("-", "Sub", "9223372036854775807", "-1")]
    [InlineData("*", "Mul", "9223372036854775807", "2")]
    [InlineData("*", "Mul", "-9223372036854775808", "-1")]
    public void IntegerOverflowOnOperandsOfUnprovenTypeNamesTheFile(string op, string method, string a, string b)
    {
        var source = $"(define (f a b)\n  ({op} a b))\n(f {a} {b})\n";

        // Parameters have no proven type, so the operation takes the general Ops.X(object, object) path.
        Assert.Matches($@"return Ops\.{method}\(a__\d+, b__\d+\);", Harness.EmitCSharp(source));
        var (error, _) = AssertErrorInFile(source, ErrorCodes.IntegerOverflow);
        Assert.Contains($"integer overflow in ({op} {a} {b})", error.Message, StringComparison.Ordinal);
        // Line 2 is the operation (what this runtime reports today); 3 is the calling form, where the
        // location falls back when the JIT loses the function's frame (the open bug above).
        Assert.Contains(error.Location!.Value.Line, new[] { 2, 3 });
    }

    [Fact]
    public void DivisionByZeroInsideAFunctionNamesTheFile()
    {
        AssertErrorInFile(
            """
            (define (ratio a b)
              (/ a b))
            (ratio 1 0)
            """,
            ErrorCodes.DivideByZero);
    }

    [Fact]
    public void ErrorAfterALambdaInTheSameFormNamesTheFormsLine()
    {
        // The lambda's body carries its own #line directives; the code after it maps back to the form.
        AssertError(
            """
            (define ok 1)
            (let ((f (lambda (x)
                       (* x 2))))
              (car (f 1)))
            """,
            ErrorCodes.TypeMismatch,
            2);
    }

    [Fact]
    public void DivisionByZeroAtTopLevelAfterBlankLinesNamesItsLine()
    {
        AssertError("(define a 1)\n\n(/ a 0)\n", ErrorCodes.DivideByZero, 3);
    }

    [Fact]
    public void ErrorInAFunctionWhoseFrameIsLostNamesTheCallingForm()
    {
        // (/ a b) is the function's tail call: the JIT replaces the function's frame with the callee's,
        // so the innermost .ai location left is the top-level form that called it.
        var (error, _) = AssertErrorInFile("(define (ratio a b)\n  (/ a b))\n(define r 0)\n(ratio 1 r)\n", ErrorCodes.DivideByZero);
        Assert.Contains(error.Location!.Value.Line, new[] { 2, 4 });
    }

    [Fact]
    public void ModuloByZeroIsDivisionByZero()
    {
        AssertError("(define n 0)\n(% 10 n)", ErrorCodes.DivideByZero, 2);
    }

    [Fact]
    public void UncaughtThrowNamesItsLine()
    {
        AssertError(
            """
            (define (fail)
              (throw {:reason "bad"}))
            (+ 1 (fail))
            """,
            ErrorCodes.Uncaught,
            2);
    }

    [Fact]
    public void UncaughtThrowCarriesTheThrownValue()
    {
        var error = Harness.RunExpectingError("(throw {:reason \"bad\"})", out _);
        var thrown = Assert.IsType<FluentAIThrow>(error);
        Assert.Equal("{:reason \"bad\"}", Values.Printer.Print(thrown.Thrown));
    }

    [Fact]
    public void MatchWithNoMatchingClauseIsNilNotAnError() =>
        Assert.Equal(
            "(:one nil nil)",
            Harness.Run(
                """
                (define (f x)
                  (match x
                    (1 :one)))
                (list (f 1) (f 2) (let ((v (match "s" (1 :one)))) v))
                """));

    [Fact]
    public void ErrorInsideALambdaNamesTheFile()
    {
        AssertErrorInFile(
            """
            (map (lambda (x)
                   (/ 10 x))
                 [1 2 0])
            """,
            ErrorCodes.DivideByZero);
    }

    [Fact]
    public void ErrorInATopLevelFormAfterOthersNamesItsLine()
    {
        AssertError("(define a 1)\n(define b 2)\n(+ a b)\n(car 5)\n", ErrorCodes.TypeMismatch, 4);
    }
    [Theory]
    [InlineData("(define (f x)\n  (match x\n    (0 \"zero\")\n    (n (+ n \"a\"))))\n(f 5)\n", 4, 8)]
    [InlineData("(define (f x)\n  (match x\n    ((list a b) (+ a b))\n    ((list a b c) (+ a \"c\"))\n    (_ 0)))\n(f (list 1 2 3))\n", 4, 19)]
    [InlineData("(define (k x)\n  (try\n    (car x)\n    (catch e\n      (+ e 1))))\n(k 3)\n", 5, 7)]
    [InlineData("(define (k x)\n  (try\n    (car x)\n    (catch (list a b)\n      a)\n    (catch e\n      (println \"got\" e)\n      (+ e 1))))\n(k 3)\n", 8, 7)]
    public void AFailureInAClauseBodyIsReportedAtThatBody(string source, int line, int column)
    {
        // A #line maps the lines after it relative to the first: a clause's tests and bindings, left
        // unmapped, drifted past the previous clause (to line 9 of a 5-line file), and the JIT blames a
        // failure in the body on the statement before it.
        var (error, _) = AssertErrorInFile(source, ErrorCodes.TypeMismatch);
        Assert.Equal((line, column), (error.Location!.Value.Line, error.Location!.Value.Column));
    }
}
