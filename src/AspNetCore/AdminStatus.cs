using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>What <c>GET /admin/status</c> answers: every module with its version, its rollout and the figures of each loaded version.</summary>
internal static class AdminStatus
{
    public static object Of(PluginHost host) => new
    {
        modules = host.Modules.Select(m => new
        {
            path = m.Path,
            name = m.Name,
            version = m.Version,
            imports = m.Imports,
            exports = m.Exports,
            rollout = host.RolloutStatus(m.Path) is { } r ? Of(r) : null,
            versions = host.Metrics(m.Path).Select(v => new
            {
                version = v.Version,
                role = v.Role,
                calls = v.Calls,
                errors = v.Errors,
                errorRate = v.ErrorRate,
                active = v.Active,
                p50Ms = v.P50.TotalMilliseconds,
                p99Ms = v.P99.TotalMilliseconds,
            }),
        }),
    };

    public static object Of(RolloutStatus r) => new
    {
        kind = r.Kind,
        phase = r.Phase,
        running = r.IsRunning,
        stableVersion = r.StableVersion,
        newVersion = r.NewVersion,
        weight = r.Weight,
        stableCalls = r.StableCalls,
        stableErrors = r.StableErrors,
        newCalls = r.NewCalls,
        newErrors = r.NewErrors,
        started = r.Started,
        ends = r.Ends,
        reason = r.Reason,
    };
}
