using System.Runtime.CompilerServices;
using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Runtime.Tests;

public sealed class LargeStackTests
{
    private static readonly AsyncLocal<string?> Ambient = new();

    [Fact]
    public void RunsOnALargeStackAndReturnsTheResult()
    {
        Assert.False(LargeStack.OnLargeStack);
        // A million frames: far beyond a default 8 MB stack.
        Assert.Equal(1_000_000, LargeStack.Run(() => Depth(1_000_000)));
        Assert.True(LargeStack.Run(() => LargeStack.OnLargeStack));
    }

    [Fact]
    public void RethrowsTheBodysExceptionWithItsOwnType()
    {
        var e = Assert.Throws<InvalidOperationException>(() => LargeStack.Run<int>(() => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", e.Message);
    }

    [Fact]
    public void NestedRunsStayOnTheSameThread()
    {
        var (outer, inner) = LargeStack.Run(() => (Environment.CurrentManagedThreadId, LargeStack.Run(() => Environment.CurrentManagedThreadId)));
        Assert.Equal(outer, inner);
        Assert.NotEqual(Environment.CurrentManagedThreadId, outer);
    }

    [Fact]
    public void TheCallersAsyncLocalsFlowInAndTheBodysChangesDoNotFlowBack()
    {
        Ambient.Value = "caller";
        var seen = LargeStack.Run(() =>
        {
            var value = Ambient.Value;
            Ambient.Value = "body";
            return value;
        });
        Assert.Equal("caller", seen);
        Assert.Equal("caller", Ambient.Value);

        // A reused thread does not keep the previous caller's values.
        Ambient.Value = null;
        Assert.Null(LargeStack.Run(() => Ambient.Value));
    }

    [Fact]
    public void AReusedThreadKeepsNoReferenceToWhatItRan()
    {
        var weak = RunWithGarbage();
        for (var i = 0; i < 5 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(weak.IsAlive);
    }

    [Fact]
    public void ConcurrentCallersEachGetAThread()
    {
        using var bothInside = new Barrier(2);
        var ids = new int[2];
        var callers = Enumerable.Range(0, 2).Select(i => new Thread(() => ids[i] = LargeStack.Run(() =>
        {
            // Both bodies must run at once, or this barrier would time out.
            return bothInside.SignalAndWait(TimeSpan.FromSeconds(30)) ? Environment.CurrentManagedThreadId : -1;
        }))).ToList();
        callers.ForEach(t => t.Start());
        callers.ForEach(t => t.Join());
        Assert.DoesNotContain(-1, ids);
        Assert.NotEqual(ids[0], ids[1]);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference RunWithGarbage()
    {
        var payload = new object();
        var weak = new WeakReference(payload);
        LargeStack.Run(() => payload.GetHashCode());
        return weak;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Depth(int n) => n == 0 ? 0 : 1 + Depth(n - 1);
}
