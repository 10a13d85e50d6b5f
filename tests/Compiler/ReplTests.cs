using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Compiler.Tests;

/// <summary>The compiler as a REPL drives it: one input at a time, earlier definitions visible as implicit names.</summary>
public sealed class ReplTests
{
    private static ReplSession NewSession(out PluginHost host)
    {
        host = Harness.CreateHost(Path.GetDirectoryName(Harness.WriteTemp(""))!);
        return new ReplSession(host);
    }

    [Fact]
    public void ExpressionsGiveTheirValue()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            var outcome = repl.Evaluate("(+ 1 2)");
            Assert.Equal("3", Printer.Print(outcome.Value));
            Assert.False(outcome.IsDefinition);
        }
    }

    [Fact]
    public void DefinitionsAreVisibleToLaterInputs()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            Assert.True(repl.Evaluate("(define (square x) (* x x))").IsDefinition);
            Assert.True(repl.Evaluate("(define base 10)").IsDefinition);
            Assert.Equal("110", Printer.Print(repl.Evaluate("(+ base (square base))").Value));
        }
    }

    [Fact]
    public void RedefinitionTakesEffectAlsoForEarlierClosures()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            repl.Evaluate("(define (greet) \"v1\")");
            repl.Evaluate("(define call-greet (lambda () (greet)))");
            Assert.Equal("\"v1\"", Printer.Print(repl.Evaluate("(call-greet)").Value));
            repl.Evaluate("(define (greet) \"v2\")");
            Assert.Equal("\"v2\"", Printer.Print(repl.Evaluate("(call-greet)").Value));
        }
    }

    [Fact]
    public void ArityOfAnEarlierDefinitionIsCheckedAtCompileTime()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            repl.Evaluate("(define (pair a b) [a b])");
            var error = Assert.Throws<ModuleLoadException>(() => repl.Evaluate("(pair 1)"));
            Assert.Equal("<repl>(1,2): error FAI1003: pair expects 2 arguments, got 1", Assert.Single(error.Diagnostics).ToString());
        }
    }

    [Fact]
    public void AnInputThatDoesNotCompileChangesNothing()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            repl.Evaluate("(define x 1)");
            Assert.Throws<ModuleLoadException>(() => repl.Evaluate("(define x 2) (undefined-name)"));
            Assert.Equal("1", Printer.Print(repl.Evaluate("x").Value));
        }
    }

    [Fact]
    public void RuntimeErrorsAreFluentAIExceptions()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            var error = Assert.ThrowsAny<FluentAIException>(() => repl.Evaluate("(/ 1 0)"));
            Assert.Equal(ErrorCodes.DivideByZero, error.Code);
            Assert.Equal("2", Printer.Print(repl.Evaluate("(+ 1 1)").Value));
        }
    }

    [Fact]
    public void AClosureKeepsTheLocalItAssignsAcrossInputs()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            repl.Evaluate("(define counter (let ((n 0)) (lambda () (set! n (+ n 1)) n)))");
            Assert.Equal(["1", "2", "3"], new[] { "(counter)", "(counter)", "(counter)" }.Select(i => Printer.Print(repl.Evaluate(i).Value)));
            Assert.Equal("(nil 5)", Printer.Print(repl.Evaluate("(define y 1) (define (set-y!) (set! y 5)) [(set-y!) y]").Value));
        }
    }

    [Fact]
    public void ASetOfAnEarlierInputsDefinitionSaysToDefineItAgain()
    {
        var repl = NewSession(out var host);
        using (host)
        {
            repl.Evaluate("(define x 1)");
            var error = Assert.Throws<ModuleLoadException>(() => repl.Evaluate("(set! x 2)"));
            Assert.Equal(
                "<repl>(1,7): error FAI1015: set! of 'x', a definition of an earlier REPL input or of the REPL's module: give it a new value here with (define x value)",
                Assert.Single(error.Diagnostics).ToString());
            repl.Evaluate("(define x 2)");
            Assert.Equal("2", Printer.Print(repl.Evaluate("x").Value));
        }
    }
}
