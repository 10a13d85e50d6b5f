namespace FluentAI.Plugins.Loader.Tests;

public sealed class CycleTests
{
    [Fact]
    public async Task ImportCyclesLoadAndReloadAsOneUnit()
    {
        using var folder = new ModuleFolder();
        folder.Write("even.ai", "(import \"odd\" (odd?))\n(define (even? n) (if (= n 0) #t (odd? (- n 1))))");
        folder.Write("odd.ai", "(import \"even\" (even?))\n(define (odd? n) (if (= n 0) #f (even? (- n 1))))");
        folder.Host.Load("even.ai");
        Assert.Equal(true, folder.Host.Call("even.ai", "even?", 10L));

        folder.Write("odd.ai", "(import \"even\" (even?))\n(define (odd? n) (if (= n 0) #f (if (= n 1) \"one\" (even? (- n 1)))))");
        var result = folder.Host.Reload("odd.ai");

        Assert.Equal(2, result.Modules.Count);
        Assert.Equal("one", folder.Host.Call("even.ai", "even?", 2L));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }
}
