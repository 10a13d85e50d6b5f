using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary><see cref="PluginHost.Modules"/>: the loaded modules with their versions, imports and importers.</summary>
public sealed class ModuleGraphTests
{
    [Fact]
    public async Task ModulesListsEveryLoadedModuleInDependencyOrderWithVersionsImportsAndImporters()
    {
        using var folder = new HostFolder();
        var lib = folder.Write("lib.ai", "(module lib (export f))\n(define (f) 1)\n(define (hidden) 0)");
        var mid = folder.Write("mid.ai", "(module mid (export g))\n(import \"lib\" (f))\n(define (g) (f))");
        var app = folder.Write("app.ai", "(import \"mid\" (g))\n(import \"lib\" (f))\n(define (h) (+ (f) (g)))");
        folder.Write("unused.ai", "(define (u) 0)");
        folder.Host.Load("app.ai");

        Assert.Equal(
            [
                ("lib", 1L, "", $"{app} {mid}", "f"),
                ("mid", 1L, lib, app, "g"),
                ("app", 1L, $"{mid} {lib}", "", "h"),
            ],
            folder.Host.Modules.Select(m => (m.Name, m.Version, string.Join(' ', m.Imports), string.Join(' ', m.ImportedBy), string.Join(' ', m.Exports))));
        Assert.Equal([lib, mid, app], folder.Host.Modules.Select(m => m.Path));

        folder.Write("mid.ai", "(module mid (export g))\n(import \"lib\" (f))\n(define (g) (* 2 (f)))");
        var result = folder.Host.Reload("mid.ai");

        Assert.Equal([1L, 2L, 2L], folder.Host.Modules.Select(m => m.Version));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }
}
