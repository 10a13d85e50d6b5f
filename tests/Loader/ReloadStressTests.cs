namespace FluentAI.Plugins.Loader.Tests;

public interface IStressed
{
    long Compute(long x);
}

/// <summary>
/// Reloads with cascades while threads call through slots and typed proxies. CI runs a bounded
/// number of reloads; set FLUENTAI_SOAK=1 for the full 500.
/// </summary>
public sealed class ReloadStressTests
{
    private static int Reloads => Environment.GetEnvironmentVariable("FLUENTAI_SOAK") == "1" ? 500 : 25;

    [Fact]
    public async Task CallsNeverFailWhileModulesReloadAndEveryReplacedContextUnloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", Lib(0));
        folder.Write("app.ai", "(import \"lib\" (f base))\n(define offset (* base 0))\n(define (compute x) (+ (f x) offset))");
        folder.Host.Load("app.ai");
        var slot = folder.Host.GetSlot("app.ai", "compute");
        var proxy = folder.Host.As<IStressed>("app.ai");

        var failures = new List<Exception>();
        var calls = 0L;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 8).Select(i => Task.Factory.StartNew(
            () =>
            {
                var last = 0L;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        var value = i % 2 == 0 ? (long)slot.Invoke(1L)! : proxy.Compute(1L);
                        if (value < last)
                        {
                            throw new InvalidOperationException($"went back from version {last - 1} to {value - 1}");
                        }

                        last = value;
                        if (Interlocked.Increment(ref calls) % 64 == 0)
                        {
                            // Eight busy callers on a small machine would otherwise starve the reloading thread.
                            Thread.Yield();
                        }
                    }
#pragma warning disable CA1031 // Every failure is collected and asserted on below.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        lock (failures)
                        {
                            failures.Add(e);
                        }
                    }
                }
            },
            TaskCreationOptions.LongRunning)).ToList();

        var verifications = new List<Task<IReadOnlyList<UnloadReport>>>();
        for (var version = 1; version <= Reloads; version++)
        {
            folder.Write("lib.ai", Lib(version));
            var result = folder.Host.Reload("lib.ai");
            Assert.Equal(2, result.Modules.Count);
            verifications.Add(result.UnloadVerification);
        }

        await stop.CancelAsync();
        await Task.WhenAll(callers);

        Assert.Empty(failures);
        Assert.True(calls > Reloads, $"only {calls} calls were made");
        Assert.Equal(1L + Reloads, (long)slot.Invoke(1L)!);
        var reports = (await Task.WhenAll(verifications)).SelectMany(r => r).ToList();
        Assert.Equal(2 * Reloads, reports.Count);
        Assert.All(reports, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
    }

    private static string Lib(int version) => $"(define base {version})\n(define (f x) (+ x base))";
}
