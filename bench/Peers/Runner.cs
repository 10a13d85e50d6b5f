using System.Diagnostics;
using System.Text.Json;
using FluentAI.Plugins.Peers.Engines;

namespace FluentAI.Plugins.Peers;

/// <summary>
/// The child side: one engine, its workloads run (warm-up, then measured runs, each result checked),
/// one <c>PEER {json}</c> line per workload on the output.
/// </summary>
internal static class Runner
{
    /// <summary>What starts each result line.</summary>
    public const string Prefix = "PEER ";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Measures <paramref name="workloads"/> on the engine <paramref name="engine"/>; false when any failed.</summary>
    public static bool Measure(string engine, IEnumerable<Workload> workloads, Sizes sizes, TextWriter output)
    {
        var ok = true;
        using var peer = PeerNames.Create(engine);
        foreach (var workload in workloads)
        {
            var m = Measure(engine, peer, workload, sizes);
            if (m is null)
            {
                continue;
            }

            ok &= m.Error is null;
            output.WriteLine(Prefix + JsonSerializer.Serialize(m, Json));
            output.Flush();
        }

        return ok;
    }

    /// <summary>Parses a result line, or null for any other line.</summary>
    public static Measurement? Parse(string line) =>
        line.StartsWith(Prefix, StringComparison.Ordinal) ? JsonSerializer.Deserialize<Measurement>(line[Prefix.Length..], Json) : null;

    /// <summary>Why <paramref name="result"/> is not <paramref name="expected"/>, or null when it is.</summary>
    public static string? Check(object? result, object expected)
    {
        var same = (result, expected) switch
        {
            (string r, string e) => r == e,
            (long r, long e) => r == e,
            _ => false,
        };
        return same ? null : $"expected {Describe(expected)}, got {Describe(result)}";
    }

    private static Measurement? Measure(string engine, IPeer peer, Workload workload, Sizes sizes)
    {
        try
        {
            var body = peer.Prepare(workload, sizes);
            if (body is null)
            {
                return null;
            }

            var expected = workload.Expected(sizes);
            var reloads = workload == Workload.Reload || workload == Workload.ReloadFirst;
            var warmUp = workload.FreshProcess ? 0 : reloads ? sizes.ReloadWarmUp : sizes.WarmUp;
            var repetitions = reloads ? sizes.Reloads : sizes.Repetitions;
            var warmUpUntil = Stopwatch.GetTimestamp() + (reloads ? 0 : sizes.WarmUpMilliseconds * Stopwatch.Frequency / 1000);
            for (var i = 0; i < warmUp || (!workload.FreshProcess && Stopwatch.GetTimestamp() < warmUpUntil); i++)
            {
                body.Before?.Invoke();
                if (Check(body.Run(), expected) is { } error)
                {
                    return Failed(engine, workload, "warm-up: " + error);
                }
            }

            var times = new double[repetitions];
            for (var i = 0; i < repetitions; i++)
            {
                body.Before?.Invoke();
                // Each run starts from a collected heap, so one run's garbage (or a replaced version
                // still being unloaded) is not the next one's pause, as BenchmarkDotNet does between iterations.
                GC.Collect();
                GC.WaitForPendingFinalizers();

                var start = Stopwatch.GetTimestamp();
                var result = body.Run();
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (Check(result, expected) is { } error)
                {
                    return Failed(engine, workload, error);
                }

                times[i] = elapsed.TotalNanoseconds / workload.Operations(sizes);
            }

            Array.Sort(times);
            return new Measurement(engine, workload.Id, Median(times), times[0], times[^1], repetitions);
        }
#pragma warning disable CA1031 // A failing engine is reported in the table, and the other workloads still run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Failed(engine, workload, e.GetType().Name + ": " + e.Message);
        }
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static Measurement Failed(string engine, Workload workload, string error) => new(engine, workload.Id, 0, 0, 0, 0, error);

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s when s.Length > 40 => $"a string of {s.Length} characters starting \"{s[..40]}\"",
        string s => $"\"{s}\"",
        _ => $"{value} ({value.GetType().Name})",
    };
}
