namespace FluentAI.Plugins.Orleans;

/// <summary>One host as the rollout grain knows it.</summary>
/// <param name="HostId">The host.</param>
/// <param name="LastSeen">When it last polled or reported, on the grain's clock.</param>
/// <param name="Live">It polled within <see cref="FleetGrainOptions.HostLease"/>.</param>
/// <param name="Ready">It compiled the current candidate, checked its hash and serves the fleet's weight.</param>
/// <param name="CanaryCalls">Its last reported canary calls.</param>
/// <param name="CanaryErrors">Its last reported canary errors.</param>
/// <param name="StableCalls">Its last reported stable calls.</param>
/// <param name="StableErrors">Its last reported stable errors.</param>
/// <param name="Failure">The failure it reported, if any.</param>
/// <param name="Generation">The fleet generation it had applied when it last polled.</param>
[GenerateSerializer]
[Immutable]
public sealed record FleetHostStatus(
    [property: Id(0)] string HostId,
    [property: Id(1)] DateTimeOffset LastSeen,
    [property: Id(2)] bool Live,
    [property: Id(3)] bool Ready,
    [property: Id(4)] long CanaryCalls,
    [property: Id(5)] long CanaryErrors,
    [property: Id(6)] long StableCalls,
    [property: Id(7)] long StableErrors,
    [property: Id(8)] string? Failure,
    [property: Id(9)] long Generation = 0);
