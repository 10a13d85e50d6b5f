using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class HostFunctionAndReplTests
{
    [Fact]
    public void ModulesImportFunctionsTheHostRegisters()
    {
        using var folder = new ModuleFolder();
        var seen = new List<object?>();
        folder.Host.Register("log!", x => { seen.Add(x); return null; });
        folder.Host.Register("twice", x => (long)x! * 2);
        folder.Write("m.ai", "(import \"host\" (log! twice))\n(log! \"loaded\")\n(twice 21)");
        Assert.Equal(42L, folder.Host.Load("m.ai").Result);
        Assert.Equal(["loaded"], seen);
    }

    [Fact]
    public void ImportingAnUnregisteredHostFunctionIsACompileError()
    {
        using var folder = new ModuleFolder();
        folder.Host.Register("twice", x => (long)x! * 2);
        folder.Write("m.ai", "(import \"host\" (thrice))");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai"));
        Assert.Contains(e.Diagnostics, d => d.Code == ErrorCodes.NotExported && d.Message.Contains("thrice", StringComparison.Ordinal));
    }

    [Fact]
    public void ReplInAModuleScopeSeesItsImportsAndFollowsHotReload()
    {
        using var folder = new ModuleFolder();
        folder.Write("rates.ai", "(define rate 5)");
        folder.Write("app.ai", "(import \"rates\" (rate))\n(define (price n) (* n rate))");
        var repl = new ReplSession(folder.Host, "app.ai");
        Assert.Equal(50L, repl.Evaluate("(price 10)").Value);
        Assert.Equal(5L, repl.Evaluate("rate").Value);

        folder.Write("rates.ai", "(define rate 7)");
        var summary = repl.Evaluate("(hot-reload \"rates.ai\")").Value;

        Assert.Equal("Reloaded 1 functions, migrated 0 state values", Printer.Print(summary));
        Assert.Equal(70L, repl.Evaluate("(price 10)").Value);
        Assert.Equal(7L, repl.Evaluate("rate").Value);
    }

    [Fact]
    public void HotReloadOfABrokenFileIsAnErrorAndKeepsTheOldVersion()
    {
        using var folder = new ModuleFolder();
        folder.Write("app.ai", "(define (price n) (* n 5))");
        var repl = new ReplSession(folder.Host, "app.ai");
        folder.Write("app.ai", "(define (price n) (* n 5)");
        Assert.ThrowsAny<FluentAIException>(() => repl.Evaluate("(hot-reload \"app.ai\")"));
        Assert.Equal(50L, repl.Evaluate("(price 10)").Value);
    }

    [Fact]
    public async Task HotReloadFromModuleCodeGoesThroughTheHostThatLoadedTheModule()
    {
        using var first = new ModuleFolder();
        using var second = new ModuleFolder();
        first.Write("r.ai", "(define (answer) 1)");
        first.Host.Load("r.ai");
        second.Write("r.ai", "(define (answer) 10)\n(define (reload-me!) (hot-reload \"r.ai\"))");
        second.Host.Load("r.ai");

        var unloaded = new TaskCompletionSource<HostEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.Host.Events += (_, e) =>
        {
            if (e.Event is "unload" or "unload-failed")
            {
                unloaded.TrySetResult(e);
            }
        };
        second.Write("r.ai", "(define (answer) 20)\n(define (reload-me!) (hot-reload \"r.ai\"))");
        var summary = (Hosting.ReloadSummary)second.Host.Call("r.ai", "reload-me!")!;

        Assert.True(summary.Ok, summary.Text);
        Assert.Equal(20L, second.Host.Call("r.ai", "answer"));
        Assert.Equal(2L, second.Host.VersionOf("r.ai"));
        Assert.Equal((1L, 1L), (first.Host.VersionOf("r.ai"), (long)first.Host.Call("r.ai", "answer")!));

        // The replaced version unloads, though the reload ran inside one of its own calls.
        var unload = await unloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(unload is { Event: "unload", Ok: true, FromVersion: 1 }, unload.ToString());
    }

    [Fact]
    public void HostFunctionsStayRegisteredAcrossUnloadAll()
    {
        using var folder = new ModuleFolder();
        folder.Host.Register("twice", x => (long)x! * 2);
        folder.Write("m.ai", "(import \"host\" (twice))\n(define (f x) (twice x))");
        Assert.Equal(4L, folder.Host.Call("m.ai", "f", 2));

        Assert.All(folder.Host.UnloadAll(), r => Assert.True(r.Unloaded, r.Holder));

        Assert.Equal(6L, folder.Host.Call("m.ai", "f", 3));
    }
}
