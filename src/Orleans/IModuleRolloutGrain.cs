namespace FluentAI.Plugins.Orleans;

/// <summary>
/// The control plane of one module's rollout across the fleet, keyed by the module's path (<c>pricing.ai</c>).
/// Operators start, ramp and decide canaries; each host's <see cref="FleetMember"/> polls it, reports ready and
/// reports its counts. It never runs module code.
/// </summary>
public interface IModuleRolloutGrain : IGrainWithStringKey
{
    /// <summary>Starts <paramref name="canary"/> on every host; rejected while a canary runs or when the candidate is the stable version.</summary>
    Task<FleetRolloutState> StartCanary(FleetCanary canary);

    /// <summary>Sets the running canary's weight (0 to 100) on every ready host.</summary>
    Task<FleetRolloutState> SetWeight(double weight);

    /// <summary>Makes the running canary the stable version on every host.</summary>
    Task<FleetRolloutState> Promote();

    /// <summary>Aborts the running canary on every host.</summary>
    Task<FleetRolloutState> Abort(string reason);

    /// <summary>
    /// Registers (or keeps alive) <paramref name="hostId"/>, which has applied <paramref name="generation"/>, and returns
    /// the desired state: what a host polls. With an <paramref name="observer"/>, the next changes are pushed to it.
    /// </summary>
    Task<FleetRolloutState> Register(string hostId, long generation, IFleetObserver? observer = null);

    /// <summary><paramref name="hostId"/> compiled the candidate whose hash is <paramref name="hash"/> at <paramref name="generation"/> and serves the fleet's weight from now.</summary>
    Task<FleetRolloutState> Ready(string hostId, long generation, string hash);

    /// <summary>A host's counts for the running canary; the grain aborts the fleet when the summed counts break the rule or the host reports a failure.</summary>
    Task<FleetRolloutState> Report(FleetHostReport report);

    /// <summary>The desired state, with the hosts as last seen.</summary>
    Task<FleetRolloutState> GetState();
}
