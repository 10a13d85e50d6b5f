using FluentAI.Plugins.Peers.Engines;

namespace FluentAI.Plugins.Peers.Tests;

/// <summary>
/// Runs every workload body of every engine once, small, and checks its result, so the peers table
/// can never report a time for a broken program (or for an engine whose native library did not load).
/// </summary>
public class PeerWorkloadTests
{
    public static TheoryData<string> Engines => [.. PeerNames.All.Select(e => e.Name)];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task EveryWorkloadOfTheEngineGivesTheExpectedResult(string engine)
    {
        var sizes = Sizes.Small;
        using var peer = PeerNames.Create(engine);
        var ran = new List<string>();
        var failures = new List<string>();
        foreach (var workload in Workload.All)
        {
            var body = peer.Prepare(workload, sizes);
            if (body is null)
            {
                continue;
            }

            body.Before?.Invoke();
            if (Runner.Check(body.Run(), workload.Expected(sizes)) is { } error)
            {
                failures.Add(workload.Id + ": " + error);
            }

            ran.Add(workload.Id);
            if (peer is FluentAIPeer fluent && workload.Id.StartsWith("reload", StringComparison.Ordinal))
            {
                var unloads = await fluent.LastReload!.UnloadVerification;
                Assert.NotEmpty(unloads);
                Assert.All(unloads, u => Assert.True(u.Unloaded, u.Module));
            }
        }

        Assert.Empty(failures);
        Assert.Equal(ExpectedWorkloads(engine), ran);
    }

    [Fact]
    public void TheCheckRefusesAWrongResult()
    {
        Assert.Null(Runner.Check(832040L, 832040L));
        Assert.NotNull(Runner.Check(832039L, 832040L));
        Assert.NotNull(Runner.Check(832040, 832040L));
        Assert.NotNull(Runner.Check(832040.0, 832040L));
        Assert.NotNull(Runner.Check("0,1,", "0,1,2,"));
        Assert.NotNull(Runner.Check(null, "0,"));
    }

    [Fact]
    public void AChildsLinesBecomeTheTable()
    {
        using var output = new StringWriter();
        var workloads = new[] { Workload.Fib, Workload.Call };
        Assert.True(Runner.Measure("cs-typed", workloads, Sizes.Small, output));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var measurements = lines.Select(Runner.Parse).ToList();
        Assert.All(measurements, m => Assert.NotNull(m));
        Assert.Equal(["fib", "call"], measurements.Select(m => m!.Workload));
        Assert.All(measurements, m => Assert.True(m!.MedianNs > 0 && m.Error is null && m.Engine == "cs-typed"));

        var failed = new Measurement("fluentai", "fib", 0, 0, 0, 0, "expected 610, got 609");
        using var table = new StringWriter();
        Table.Print([.. measurements!, failed], ["fluentai", "cs-typed"], workloads, table);
        var text = table.ToString();
        Assert.Contains("| measure | FluentAI | C# typed |", text, StringComparison.Ordinal);
        Assert.Contains("| fib(30) | FAILED | ", text, StringComparison.Ordinal);
        Assert.Contains("| call from C#, `long` in and out (FluentAI: typed proxy) | – | ", text, StringComparison.Ordinal);
        Assert.Contains("FAILED fluentai fib: expected 610, got 609", text, StringComparison.Ordinal);
    }

    private static List<string> ExpectedWorkloads(string engine)
    {
        var all = new List<string> { "fib", "map", "string", "pipeline", "json" };
        if (engine is not ("cs-boxed" or "cs-typed"))
        {
            all.AddRange(["reload", "reload-first"]);
        }

        all.Add("call");
        if (engine == "fluentai")
        {
            all.Add("call-slot");
        }

        return all;
    }
}
