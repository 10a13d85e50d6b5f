using System.Collections.Immutable;

namespace FluentAI.Plugins.Orleans;

/// <summary>
/// The desired state of one module across the fleet, as its <see cref="IModuleRolloutGrain"/> holds and persists it.
/// Every change to what hosts should do bumps <see cref="Generation"/>; a host applies a state once per generation.
/// </summary>
[GenerateSerializer]
[Immutable]
public sealed record FleetRolloutState
{
    /// <summary>The module path the grain is keyed by.</summary>
    [Id(0)]
    public string Module { get; init; } = "";

    /// <summary>Incremented on every change of phase, candidate or weight.</summary>
    [Id(1)]
    public long Generation { get; init; }

    /// <summary>Where the rollout stands.</summary>
    [Id(2)]
    public FleetPhase Phase { get; init; }

    /// <summary>The version the fleet goes back to on an abort: the last one promoted; null before any promotion (each host then keeps the version it was deployed with).</summary>
    [Id(3)]
    public ModuleVersion? Stable { get; init; }

    /// <summary>The version being (or last) rolled out.</summary>
    [Id(4)]
    public ModuleVersion? Candidate { get; init; }

    /// <summary>The share of calls, in percent, the candidate gets on every ready host (a host not ready serves the stable version).</summary>
    [Id(5)]
    public double Weight { get; init; }

    /// <summary>The routing salt every host gives its canary, so a key lands on the same side on all of them.</summary>
    [Id(6)]
    public string Salt { get; init; } = "";

    /// <summary>The health rule: how much worse than the stable's the candidate's fleet error rate may be.</summary>
    [Id(7)]
    public double MaxErrorRate { get; init; }

    /// <summary>The health rule: fleet canary calls before it decides.</summary>
    [Id(8)]
    public long MinCalls { get; init; }

    /// <summary>The ramp's weights (empty: linear).</summary>
    [Id(9)]
    public ImmutableArray<double> Steps { get; init; } = [];

    /// <summary>The ramp's length; null without a ramp.</summary>
    [Id(10)]
    public TimeSpan? RampDuration { get; init; }

    /// <summary>When the canary started, on the grain's clock.</summary>
    [Id(11)]
    public DateTimeOffset? Started { get; init; }

    /// <summary>The canary's first weight.</summary>
    [Id(12)]
    public double InitialWeight { get; init; }

    /// <summary>Why the rollout was promoted or aborted; null while it runs.</summary>
    [Id(13)]
    public string? Reason { get; init; }

    /// <summary>The hosts that registered, with their readiness and last report.</summary>
    [Id(14)]
    public ImmutableArray<FleetHostStatus> Hosts { get; init; } = [];

    /// <summary>Candidate calls summed over the hosts' last reports.</summary>
    public long CanaryCalls => Hosts.IsDefault ? 0 : Hosts.Sum(h => h.CanaryCalls);

    /// <summary>Candidate errors summed over the hosts' last reports.</summary>
    public long CanaryErrors => Hosts.IsDefault ? 0 : Hosts.Sum(h => h.CanaryErrors);

    /// <summary>Stable calls during the canary, summed over the hosts' last reports.</summary>
    public long StableCalls => Hosts.IsDefault ? 0 : Hosts.Sum(h => h.StableCalls);

    /// <summary>Stable errors during the canary, summed over the hosts' last reports.</summary>
    public long StableErrors => Hosts.IsDefault ? 0 : Hosts.Sum(h => h.StableErrors);

    /// <summary>How many live hosts are ready for the candidate.</summary>
    public int ReadyHosts => Hosts.IsDefault ? 0 : Hosts.Count(h => h.Live && h.Ready);

    /// <summary>How many hosts polled within the lease.</summary>
    public int LiveHosts => Hosts.IsDefault ? 0 : Hosts.Count(h => h.Live);
}
