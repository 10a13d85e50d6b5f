namespace FluentAI.Plugins.Loader.Tests;

public sealed class RollbackTests
{
    [Fact]
    public async Task RollbackReturnsToThePreviousVersionThroughTheSameSlots()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(define (f) 1)");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define v (f))\n(define (g) v)");
        folder.Host.Load("app.ai");
        var g = folder.Host.GetSlot("app.ai", "g");
        folder.Write("lib.ai", "(define (f) 2)");
        folder.Host.Reload("lib.ai");
        Assert.Equal(2L, g.Invoke());

        var result = folder.Host.Rollback("lib.ai");

        Assert.Equal(1L, g.Invoke());
        Assert.Equal(3, folder.Host.VersionOf("lib.ai"));
        Assert.Equal(0, folder.Host.Cache.Misses - 3);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        Assert.Throws<InvalidOperationException>(() => folder.Host.Rollback("app.ai"));
    }
}
