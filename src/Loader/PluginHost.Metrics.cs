using FluentAI.Plugins.Loader.Metrics;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>
    /// The figures of every version of <paramref name="file"/> the host has measured and still keeps,
    /// oldest first. Calls are measured while anyone listens to the Meter <c>FluentAI.Plugins</c>, while
    /// a safe reload or canary watches the module, or always with <see cref="PluginHostOptions.MeasureCalls"/>.
    /// </summary>
    public IReadOnlyList<ModuleMetrics> Metrics(string file)
    {
        var now = Options.TimeProvider.GetTimestamp();
        return [.. _meter.Of(FullPath(file)).Select(v => Figures(v, now))];
    }

    internal static ModuleMetrics Figures(VersionMeter v, long now) =>
        new(v.Path, v.Version, v.Role, v.Calls, v.Errors, v.Active, v.Latency.Quantile(now, 0.5), v.Latency.Quantile(now, 0.99));

    internal HostMeter Meter => _meter;

    /// <summary><c>fluentai.rollout.weight</c>: each running canary's share, in percent.</summary>
    private List<System.Diagnostics.Metrics.Measurement<int>> ObserveWeights()
    {
        lock (_gate)
        {
            return [.. _pipeline.Running.OfType<Reloading.Canary>().Select(c => new System.Diagnostics.Metrics.Measurement<int>((int)Math.Round(c.Weight), new KeyValuePair<string, object?>(HostMeter.ModuleTag, ModuleName(c.Changed.Path))))];
        }
    }

    /// <summary><c>fluentai.module.versions.loaded</c>: per module, the running version plus any a rollout keeps loaded beside it.</summary>
    private List<System.Diagnostics.Metrics.Measurement<long>> ObserveLoaded()
    {
        lock (_gate)
        {
            var kept = _pipeline.Running.SelectMany(r => r.Unit.Select(n => n.Path)).ToList();
            return [.. _graph.Nodes.Where(n => n.Current is not null && n.Path != HostModule)
                .Select(n => new System.Diagnostics.Metrics.Measurement<long>(1 + kept.Count(p => p == n.Path), new KeyValuePair<string, object?>(HostMeter.ModuleTag, ModuleName(n.Path))))];
        }
    }

    /// <summary>The module's name as metrics tag it: its <c>(module name)</c>, else its file name without extension.</summary>
    private string ModuleName(string path) =>
        _graph.Find(path)?.Manifest?.Name ?? System.IO.Path.GetFileNameWithoutExtension(path);
}
