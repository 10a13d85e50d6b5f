using System.Diagnostics;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// How long a rollback during a safe reload's window takes from the decision to the first call served by
/// the old code (issue 12: p99 under 1 ms): a caller thread spins on the slot and notes when the old
/// answer comes back. Run with <c>bench/run.sh --rollback [N]</c>.
/// </summary>
public static class RollbackLatency
{
    private const int Warmup = 100;

    /// <summary>Runs <paramref name="rollbacks"/> safe reloads, each rolled back at once, and prints p50/p99.</summary>
    public static void Run(TextWriter output, int rollbacks = 200)
    {
        using var folder = new ModuleFolder("rollback");
        folder.Write("lib.ai", "(define (v) 1)");
        folder.Write("app.ai", "(import \"lib\" (v))\n(define (answer) (v))");
        using var host = folder.CreateHost();
        var slot = host.GetSlot("app.ai", "answer");
        var decided = new List<double>();
        var inside = new List<double>();
        double last = 0, first = 0;
        host.Events += (_, e) =>
        {
            if (e.Kind == HostEventKind.Rollback)
            {
                last = e.DurationMs;
            }
        };
        for (var i = 0; i < rollbacks + Warmup; i++)
        {
            folder.Write("lib.ai", "(define (v) 2)");
            host.SafeReload("lib.ai", new SafeReloadOptions { RollbackAfter = TimeSpan.FromMinutes(5) });
            long seen = 0;
            using var started = new ManualResetEventSlim();
            var caller = new Thread(() =>
            {
                started.Set();
                while ((long)slot.Invoke()! != 1)
                {
                }

                Volatile.Write(ref seen, Stopwatch.GetTimestamp());
            });
            caller.Start();
            started.Wait();

            // A rollback comes some time after its window opened (the first one here 200 ms after).
            Thread.Sleep(i == 0 ? 200 : 1);
            var decision = Stopwatch.GetTimestamp();
            var result = host.Rollback("lib.ai");
            caller.Join();
            if (i == 0)
            {
                first = Stopwatch.GetElapsedTime(decision, Volatile.Read(ref seen)).TotalMilliseconds;
            }

            if (i >= Warmup)
            {
                // The first ones warm the JIT (tier-1 code of the rollback path comes after 30 runs).
                decided.Add(Stopwatch.GetElapsedTime(decision, Volatile.Read(ref seen)).TotalMilliseconds);
                inside.Add(last);
            }

            result.UnloadVerification.GetAwaiter().GetResult();
        }

        decided.Sort();
        inside.Sort();
        output.WriteLine($"rollback, decision to the first call served by the old code ({rollbacks} rollbacks, a module and its importer):");
        output.WriteLine($"  p50 {Percentile(decided, 0.5):0.000} ms, p99 {Percentile(decided, 0.99):0.000} ms, max {decided[^1]:0.000} ms");
        output.WriteLine($"  the process's first rollback: {first:0.000} ms");
        output.WriteLine($"  of which the host's publication (the rollback event's durationMs): p50 {Percentile(inside, 0.5):0.000} ms, p99 {Percentile(inside, 0.99):0.000} ms");
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
