namespace FluentAI.Plugins.Loader.Tests;

public sealed class GraphTests
{
    [Fact]
    public void TheGraphListsModulesInDependencyOrderWithVersionsAndEdges()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(module lib (export f))\n(define (f) 1)");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define (g) (f))");
        folder.Host.Load("app.ai");
        folder.Write("lib.ai", "(module lib (export f))\n(define (f) 2)");
        folder.Host.Reload("lib.ai");

        var modules = folder.Host.Modules;
        Assert.Equal(["lib", "app"], modules.Select(m => m.Name));
        Assert.Equal([2L, 2L], modules.Select(m => m.Version));
        Assert.Equal([folder.Host.FullPath("app.ai")], modules[0].ImportedBy);
        Assert.Equal([folder.Host.FullPath("lib.ai")], modules[1].Imports);
        Assert.Equal(["f"], modules[0].Exports);
    }
}
