namespace FluentAI.Plugins.Loader.Tests;

public sealed class ConcurrencyUnloadTests
{
    [Fact]
    public async Task AModuleWhoseTasksFinishedUnloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("t.ai", "(define (work) (await (async (+ 1 2))))\n(define (both) (let ((ch (chan))) (spawn (send! ch 10)) (recv! ch)))");
        folder.Host.Load("t.ai");
        Assert.Equal(3L, folder.Host.Call("t.ai", "work"));
        Assert.Equal(10L, folder.Host.Call("t.ai", "both"));

        folder.Write("t.ai", "(define (work) 0)");
        var result = folder.Host.Reload("t.ai");
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task ATaskStillRunningIsNamedAsWhatKeepsTheContextAlive()
    {
        using var folder = new ModuleFolder();
        folder.Write("t.ai", "(define ch (chan))\n(define (start) (spawn (recv! ch)) nil)\n(define (release) (send! ch 1))");
        folder.Host.Load("t.ai");
        folder.Host.Call("t.ai", "start");
        var slot = folder.Host.GetSlot("t.ai", "release");
        var release = slot.Target!;
        folder.Host.Release(slot);

        folder.Write("t.ai", "(define (start) nil)");
        var result = folder.Host.Reload("t.ai");
        var report = Assert.Single(await result.UnloadVerification);

        Assert.False(report.Unloaded);
        Assert.Contains("task it started (async/spawn) still running", report.Holder, StringComparison.Ordinal);
        release.Invoke();
    }

    [Theory]
    [InlineData("(effect net:get \"x\")", ErrorCodes.UnhandledEffect)]
    [InlineData("(let ((ch (chan 1))) (close! ch) (recv! ch))", ErrorCodes.ChannelClosed)]
    [InlineData("(await (async (car 1)))", ErrorCodes.TypeMismatch)]
    [InlineData("(timeout 20 (async (recv! (chan))))", ErrorCodes.Timeout)]
    public void ConcurrencyAndEffectErrorsNameTheAiFileAndLine(string expression, string code)
    {
        using var folder = new ModuleFolder();
        folder.Write("e.ai", "(define x 1)\n" + expression);
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("e.ai")).Error!;
        Assert.Equal(code, e.Code);
        Assert.EndsWith("e.ai", e.Location?.File, StringComparison.Ordinal);
        Assert.Equal(2, e.Location?.Line);
    }
}
