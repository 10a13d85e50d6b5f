using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Metrics;

/// <summary>
/// The host's instruments (Meter <c>FluentAI.Plugins</c>, SPEC §6.1) and the figures of every loaded
/// module version. A slot or link call asks <see cref="SlotMeter.Listened"/> whether anyone listens
/// and is measured only then; rollouts and checks measure the versions they watch whatever listens.
/// </summary>
internal sealed class HostMeter : SlotMeter, IDisposable
{
    public const string MeterName = "FluentAI.Plugins";
    public const string ModuleTag = "fluentai.module.name";
    public const string VersionTag = "fluentai.module.version";
    public const string RoleTag = "fluentai.rollout.role";

    /// <summary>Bucket boundaries for calls from a microsecond to ten seconds.</summary>
    private static readonly double[] CallBuckets =
        [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly double[] ReloadBuckets = [1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly ConcurrentDictionary<(string Path, long Version), VersionMeter> _versions = new();
    private readonly Func<string, string> _moduleName;
    private readonly bool _ownsMeter;
    private readonly MeterListener? _alwaysOn;

    private HostMeter(Meter meter, bool ownsMeter, TimeProvider time, TimeSpan window, Func<string, string> moduleName, bool alwaysMeasure)
        : base(CreateDuration(meter))
    {
        Meter = meter;
        _ownsMeter = ownsMeter;
        Time = time;
        Window = window;
        _moduleName = moduleName;
        Duration = (Histogram<double>)Listened;
        ReloadDuration = meter.CreateHistogram(
            "fluentai.module.reload.duration", "s", "How long a reload, safe reload, canary or rollback took, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReloadBuckets });
        Rollbacks = meter.CreateCounter<long>("fluentai.module.rollbacks", "{rollback}", "Rollbacks and canary aborts, by reason.");
        meter.CreateObservableUpDownCounter("fluentai.module.call.active", ObserveActive, "{call}", "Calls in flight, per module version.");
        meter.CreateObservableGauge("fluentai.rollout.weight", () => ObserveWeights?.Invoke() ?? [], "%", "The share of calls a canary gets, per module in a rollout.");
        meter.CreateObservableUpDownCounter("fluentai.module.versions.loaded", () => ObserveLoaded?.Invoke() ?? [], "{version}", "Versions of a module the host keeps loaded (running, canary, kept for rollback).");
        if (alwaysMeasure)
        {
            // Measuring is on while anyone listens: the host listens itself, so its figures are always there.
            _alwaysOn = new MeterListener { InstrumentPublished = (i, l) => { if (i == Listened) { l.EnableMeasurementEvents(i); } } };
            _alwaysOn.Start();
        }
    }

    public Meter Meter { get; }

    public TimeProvider Time { get; }

    public TimeSpan Window { get; }

    public Histogram<double> Duration { get; }

    public Histogram<double> ReloadDuration { get; }

    public Counter<long> Rollbacks { get; }

    /// <summary>The rollouts' weights, as the gauge reads them.</summary>
    public Func<IEnumerable<Measurement<int>>>? ObserveWeights { get; set; }

    /// <summary>The versions each module keeps loaded, as the counter reads them.</summary>
    public Func<IEnumerable<Measurement<long>>>? ObserveLoaded { get; set; }

    public static HostMeter Create(PluginHostOptions options, Func<string, string> moduleName)
    {
        var meterOptions = new MeterOptions(MeterName) { Version = typeof(HostMeter).Assembly.GetName().Version?.ToString(3) };
        var meter = options.MeterFactory?.Create(meterOptions) ?? new Meter(meterOptions);
        return new HostMeter(meter, options.MeterFactory is null, options.TimeProvider, options.MetricsWindow, moduleName, options.MeasureCalls);
    }

    /// <summary>The figures of <paramref name="version"/> of the module at <paramref name="path"/>, made when first asked.</summary>
    public VersionMeter For(string path, long version) =>
        _versions.GetOrAdd((path, version), k => new VersionMeter(this, k.Path, _moduleName(k.Path), k.Version));

    /// <summary>The figures of a version, if it has any.</summary>
    public VersionMeter? Find(string path, long version) => _versions.GetValueOrDefault((path, version));

    /// <summary>The versions of <paramref name="path"/> that have figures, oldest first.</summary>
    public IEnumerable<VersionMeter> Of(string path) => _versions.Values.Where(v => v.Path == path).OrderBy(v => v.Version);

    /// <summary>A retired version's figures are dropped with it.</summary>
    public void Forget(string path, long version) => _versions.TryRemove((path, version), out _);

    /// <summary>A measuring function for <paramref name="target"/> of <paramref name="slot"/>, at the slot's version; cached on the slot.</summary>
    internal override Fn? Measure(Slot slot, Fn? target)
    {
        if (target is null or EntryFn)
        {
            return target;
        }

        if (slot.Measured is MeasuredFn cached && cached.Inner == target)
        {
            return cached;
        }

        var measured = new MeasuredFn(target, For(slot.Module, slot.Version));
        slot.Measured = measured;
        if (!ReferenceEquals(slot.Target, target))
        {
            // A publication replaced the target while this call measured it: keep no cache of
            // the replaced function, or it would hold its version loaded until the next call.
            slot.Forget(measured);
        }

        return measured;
    }

    /// <summary>A measuring function for one version's function, whatever listens (rollouts, checks).</summary>
    public static Fn Measuring(object? value, VersionMeter meter) =>
        value is Fn fn and not EntryFn ? new MeasuredFn(fn, meter) : (Fn)value!;

    private IEnumerable<Measurement<long>> ObserveActive() =>
        _versions.Values.Select(v => new Measurement<long>(v.Active, v.CurrentTags));

    private static Histogram<double> CreateDuration(Meter meter) => meter.CreateHistogram(
        "fluentai.module.call.duration", "s", "Calls entering a module from outside it (host, proxies, other modules), per version.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CallBuckets });

    public void Dispose()
    {
        _alwaysOn?.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }
}
