namespace FluentAI.Plugins.Orleans;

/// <summary>What one host saw of the running canary (<see cref="IModuleRolloutGrain.Report"/>): its counts since the candidate started there.</summary>
/// <param name="HostId">The reporting host.</param>
/// <param name="Generation">The fleet generation the host had applied.</param>
/// <param name="CandidateHash">The candidate the counts are for; a report for another candidate is ignored.</param>
/// <param name="CanaryCalls">Calls the candidate served on this host.</param>
/// <param name="CanaryErrors">How many of them threw.</param>
/// <param name="StableCalls">Calls the stable version served on this host during the canary.</param>
/// <param name="StableErrors">How many of them threw.</param>
/// <param name="Failure">Null while the candidate is healthy here; otherwise why it failed on this host (a failed post-check, a build or hash error), which aborts the fleet.</param>
[GenerateSerializer]
[Immutable]
public sealed record FleetHostReport(
    [property: Id(0)] string HostId,
    [property: Id(1)] long Generation,
    [property: Id(2)] string CandidateHash,
    [property: Id(3)] long CanaryCalls,
    [property: Id(4)] long CanaryErrors,
    [property: Id(5)] long StableCalls,
    [property: Id(6)] long StableErrors,
    [property: Id(7)] string? Failure = null)
{
    /// <summary>True when the host reports that the candidate failed its post-check (or could not start) there.</summary>
    public bool PostCheckFailed => Failure is not null;
}
