namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Slots and proxies the host holds import from a module as another module does: a reload may not take away what they call.</summary>
public sealed class HostHoldTests
{
    public interface IGreeter
    {
        string Greet(string name);
    }

    [Fact]
    public void RemovingAFunctionTheHostHoldsASlotForRejectsTheReloadNamingItAndTheHolder()
    {
        using var folder = new ModuleFolder();
        folder.Write("r.ai", "(define (f) 1)\n(define (g) 2)");
        var g = folder.Host.GetSlot("r.ai", "g");

        folder.Write("r.ai", "(define (f) 1)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("r.ai"));

        var error = Assert.Single(e.Diagnostics);
        Assert.Equal(ErrorCodes.ExportRemoved, error.Code);
        Assert.Contains("no longer defines 'g', but the host holds a slot for 'g' from GetSlot", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, g.Invoke());
        Assert.Equal(1, folder.Host.VersionOf("r.ai"));
    }

    [Fact]
    public void ChangingTheArityOfAHeldFunctionRejectsTheReloadAtTheNewDefinition()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("r.ai", "(define (g x) x)");
        var g = folder.Host.GetSlot("r.ai", "g");

        folder.Write("r.ai", "(define x 0)\n(define (g x y) x)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("r.ai"));

        var error = Assert.Single(e.Diagnostics);
        Assert.Equal(ErrorCodes.ExportArityChanged, error.Code);
        Assert.Equal((file, 2, 1), (error.Span.File, error.Span.Line, error.Span.Column));
        Assert.Contains("defines (g ...) with 2 parameter(s), but the host holds a slot for 'g' from GetSlot that calls it with 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(7L, g.Invoke(7L));
    }

    [Fact]
    public async Task AReleasedSlotNoLongerHoldsTheName()
    {
        using var folder = new ModuleFolder();
        folder.Write("r.ai", "(define (f) 1)\n(define (g) 2)");
        var g = folder.Host.GetSlot("r.ai", "g");
        Assert.True(folder.Host.Release(g));
        Assert.False(folder.Host.Release(g));

        folder.Write("r.ai", "(define (f) 1)");
        var result = folder.Host.Reload("r.ai");

        Assert.Equal(2, folder.Host.VersionOf("r.ai"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task AProxyHoldsTheFunctionsItsInterfaceCallsUntilReleased()
    {
        using var folder = new ModuleFolder();
        folder.Write("h.ai", "(define (greet n) (str \"hi \" n))");
        var proxy = folder.Host.As<IGreeter>("h.ai");

        folder.Write("h.ai", "(define (greet a b) a)");
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("h.ai"));
        Assert.Contains("the host holds a typed proxy for IGreeter that calls it with 1", e.Message, StringComparison.Ordinal);
        Assert.Equal("hi x", proxy.Greet("x"));

        folder.Write("h.ai", "(define (greeting n) n)");
        Assert.Contains("no longer defines 'greet', but the host holds a typed proxy for IGreeter", Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("h.ai")).Message, StringComparison.Ordinal);

        Assert.True(folder.Host.Release(proxy));
        var result = folder.Host.Reload("h.ai");
        Assert.Equal(2, folder.Host.VersionOf("h.ai"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void CallAndGetSlotOrNullOfAnUnloadedModuleHoldNothing()
    {
        using var folder = new ModuleFolder();
        folder.Write("r.ai", "(define (f) 1)\n(define (g) 2)");
        Assert.Equal(2L, folder.Host.Call("r.ai", "g"));
        Assert.Null(folder.Host.GetSlotOrNull("r.ai", "missing"));

        folder.Write("r.ai", "(define (f) 1)");
        folder.Host.Reload("r.ai");

        Assert.Equal(2, folder.Host.VersionOf("r.ai"));
    }
}
