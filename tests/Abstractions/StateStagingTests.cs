using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Abstractions.Tests;

/// <summary>A reload's state changes are its own until it publishes them; nobody's write is lost meanwhile.</summary>
public sealed class StateStagingTests
{
    [Fact]
    public void TheStagingFlowSeesWhatItStagedEveryoneElseTheCommittedValueUntilPublished()
    {
        var cell = new StateCell("m.ai", "counter", 1, 10L);
        using var staging = new StateStaging();
        staging.Set(cell, 2, 1000L);

        Assert.Equal((2L, 1000L), (cell.Version, cell.Value));
        Assert.Equal((1L, 10L), Outside(() => (cell.Version, cell.Value)));

        staging.Publish();
        Assert.Equal((2L, 1000L), Outside(() => (cell.Version, cell.Value)));
        Assert.Equal((2L, 1000L), (cell.Version, cell.Value));
    }

    [Fact]
    public void WritesByTheStagingFlowAreDiscardedWithIt()
    {
        var cell = new StateCell("m.ai", "counter", 1, 10L);
        var staging = new StateStaging();
        Assert.Equal(0L, cell.Reset(0L));
        Assert.Equal(5L, cell.Swap(n => (long)n! + 5));
        Assert.Equal(10L, Outside(() => cell.Value));

        staging.Dispose();
        Assert.Equal(10L, cell.Value);

        // The staging is closed: writes from this flow go straight to the cell again.
        cell.Reset(11L);
        Assert.Equal(11L, Outside(() => cell.Value));
    }

    [Theory]
    [InlineData(true, 1005L)]
    [InlineData(false, 15L)]
    public async Task AWriteFromOutsideWaitsForTheStagingThenAppliesToWhatItLeft(bool publish, long expected)
    {
        var cell = new StateCell("m.ai", "counter", 1, 10L);
        var staging = new StateStaging();
        staging.Hold(cell);
        var writer = StartOutside(() => cell.Swap(n => (long)n! + 5));

        // Held: the write cannot finish, however long it is given.
        Assert.NotSame(writer, await Task.WhenAny(writer, Task.Delay(100)));
        staging.Set(cell, 2, (long)cell.Value! * 100);
        if (publish)
        {
            staging.Publish();
        }
        else
        {
            staging.Dispose();
        }

        Assert.Equal(expected, await writer);
        Assert.Equal(expected, cell.Value);
        Assert.Equal(publish ? 2L : 1L, cell.Version);
    }

    [Fact]
    public async Task AWriteFromOutsideFailsClearlyWhenTheStagingOutlastsItsWait()
    {
        var cell = new StateCell("m.ai", "sessions", 1, 10L);
        using var staging = new StateStaging(TimeSpan.FromMilliseconds(20));
        staging.Hold(cell);

        var e = await Assert.ThrowsAsync<FluentAIException>(() => StartOutside(() => cell.Reset(0L)));
        Assert.Equal(ErrorCodes.Timeout, e.Code);
        Assert.Contains("state sessions is held by a reload", e.Message, StringComparison.Ordinal);
        Assert.Equal(10L, Outside(() => cell.Value));
    }

    [Fact]
    public void ANestedStagingWritesIntoTheCellsItsOuterStagingHolds()
    {
        var cell = new StateCell("m.ai", "counter", 1, 10L);
        using var outer = new StateStaging();
        outer.Hold(cell);
        using (new StateStaging())
        {
            // Not blocked (it runs inside the holder) and not its own: it survives the inner staging.
            Assert.Equal(11L, cell.Swap(n => (long)n! + 1));
        }

        Assert.Equal(11L, cell.Value);
        Assert.Equal(10L, Outside(() => cell.Value));
        outer.Publish();
        Assert.Equal(11L, Outside(() => cell.Value));
    }

    [Fact]
    public async Task ConcurrentWritersFromOutsideAreAllKeptAcrossAStagedMigration()
    {
        var cell = new StateCell("m.ai", "counter", 1, 0L);
        var writers = Enumerable.Range(0, 4).Select(_ => StartOutside(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                cell.Swap(n => (long)n! + 1);
            }

            return 0L;
        })).ToList();

        // A migration to v2 that adds a million, while the writers run.
        var staging = new StateStaging();
        staging.Hold(cell);
        var before = (long)cell.Value!;
        staging.Set(cell, 2, before + 1_000_000);
        staging.Publish();
        await Task.WhenAll(writers);

        Assert.Equal(1_004_000L, cell.Value);
    }

    [Fact]
    public async Task AWriteByTheStagingsOwnTaskThatRacesItsPublishingIsKept()
    {
        var cell = new StateCell("m.ai", "counter", 1, 0L);
        var staging = new StateStaging();
        staging.Hold(cell);
        using var computed = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        cell.StagedWriteComputed = () =>
        {
            computed.Set();
            release.Wait();
        };

        // Started inside the staging's flow (as a task a reload's top-level code starts); it stops after
        // computing 0 + 1 from the staged value, before the lock, and the staging publishes right then.
        var writer = Task.Run(() => cell.Swap(n => (long)n! + 1));
        computed.Wait();
        staging.Publish();
        release.Set();

        Assert.Equal(1L, await writer);
        Assert.Equal((1L, 1L), Outside(() => (cell.Version, cell.Value)));
    }

    private static T Outside<T>(Func<T> read) => StartOutside(read).GetAwaiter().GetResult();

    /// <summary>
    /// Runs <paramref name="body"/> on a new thread that does not inherit this flow's staging, as a
    /// caller elsewhere would (a pool task could be run inline by a wait, inside the flow).
    /// </summary>
    private static Task<T> StartOutside<T>(Func<T> body)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(body());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }).UnsafeStart();
        return done.Task;
    }
}
