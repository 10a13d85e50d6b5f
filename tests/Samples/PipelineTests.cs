using Pipeline;

namespace FluentAI.Plugins.Samples.Tests;

/// <summary>
/// plugins/Pipeline as its README section promises: records flow through bounded channels to process-record
/// while its rules reload, and none is lost, processed twice, or processed by a version other than the one
/// the switch point gives it. CI runs 100,000 records and 20 reloads; FLUENTAI_SOAK=1 runs 1,000,000 and 100.
/// </summary>
public sealed class PipelineTests
{
    private static bool Soak => Environment.GetEnvironmentVariable("FLUENTAI_SOAK") == "1";

    private static PipelineOptions Options(long records, int reloads, int workers = 2, int capacity = 1024, int brokenEvery = 0) => new()
    {
        Records = records,
        Reloads = reloads,
        Workers = workers,
        Capacity = capacity,
        BrokenEvery = brokenEvery,
        RulesFolder = Path.Combine(AppContext.BaseDirectory, "rules"),
    };

    [Fact]
    public async Task RecordsFlowThroughEveryReloadWithNoneLostDuplicatedOrProcessedByTheWrongVersion()
    {
        var options = Soak ? Options(1_000_000, 100, workers: 4) : Options(100_000, 20, workers: 4);

        var result = await PipelineRun.RunAsync(options, log: null, CancellationToken.None);

        var check = result.Check;
        Assert.Equal(options.Records, check.Produced);
        Assert.Equal(options.Records, check.Received);
        Assert.Equal(0, check.Lost);
        Assert.Equal(0, check.Duplicates);
        Assert.True(check.IdSumOk);
        Assert.True(check.ChecksumOk);
        Assert.Equal(0, check.Errors);
        Assert.Empty(check.SwitchViolations);
        Assert.Empty(check.BackwardsWorkers);

        // Every reload applied, each one version up, and every version processed records of its own.
        Assert.Equal(options.Reloads, result.Marks.Count);
        Assert.All(result.Marks, m => Assert.Equal((m.OldVersion + 1, (string?)null), (m.NewVersion, m.Error)));
        var perVersion = result.Pipeline.Sink.PerVersion;
        Assert.Equal(Enumerable.Range(1, options.Reloads + 1).Select(v => (long)v), perVersion.Keys.Order());
        Assert.All(perVersion.Values, count => Assert.True(count > 0));
        Assert.Equal(options.Records, perVersion.Values.Sum());

        Assert.InRange(result.Pipeline.MaxInputCount, 1, options.Capacity);
        PipelineAssert.EveryReplacedVersionUnloaded(result, options.Reloads);
    }

    [Fact]
    public async Task EveryTakeBeforeAReloadUsesTheOldRulesAndEveryTakeAfterItTheNew()
    {
        var result = await PipelineRun.RunAsync(Options(20_000, 5), log: null, CancellationToken.None);
        var sink = result.Pipeline.Sink;

        Assert.Empty(result.Check.SwitchViolations);
        foreach (var mark in result.Marks)
        {
            // The bounds hold record by record: the last take before and the first take after each reload.
            Assert.True(sink.VersionAt(mark.LastBefore) <= mark.OldVersion);
            Assert.True(sink.VersionAt(mark.FirstAfter) >= mark.NewVersion);
        }

        // The check is not vacuous: claiming one version less for each reload's old side, or rules one version
        // off, is found.
        var shifted = result.Marks.Select(m => m with { OldVersion = m.OldVersion - 1 }).ToList();
        Assert.NotEmpty(PipelineCheck.Of(result.Pipeline, shifted, Rules.Expected).SwitchViolations);
        var later = result.Marks.Select(m => m with { FirstAfter = m.LastBefore }).ToList();
        Assert.NotEmpty(PipelineCheck.Of(result.Pipeline, later, Rules.Expected).SwitchViolations);
        Assert.False(PipelineCheck.Of(result.Pipeline, result.Marks, (id, v) => Rules.Expected(id, v + 1)).ChecksumOk);
        PipelineAssert.EveryReplacedVersionUnloaded(result, 5);
    }

    [Fact]
    public void AReloadWaitsForTheRecordsTakenBeforeItUntilTheyAreProcessed()
    {
        // What makes "taken before the reload, processed by the old version" hold even when a worker is
        // preempted between taking a record and calling the processor.
        var ledger = new TakeLedger(workers: 2);
        ledger.BeginTake(0);
        var first = ledger.Take(0);
        var last = ledger.Taken;
        Assert.Equal(1, first);
        Assert.False(ledger.Drained(last));

        ledger.Done(0);
        Assert.True(ledger.Drained(last));

        // A worker reading the channel might still get a number up to last: wait for it too.
        ledger.BeginTake(1);
        Assert.False(ledger.Drained(last));
        Assert.Equal(2, ledger.Take(1));
        Assert.True(ledger.Drained(last));
        ledger.Done(1);
        Assert.Equal(2, ledger.DrainTaken());
    }

    [Fact]
    public async Task ASlowSinkMakesTheProducerWaitAndTheInputNeverHoldsMoreThanItsCapacity()
    {
        // The sink reads nothing until the producer has found the input full: both channels fill, the workers
        // wait on the output, and the producer must wait on the input. No timing is involved.
        var options = Options(5_000, 2, capacity: 16);

        var result = await PipelineRun.RunAsync(options, log: null, CancellationToken.None, sinkStart: p => p.ProducerWaited);

        Assert.True(result.Pipeline.ProducerWaits >= 1);
        Assert.InRange(result.Pipeline.MaxInputCount, 1, 16);
        Assert.True(result.Check.Ok);
        PipelineAssert.EveryReplacedVersionUnloaded(result, 2);
    }

    [Fact]
    public async Task ARejectedReloadKeepsTheOldRulesProcessingAndLosesNothing()
    {
        var options = Options(20_000, 6, brokenEvery: 2);

        var result = await PipelineRun.RunAsync(options, log: null, CancellationToken.None);

        Assert.True(result.Check.Ok, string.Join('\n', result.Check.SwitchViolations));
        Assert.Equal(options.Records, result.Check.Received);
        var rejected = result.Marks.Where(m => m.Failed).ToList();
        Assert.Equal(3, rejected.Count);
        Assert.All(rejected, m =>
        {
            Assert.Equal(m.OldVersion, m.NewVersion);
            Assert.Contains("error FAI", m.Error, StringComparison.Ordinal);
        });

        // v1 to v4: three applied reloads; a rejected one made no version, and the records after it kept the old.
        Assert.Equal([1L, 2, 3, 4], result.Pipeline.Sink.PerVersion.Keys.Order());
        PipelineAssert.EveryReplacedVersionUnloaded(result, 3);
    }

    [Fact]
    public async Task StoppingTheProducerEarlyProcessesEverythingItProduced()
    {
        // Ctrl-C in the sample: here the stop comes from the sink's thread at its first progress line (2,000
        // records out), when the producer is at most the two channels' capacity ahead; what it wrote is still
        // processed and checked.
        using var stop = new CancellationTokenSource();
        using var stopAtProgress = new PipelineStopWriter(stop);

        var result = await PipelineRun.RunAsync(Options(20_000, 5), stopAtProgress, stop.Token);

        Assert.InRange(result.Check.Produced, 2_000, 2_000 + (2 * 1024) + 2 + 1);
        Assert.Equal(result.Check.Produced, result.Check.Received);
        Assert.True(result.Check.Ok);
        PipelineAssert.EveryReplacedVersionUnloaded(result, result.Marks.Count(m => !m.Failed));
    }
}
