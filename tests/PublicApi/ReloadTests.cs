using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>Reloading a module: new code behind the same slots, its importers re-instantiated, the old contexts unloaded.</summary>
public sealed class ReloadTests
{
    [Fact]
    public async Task AReloadSwapsTheCodeBehindASlotObtainedBefore()
    {
        using var folder = new HostFolder();
        var file = folder.Write("h.ai", "(define (handle x) (+ x 1))");
        var handle = folder.Host.GetSlot("h.ai", "handle");

        folder.Write("h.ai", "(define (handle x) (* x 2))");
        var result = folder.Host.Reload("h.ai");

        Assert.Equal(10L, handle.Invoke(5));
        Assert.Equal("Reloaded 1 functions, migrated 0 state values", result.ToString());
        Assert.Equal(result.ToString(), result.Report);
        Assert.Equal([new ReloadedModule(file, 1, 2, "changed")], result.Modules);
        Assert.Equal((1, 0), (result.Functions, result.MigratedStateValues));
        Assert.Empty(result.Warnings);
        Assert.Equal(2, folder.Host.VersionOf("h.ai"));
        var reports = await result.UnloadVerification;
        Assert.All(reports, r => Assert.True(r.Unloaded, r.Holder));
        Assert.Equal([(file, 1L)], reports.Select(r => (r.Module, r.Version)));
    }

    [Fact]
    public async Task AReloadCascadesToTheModulesThatImportItDependenciesFirst()
    {
        using var folder = new HostFolder();
        var rates = folder.Write("rates.ai", "(module rates (export rate))\n(define rate 5)");
        var prices = folder.Write("prices.ai", "(import \"rates\" (rate))\n(define unit (* rate 100))\n(define (price n) (* n unit))");
        var shop = folder.Write("shop.ai", "(import \"prices\" (price))\n(define (basket) (price 3))");
        var basket = folder.Host.GetSlot("shop.ai", "basket");
        Assert.Equal(1500L, basket.Invoke());

        folder.Write("rates.ai", "(module rates (export rate))\n(define rate 7)");
        var result = folder.Host.Reload("rates.ai");

        Assert.Equal(2100L, basket.Invoke());
        Assert.Equal(
            [new ReloadedModule(rates, 1, 2, "changed"), new ReloadedModule(prices, 1, 2, "depends on rates.ai"), new ReloadedModule(shop, 1, 2, "depends on prices.ai")],
            result.Modules);
        var reports = await result.UnloadVerification;
        Assert.All(reports, r => Assert.True(r.Unloaded, r.Holder));
        Assert.Equal(3, reports.Count);
    }

    [Fact]
    public async Task AReloadOfAModuleNotLoadedYetLoadsIt()
    {
        using var folder = new HostFolder();
        var file = folder.Write("m.ai", "(define (f) 1)");

        var result = folder.Host.Reload("m.ai");

        Assert.Equal([new ReloadedModule(file, 0, 1, "loaded")], result.Modules);
        Assert.Equal(1L, folder.Host.Call("m.ai", "f"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task AReloadWithAMigrationFromCSharpRewritesTheStateInTheSameTransaction()
    {
        using var folder = new HostFolder();
        folder.Write("c.ai", "(define-stateful hits :version 1 :state 0)\n(define (hit!) (swap! hits inc))\n(define (total) (deref hits))");
        folder.Host.Call("c.ai", "hit!");
        folder.Host.Call("c.ai", "hit!");

        var result = folder.Host.Reload("c.ai", new Lambda1("times-ten", old => (long)old! * 10));

        Assert.Equal(20L, folder.Host.Call("c.ai", "total"));
        Assert.Equal(1, result.MigratedStateValues);
        Assert.Equal(["Migrated hits from v1 to v1 (1 entries)"], result.Migrations);
        Assert.Equal("Migrated hits from v1 to v1 (1 entries)\nReloaded 2 functions, migrated 1 state values", result.Report);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }
}
