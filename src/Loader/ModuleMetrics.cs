namespace FluentAI.Plugins.Loader;

/// <summary>
/// The figures of one module version (<see cref="PluginHost.Metrics"/>): what the Meter
/// <c>FluentAI.Plugins</c> reports for it, read in process. Calls and errors count since the version
/// went live; the latencies cover <see cref="PluginHostOptions.MetricsWindow"/>.
/// </summary>
/// <param name="Module">The module file.</param>
/// <param name="Version">The module version.</param>
/// <param name="Role"><c>stable</c> or <c>canary</c> during a canary rollout, else null.</param>
/// <param name="Calls">Measured calls into the version that completed.</param>
/// <param name="Errors">How many of them threw.</param>
/// <param name="Active">Calls in flight now.</param>
/// <param name="P50">The median latency over the window.</param>
/// <param name="P99">The 99th percentile latency over the window.</param>
public sealed record ModuleMetrics(string Module, long Version, string? Role, long Calls, long Errors, long Active, TimeSpan P50, TimeSpan P99)
{
    /// <summary>Errors per completed call (0 without calls).</summary>
    public double ErrorRate => Calls == 0 ? 0 : Errors / (double)Calls;

    /// <summary>1 minus <see cref="ErrorRate"/> (1 without calls).</summary>
    public double SuccessRate => 1 - ErrorRate;
}
