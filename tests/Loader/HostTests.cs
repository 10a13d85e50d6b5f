using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class HostTests
{
    [Fact]
    public void LoadRunsTopLevelFormsAndCallReachesExports()
    {
        using var folder = new ModuleFolder();
        folder.Write("math.ai", "(define (square x) (* x x))\n(square 7)");
        var module = folder.Host.Load("math.ai");
        Assert.Equal(49L, module.Result);
        Assert.Equal(81L, folder.Host.Call("math.ai", "square", 9L));
    }

    [Fact]
    public void ImportedFunctionsAreCalledAcrossContexts()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(module lib (export add rate))\n(define rate 5)\n(define (add a b) (+ a b))");
        folder.Write("app.ai", "(import \"lib\" (add rate))\n(define captured (* rate 100))\n(add captured 1)");
        Assert.Equal(501L, folder.Host.Load("app.ai").Result);
    }

    [Fact]
    public void ModuleContextIsCollectedAfterUnload()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (f x) (+ x 1))\n(f 1)");
        var weak = LoadAndForget(folder.Host);
        var reports = folder.Host.UnloadAll();
        Assert.All(reports, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
        Assert.NotEmpty(reports);
        Assert.False(weak.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadAndForget(PluginHost host)
    {
        host.Load("m.ai");
        Assert.Equal(3L, host.Call("m.ai", "f", 2L));
        var fn = Assert.IsType<CompiledFn1>(host.GetSlot("m.ai", "f").Target);
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(fn.Owner.Assembly);
        Assert.NotSame(System.Runtime.Loader.AssemblyLoadContext.Default, context);
        return new WeakReference(context);
    }

    [Fact]
    public async Task ReloadSwapsCodeBehindTheSameSlotAndUnloadsTheOldContext()
    {
        using var folder = new ModuleFolder();
        folder.Write("h.ai", "(define (handle x) (+ x 1))");
        folder.Host.Load("h.ai");
        var slot = folder.Host.GetSlot("h.ai", "handle");
        Assert.Equal(6L, slot.Invoke(5L));

        folder.Write("h.ai", "(define (handle x) (* x 2))");
        var result = folder.Host.Reload("h.ai");

        Assert.Equal("Reloaded 1 functions, migrated 0 state values", result.ToString());
        Assert.Equal(10L, slot.Invoke(5L));
        Assert.Equal(2, folder.Host.VersionOf("h.ai"));
        var unloads = await result.UnloadVerification;
        Assert.All(unloads, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
        Assert.Single(unloads);
    }

    [Fact]
    public async Task ReloadCascadesToDependentsSoLoadTimeValuesAreFresh()
    {
        using var folder = new ModuleFolder();
        folder.Write("rates.ai", "(define rate 5)");
        folder.Write("app.ai", "(import \"rates\" (rate))\n(define captured (* rate 100))\n(define (get-captured) captured)");
        folder.Host.Load("app.ai");
        var getter = folder.Host.GetSlot("app.ai", "get-captured");
        Assert.Equal(500L, getter.Invoke());

        folder.Write("rates.ai", "(define rate 7)");
        var result = folder.Host.Reload("rates.ai");

        Assert.Equal(700L, getter.Invoke());
        Assert.Equal(["changed", "depends on rates.ai"], result.Modules.Select(m => m.Reason));
        var unloads = await result.UnloadVerification;
        Assert.Equal(2, unloads.Count);
        Assert.All(unloads, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
    }

    [Fact]
    public void BrokenEditIsRejectedAndTheRunningVersionKeepsServing()
    {
        using var folder = new ModuleFolder();
        folder.Write("h.ai", "(define (handle x) (+ x 1))");
        folder.Host.Load("h.ai");
        var slot = folder.Host.GetSlot("h.ai", "handle");

        folder.Write("h.ai", "(define (handle x) (+ x 1)");
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("h.ai"));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(ErrorCodes.UnclosedList, error.Code);
        Assert.EndsWith("h.ai", error.Span.File, StringComparison.Ordinal);
        Assert.Equal(6L, slot.Invoke(5L));
        Assert.Equal(1, folder.Host.VersionOf("h.ai"));
    }

    [Fact]
    public void RemovingAnExportADependentUsesRejectsTheReload()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(define (f x) x)");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define (g) (f 1))");
        folder.Host.Load("app.ai");

        folder.Write("lib.ai", "(define (h x) x)");
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("lib.ai"));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(ErrorCodes.NotExported, error.Code);
        Assert.EndsWith("app.ai", error.Span.File, StringComparison.Ordinal);
        Assert.Equal(1L, folder.Host.Call("app.ai", "g"));
    }

    [Fact]
    public void ExceptionInTopLevelFormsRejectsTheReloadAndNamesTheLine()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define x 1)");
        folder.Host.Load("m.ai");

        folder.Write("m.ai", "(define x 2)\n(car 5)");
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));

        var error = Assert.IsType<FluentAIException>(result.Error);
        Assert.Equal(ErrorCodes.TypeMismatch, error.Code);
        Assert.Equal(2, error.Location?.Line);
        Assert.Equal(1L, folder.Host.GetSlot("m.ai", "x").Value);
    }

    [Fact]
    public void ReplRedefinitionTakesEffectForClosuresMadeBefore()
    {
        using var folder = new ModuleFolder();
        var repl = new ReplSession(folder.Host);
        Assert.True(repl.Evaluate("(defn helper (x) (+ x 1))").IsDefinition);
        Assert.Equal(6L, repl.Evaluate("(helper 5)").Value);
        repl.Evaluate("(define call-helper (lambda (x) (helper x)))");
        repl.Evaluate("(defn helper (x) (* x 2))");
        Assert.Equal(10L, repl.Evaluate("(helper 5)").Value);
        Assert.Equal(10L, repl.Evaluate("(call-helper 5)").Value);
    }

    [Fact]
    public void RuntimeErrorNamesTheAiFileAndLine()
    {
        using var folder = new ModuleFolder();
        folder.Write("bad.ai", "(define (f x)\n  (x 1))\n(f 5)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("bad.ai")).Error!;
        Assert.Equal(ErrorCodes.NotCallable, e.Code);
        Assert.EndsWith("bad.ai", e.Location?.File, StringComparison.Ordinal);
        Assert.Equal(2, e.Location?.Line);
        Assert.Equal(3, e.Location?.Column);
        Assert.Contains("cannot call a non-function: 5", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, folder.Host.VersionOf("bad.ai"));
    }

    [Fact]
    public void PrinterWritesSpecFormats()
    {
        using var folder = new ModuleFolder();
        var repl = new ReplSession(folder.Host);
        Assert.Equal("(120 3.5 \"text\" #t #f nil :kw (1 2 3) {:a 1, :b \"x\"})", Printer.Print(repl.Evaluate("[120 3.5 \"text\" #t false nil :kw '(1 2 3) {:a 1 :b \"x\"}]").Value));
    }
}
