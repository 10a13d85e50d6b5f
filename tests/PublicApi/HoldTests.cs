using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>
/// A slot from <see cref="PluginHost.GetSlot"/> or a proxy from <see cref="PluginHost.As{TInterface}"/>
/// makes the host an importer of what it calls: a reload may not take it away until it is released.
/// </summary>
public sealed class HoldTests
{
    public interface IGreeter
    {
        string Greet(string name);
    }

    [Fact]
    public async Task AReloadRemovingAHeldNameIsRejectedUntilTheSlotIsReleased()
    {
        using var folder = new HostFolder();
        folder.Write("r.ai", "(define (f) 1)\n(define (g) 2)");
        var g = folder.Host.GetSlot("r.ai", "g");

        folder.Write("r.ai", "(define (f) 1)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("r.ai"));

        var error = Assert.Single(e.Diagnostics, d => d.IsError);
        Assert.Equal(ErrorCodes.ExportRemoved, error.Code);
        Assert.Contains("the host holds a slot for 'g'", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, g.Invoke());

        Assert.True(folder.Host.Release(g));
        Assert.False(folder.Host.Release(g));
        var result = folder.Host.Reload("r.ai");
        Assert.Equal(2, folder.Host.VersionOf("r.ai"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task AReloadChangingTheArityOfAHeldFunctionIsRejectedUntilTheSlotIsReleased()
    {
        using var folder = new HostFolder();
        var file = folder.Write("r.ai", "(define (g x) x)");
        var g = folder.Host.GetSlot("r.ai", "g");

        folder.Write("r.ai", "(define (g x y) x)");
        var error = Assert.Single(Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("r.ai")).Diagnostics, d => d.IsError);

        Assert.Equal((ErrorCodes.ExportArityChanged, file, 1), (error.Code, error.Span.File, error.Span.Line));
        Assert.Equal(7L, g.Invoke(7));
        folder.Host.Release(g);
        var result = folder.Host.Reload("r.ai");
        Assert.Equal(2, g.Arity);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task AProxyHoldsTheFunctionsOfItsInterfaceUntilReleased()
    {
        using var folder = new HostFolder();
        folder.Write("h.ai", "(define (greet n) (str \"hi \" n))");
        var greeter = folder.Host.As<IGreeter>("h.ai");

        folder.Write("h.ai", "(define (welcome n) n)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("h.ai"));
        Assert.Contains("the host holds a typed proxy for IGreeter", e.Message, StringComparison.Ordinal);
        Assert.Equal("hi x", greeter.Greet("x"));

        Assert.True(folder.Host.Release(greeter));
        var result = folder.Host.Reload("h.ai");
        Assert.Equal(2, folder.Host.VersionOf("h.ai"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task CallHoldsNothing()
    {
        using var folder = new HostFolder();
        folder.Write("r.ai", "(define (f) 1)\n(define (g) 2)");
        Assert.Equal(2L, folder.Host.Call("r.ai", "g"));

        folder.Write("r.ai", "(define (f) 1)");
        var result = folder.Host.Reload("r.ai");

        Assert.Equal(2, folder.Host.VersionOf("r.ai"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }
}
