using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary><see cref="ReplSession"/>: every definition a slot, so redefinitions take effect at once.</summary>
public sealed class ReplSessionTests
{
    [Fact]
    public void DefinitionsLastAcrossInputsAndARedefinitionReachesClosuresMadeBefore()
    {
        using var folder = new HostFolder();
        var repl = new ReplSession(folder.Host);

        Assert.True(repl.Evaluate("(defn helper (x) (+ x 1))").IsDefinition);
        Assert.Equal(new ReplOutcome(6L, false), repl.Evaluate("(helper 5)"));
        repl.Evaluate("(define call-helper (lambda (x) (helper x)))");
        var closure = (Fn)repl.Evaluate("call-helper").Value!;
        repl.Evaluate("(defn helper (x) (* x 2))");

        Assert.Equal(10L, repl.Evaluate("(call-helper 5)").Value);
        Assert.Equal(10L, closure.Invoke(5L));
    }

    [Fact]
    public async Task ASessionInTheScopeOfAModuleSeesItsDefinitionsAndImportsAndFollowsItsReloads()
    {
        using var folder = new HostFolder();
        folder.Write("lib.ai", "(module lib (export rate))\n(define rate 5)");
        folder.Write("app.ai", "(import \"lib\" (rate))\n(define (price n) (* n rate))");
        var repl = new ReplSession(folder.Host, "app.ai");
        Assert.Equal(10L, repl.Evaluate("(price 2)").Value);
        Assert.Equal(5L, repl.Evaluate("rate").Value);

        folder.Write("app.ai", "(import \"lib\" (rate))\n(define (price n) (* n rate 10))");
        var result = folder.Host.Reload("app.ai");

        Assert.Equal(100L, repl.Evaluate("(price 2)").Value);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void InputThatDoesNotCompileThrowsModuleLoadExceptionAndInputThatFailsThrowsFluentAIException()
    {
        using var folder = new HostFolder();
        var repl = new ReplSession(folder.Host);
        repl.Evaluate("(define x 1)");

        var compile = Assert.Throws<ModuleLoadException>(() => repl.Evaluate("(+ x nope)"));
        var run = Assert.Throws<FluentAIException>(() => repl.Evaluate("(car x)"));

        Assert.Equal(ErrorCodes.UnknownName, Assert.Single(compile.Diagnostics, d => d.IsError).Code);
        Assert.Equal(ErrorCodes.TypeMismatch, run.Code);
        Assert.Equal(1L, repl.Evaluate("x").Value);
    }
}
