using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class ProductionAuditTests
{
    [Fact]
    public void EveryStepOfACanaryAndASafeReloadIsAnAuditLineAndALogEntryWithTheFiguresThatDecided()
    {
        var time = new FakeTimeProvider();
        var logs = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        var audit = Path.Combine(Path.GetTempPath(), "fai-audit-" + Guid.NewGuid().ToString("N") + ".jsonl");
        try
        {
            using (var folder = new ModuleFolder(o => { o.TimeProvider = time; o.AuditLogPath = audit; o.LoggerFactory = loggers; }))
            {
                var events = new RolloutEvents(folder.Host);
                folder.Write("m.ai", "(define (f x) x)");
                var f = folder.Host.GetSlot("m.ai", "f");

                // A canary that ramps in one step and fails: aborted by the error-rate rule.
                folder.Write("m.ai", "(define (f x) (get x :k))");
                folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 50, RampDuration = TimeSpan.FromSeconds(2), Steps = [75, 100], MinCalls = 4 });
                time.Advance(TimeSpan.FromSeconds(1));
                CallIgnoringFailures(f, 40);

                events.WaitFor(HostEventKind.CanaryAbort);

                // A safe reload whose pre-check passes and whose post-check fails: rolled back.
                folder.Write("m.ai", "(define (f x) (* x 2))");
                folder.Host.SafeReload("m.ai", new SafeReloadOptions { PreCheck = c => (long)c.Call("f", 2)! == 4, PostCheck = _ => false });
                time.Advance(TimeSpan.FromSeconds(1));
                events.WaitFor(HostEventKind.Rollback);
            }

            var lines = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.DoesNotContain(lines, l => l.GetProperty("event").GetString() == "unload-failed" && Fail(l.ToString()));
            var steps = lines.Select(l => l.GetProperty("event").GetString()).Where(e => e is not ("load" or "reloading" or "reload" or "unload")).ToList();
            Assert.Equal(["canary-start", "canary-step", "canary-abort", "pre-check", "safe-reload", "post-check", "rollback"], steps);
            Assert.All(lines, l => Assert.True(l.TryGetProperty("time", out _) && l.TryGetProperty("module", out _) && l.TryGetProperty("fromVersion", out _) && l.TryGetProperty("toVersion", out _) && l.TryGetProperty("ok", out _) && l.TryGetProperty("durationMs", out _)));

            var abort = lines.Single(l => l.GetProperty("event").GetString() == "canary-abort");
            var figures = abort.GetProperty("figures");
            Assert.Equal(75, figures.GetProperty("weight").GetDouble());
            Assert.Equal(1, figures.GetProperty("canaryErrorRate").GetDouble());
            Assert.Equal(0, figures.GetProperty("stableErrorRate").GetDouble());
            Assert.Equal(4, figures.GetProperty("canaryCalls").GetDouble());
            Assert.Contains("exceeds the stable's", abort.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(75, lines.Single(l => l.GetProperty("event").GetString() == "canary-step").GetProperty("figures").GetProperty("weight").GetDouble());
            var rollback = lines.Single(l => l.GetProperty("event").GetString() == "rollback");
            Assert.Contains("the :post-check returned false", rollback.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.False(lines.Single(l => l.GetProperty("event").GetString() == "post-check").GetProperty("ok").GetBoolean());

            // The logger got the same steps under their EventIds; no routing key or argument appears anywhere.
            var ids = logs.GetSnapshot().Select(r => r.Id.Id).ToHashSet();
            Assert.Superset(new HashSet<int> { 20, 21, 22, 23, 24, 26 }, ids.Intersect([20, 21, 22, 23, 24, 25, 26]).ToHashSet());
            Assert.Subset(ids, new HashSet<int> { 20, 21, 22, 23, 24, 26 });
        }
        finally
        {
            File.Delete(audit);
        }
    }

    [Fact]
    public void RollbacksWeightsAndLoadedVersionsAreInstruments()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => { o.MeterFactory = factory; o.TimeProvider = time; });
        using var rollbacks = new MetricCollector<long>(factory, "FluentAI.Plugins", "fluentai.module.rollbacks");
        using var weight = new MetricCollector<int>(factory, "FluentAI.Plugins", "fluentai.rollout.weight");
        using var loaded = new MetricCollector<long>(factory, "FluentAI.Plugins", "fluentai.module.versions.loaded");
        using var active = new MetricCollector<long>(factory, "FluentAI.Plugins", "fluentai.module.call.active");
        folder.Write("m.ai", "(define (f) 1)");
        folder.Host.Load("m.ai");

        loaded.RecordObservableInstruments();
        Assert.Equal(1, loaded.LastMeasurement!.Value);

        folder.Write("m.ai", "(define (f) 2)");
        folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 20 });
        weight.RecordObservableInstruments();
        loaded.RecordObservableInstruments();
        active.RecordObservableInstruments();
        Assert.Equal(20, weight.LastMeasurement!.Value);
        Assert.Equal("m", weight.LastMeasurement.Tags["fluentai.module.name"]);
        Assert.Equal(2, loaded.LastMeasurement!.Value);
        Assert.Contains(active.GetMeasurementSnapshot(), m => Equals(m.Tags["fluentai.rollout.role"], "canary") && m.Value == 0);

        folder.Host.Abort("m.ai");
        var rollback = Assert.Single(rollbacks.GetMeasurementSnapshot());
        Assert.Equal(("m", "manual"), (rollback.Tags["fluentai.module.name"], rollback.Tags["fluentai.rollback.reason"]));
        weight.Clear();
        weight.RecordObservableInstruments();
        Assert.Empty(weight.GetMeasurementSnapshot());
    }

    /// <summary>Calls in a frame of its own: a caught exception (its stack trace names the canary's code) must not outlive it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void CallIgnoringFailures(Slot f, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            try
            {
                f.Invoke(i);
            }
            catch (FluentAIException)
            {
                // The canary's deliberate failures.
            }
        }
    }

    private static bool Fail(string line) => throw new Xunit.Sdk.XunitException(line);
}
