namespace FluentAI.Plugins.Peers;

/// <summary>How big each workload is, and how many times it runs.</summary>
/// <param name="Fib">n of fib(n).</param>
/// <param name="MapEntries">Entries of the map built and summed.</param>
/// <param name="Pieces">Pieces of the string built.</param>
/// <param name="Records">Records of the map/filter/fold pipeline.</param>
/// <param name="Documents">Records of the JSON document.</param>
/// <param name="Calls">Calls from C# per measured run of the call workloads.</param>
/// <param name="WarmUp">Unmeasured runs before the measured ones, at least.</param>
/// <param name="WarmUpMilliseconds">How long the unmeasured runs go on at least, so the JIT has tiered up the code they run (reloads excepted: they warm up by count).</param>
/// <param name="Repetitions">Measured runs; the median is reported.</param>
/// <param name="ReloadWarmUp">Unmeasured reloads before the warm reload measurement.</param>
/// <param name="Reloads">Measured reloads (warm, and the first ones of a process).</param>
internal sealed record Sizes(int Fib, int MapEntries, int Pieces, int Records, int Documents, int Calls, int WarmUp, int WarmUpMilliseconds, int Repetitions, int ReloadWarmUp, int Reloads)
{
    /// <summary>The sizes of the table in bench/README.md.</summary>
    public static Sizes Full { get; } = new(30, 100_000, 100_000, 100_000, 10_000, 200_000, 3, 1_000, 11, 300, 30);

    /// <summary>What the tests run: every body once, small.</summary>
    public static Sizes Small { get; } = new(15, 1_000, 1_000, 1_000, 20, 1_000, 0, 0, 1, 0, 1);
}
