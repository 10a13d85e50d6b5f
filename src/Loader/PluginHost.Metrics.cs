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

    /// <summary>The module's name as metrics tag it: its <c>(module name)</c>, else its file name without extension.</summary>
    private string ModuleName(string path) =>
        _graph.Find(path)?.Manifest?.Name ?? System.IO.Path.GetFileNameWithoutExtension(path);
}
