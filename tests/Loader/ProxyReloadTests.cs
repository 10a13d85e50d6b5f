using System.Collections.Concurrent;

namespace FluentAI.Plugins.Loader.Tests;

public interface IInventory
{
    IReadOnlyList<string> Labels(IReadOnlyDictionary<string, object?> item);

    IReadOnlyDictionary<string, IReadOnlyList<long>> Split(IReadOnlyList<long> amounts);
}

public sealed class ProxyReloadTests
{
    private const int Reloads = 50;
    private const int Callers = 8;

    [Fact]
    public async Task CallsWithCollectionsNeverFailWhileTheModuleReloadsAndEveryReplacedContextUnloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("inventory.ai", Version(1));
        var proxy = folder.Host.As<IInventory>("inventory.ai");

        var failures = new ConcurrentQueue<string>();
        var calls = 0L;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, Callers).Select(i => Task.Factory.StartNew(
            () =>
            {
                var name = "item " + i;
                var item = new Dictionary<string, object?> { ["name"] = name, ["quantity"] = i, ["tags"] = new[] { "a", "b" } };
                var amounts = new List<long> { i, i + 1, -i };
                do
                {
                    try
                    {
                        // Every answer is one of the two versions' answers, never a mix or a failure.
                        var labels = proxy.Labels(item);
                        if (labels is not [("v1" or "v2"), var labelled] || labelled != name)
                        {
                            failures.Enqueue($"labels: [{string.Join(", ", labels)}]");
                        }

                        var split = proxy.Split(amounts);
                        if (split.Count != 2 || split["version"] is not ([1L] or [2L]) || !split["amounts"].SequenceEqual(amounts))
                        {
                            failures.Enqueue($"split: {Canonical.Of(split)}");
                        }

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
                        failures.Enqueue(e.ToString());
                    }
                }
                while (!stop.IsCancellationRequested);
            },
            TaskCreationOptions.LongRunning)).ToList();

        var verifications = new List<Task<IReadOnlyList<UnloadReport>>>();
        try
        {
            for (var reload = 1; reload <= Reloads; reload++)
            {
                var version = reload % 2 == 1 ? 2 : 1;
                folder.Write("inventory.ai", Version(version));
                var result = folder.Host.Reload("inventory.ai");
                verifications.Add(result.UnloadVerification);
                Assert.Equal(["v" + version, "probe"], proxy.Labels(new Dictionary<string, object?> { ["name"] = "probe" }));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(callers);
        }

        Assert.Empty(failures);
        Assert.True(calls > Reloads, $"only {calls} calls were made");
        var reports = (await Task.WhenAll(verifications)).SelectMany(r => r).ToList();
        Assert.Equal(Reloads, reports.Count);
        Assert.All(reports, r => Assert.True(r.Unloaded, r.Holder));
    }

    private static string Version(int version) => $$"""
        (define (labels item) (list "v{{version}}" (get item "name")))
        (define (split amounts) {:version (list {{version}}) :amounts amounts})
        """;
}
