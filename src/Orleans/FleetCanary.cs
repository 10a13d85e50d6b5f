using System.Collections.Immutable;

namespace FluentAI.Plugins.Orleans;

/// <summary>A canary to roll out across the fleet (<see cref="IModuleRolloutGrain.StartCanary"/>).</summary>
[GenerateSerializer]
[Immutable]
public sealed record FleetCanary
{
    /// <summary>The candidate's source text.</summary>
    [Id(0)]
    public required string Source { get; init; }

    /// <summary>The share of calls, in percent, the candidate gets on every ready host at first; 10 by default.</summary>
    [Id(1)]
    public double Weight { get; init; } = 10;

    /// <summary>
    /// With a value, the grain's timer ramps the weight over this time and promotes the candidate at its end (unless
    /// it was aborted); without one the weight stays until <see cref="IModuleRolloutGrain.SetWeight"/> or a decision.
    /// </summary>
    [Id(2)]
    public TimeSpan? RampDuration { get; init; }

    /// <summary>
    /// The weights the ramp moves through, evenly spaced over <see cref="RampDuration"/> (<c>[25, 50]</c> over 30 s:
    /// <see cref="Weight"/> until 10 s, 25 % from 10 s, 50 % from 20 s, promoted at 30 s). Empty: a line from
    /// <see cref="Weight"/> to 100 %, in whole percents.
    /// </summary>
    [Id(3)]
    public ImmutableArray<double> Steps { get; init; } = [];

    /// <summary>The fleet aborts when the candidate's error rate, summed over every host, exceeds the stable's by more than this; 0.01 by default.</summary>
    [Id(4)]
    public double MaxErrorRate { get; init; } = 0.01;

    /// <summary>No verdict on the error rate before the candidate has served this many calls over the fleet; 20 by default.</summary>
    [Id(5)]
    public long MinCalls { get; init; } = 20;

    /// <summary>The routing salt every host uses; by default the candidate's content hash.</summary>
    [Id(6)]
    public string? Salt { get; init; }
}
