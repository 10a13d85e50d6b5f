namespace FluentAI.Plugins.Loader.Tests;

public sealed class CascadeTests
{
    [Fact]
    public async Task ReloadingTheEndOfAChainReinstantiatesEveryTransitiveImporter()
    {
        using var folder = new ModuleFolder();
        var c = folder.Write("c.ai", "(module c (export value))\n(define (value) 1)");
        var b = folder.Write("b.ai", "(module b (export get))\n(import \"c\")\n(define base (* (c.value) 10))\n(define (get) base)");
        var a = folder.Write("a.ai", "(module a (export read))\n(import \"b\")\n(define snapshot (b.get))\n(define (read) snapshot)");
        folder.Host.Load("a.ai");
        var read = folder.Host.GetSlot("a.ai", "read");
        Assert.Equal(10L, read.Invoke());

        folder.Write("c.ai", "(module c (export value))\n(define (value) 2)");
        var result = folder.Host.Reload("c.ai");

        // a's load-time value went through b to c: it is fresh only if a, which does not import c, ran again.
        Assert.Equal(20L, read.Invoke());
        Assert.Equal(20L, folder.Host.Call("b.ai", "get"));
        Assert.Equal(
            [
                new ReloadedModule(c, 1, 2, "changed"),
                new ReloadedModule(b, 1, 2, "depends on c.ai"),
                new ReloadedModule(a, 1, 2, "depends on b.ai"),
            ],
            result.Modules);
        var unloads = await result.UnloadVerification;
        Assert.Equal(3, unloads.Count);
        Assert.All(unloads, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
    }
}
