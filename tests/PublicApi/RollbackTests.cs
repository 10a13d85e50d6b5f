using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary><see cref="PluginHost.Rollback"/>: back one version, code and state, through the same slots.</summary>
public sealed class RollbackTests
{
    private const string V1 = "(define-stateful n :version 1 :state 0)\n(define (bump!) (swap! n inc))\n(define (value) (deref n))\n(define (which) \"one\")";
    private const string V2 = "(define-stateful n :version 2 :state 0 :migrate-from {1 (lambda (x) (* x 100))})\n(define (bump!) (swap! n inc))\n(define (value) (deref n))\n(define (which) \"two\")";

    [Fact]
    public async Task RollbackRestoresThePreviousCodeAndTheStateItHadBeforeTheReload()
    {
        using var folder = new HostFolder();
        var file = folder.Write("c.ai", V1);
        var which = folder.Host.GetSlot("c.ai", "which");
        var value = folder.Host.GetSlot("c.ai", "value");
        for (var i = 0; i < 3; i++)
        {
            folder.Host.Call("c.ai", "bump!");
        }

        folder.Write("c.ai", V2);
        var reload = folder.Host.Reload("c.ai");
        Assert.Equal(("two", 300L), (which.Invoke(), value.Invoke()));
        Assert.All(await reload.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));

        var rollback = folder.Host.Rollback("c.ai");

        Assert.Equal(("one", 3L), (which.Invoke(), value.Invoke()));
        Assert.Equal([new ReloadedModule(file, 2, 3, "rolled back")], rollback.Modules);
        Assert.Equal(3, folder.Host.VersionOf("c.ai"));
        Assert.All(await rollback.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task RollbackReInstantiatesTheModulesThatImportIt()
    {
        using var folder = new HostFolder();
        folder.Write("lib.ai", "(define (f) 1)");
        var app = folder.Write("app.ai", "(import \"lib\" (f))\n(define v (f))\n(define (g) v)");
        var g = folder.Host.GetSlot("app.ai", "g");
        folder.Write("lib.ai", "(define (f) 2)");
        var reload = folder.Host.Reload("lib.ai");
        Assert.Equal(2L, g.Invoke());
        Assert.All(await reload.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));

        var rollback = folder.Host.Rollback("lib.ai");

        Assert.Equal(1L, g.Invoke());
        Assert.Contains(new ReloadedModule(app, 2, 3, "depends on lib.ai"), rollback.Modules);
        Assert.All(await rollback.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }
}
