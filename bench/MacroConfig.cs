using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// A small job for millisecond operations that need a fresh input each time (a new constant, a
/// rewritten file): one invocation per iteration, 10 warm-up and 30 measured iterations, so the
/// median is a p50 over 30 samples and a class runs in seconds.
/// </summary>
public sealed class MacroConfig : ManualConfig
{
    /// <summary>Creates the config.</summary>
    public MacroConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(10)
            .WithIterationCount(30)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Macro"));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, StatisticColumn.Min, StatisticColumn.Max);
    }
}
