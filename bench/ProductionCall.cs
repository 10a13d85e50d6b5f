using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// What production features cost a host call of a one-argument FluentAI function (SPEC §6, issue 12's
/// budgets): nobody listening and no rollout (the plain slot call), a listener on the meter, and a canary
/// routing every call (by counter, and by routing key). Times are per call.
/// </summary>
[ShortRunJob]
public class ProductionCall
{
    private const int Calls = SlotCall.Calls;
    private static readonly object Argument = 42L;
    private ModuleFolder _folder = null!;
    private PluginHost _plain = null!;
    private PluginHost _listened = null!;
    private PluginHost _canary = null!;
    private MeterListener _listener = null!;
    private Slot _plainSlot = null!;
    private Slot _listenedSlot = null!;
    private Slot _canarySlot = null!;

    /// <summary>Three hosts over <c>(define (id x) x)</c>: one plain, one listened to, one running a 50 % canary of it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = new ModuleFolder("production");
        _folder.Write("id.ai", Sources.Identity);
        _plain = _folder.CreateHost();
        _plainSlot = _plain.GetSlot("id.ai", "id");

        // Its own meter factory, so the listener hears this host only (every host's meter is named FluentAI.Plugins).
        var meters = new OwnMeters();
        _listened = PluginHost.Create(_folder.Root, new PluginHostOptions { CacheDirectory = _folder.CacheDirectory, MeterFactory = meters });
        _listenedSlot = _listened.GetSlot("id.ai", "id");
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name == "fluentai.module.call.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _listener.Start();

        var canaryFolder = new ModuleFolder("canary");
        canaryFolder.Write("id.ai", Sources.Identity);
        _canary = canaryFolder.CreateHost();
        _canarySlot = _canary.GetSlot("id.ai", "id");
        canaryFolder.Write("id.ai", "(define (id x) (do x))");
        _canary.CanaryReload("id.ai", new CanaryOptions { Percentage = 50, MinCalls = int.MaxValue });
    }

    /// <summary>Stops listening and unloads.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _plain.Dispose();
        _listened.Dispose();
        _canary.Dispose();
        _folder.Dispose();
    }

    /// <summary>Nobody listens, no rollout: the slot call every host makes.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public object? NotMeasured() => Loop(_plainSlot);

    /// <summary>A MeterListener listens to <c>fluentai.module.call.duration</c> (it does nothing with the measurements).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? Listened() => Loop(_listenedSlot);

    /// <summary>A 50 % canary routes every call by its counter (both sides measured, the verdict checked on every call).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? CanaryByCounter() => Loop(_canarySlot);

    /// <summary>The same canary with a routing key on the flow (a stable hash of salt and key per call).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public object? CanaryByKey()
    {
        using (PluginHost.RouteBy("user-42"))
        {
            return Loop(_canarySlot);
        }
    }

    private static object? Loop(Slot slot)
    {
        var r = Argument;
        for (var i = 0; i < Calls; i++)
        {
            r = slot.Invoke(r);
        }

        return r;
    }

    /// <summary>Meters scoped to one host.</summary>
    private sealed class OwnMeters : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options.Name, options.Version, options.Tags, scope: this);

        public void Dispose()
        {
        }
    }
}
