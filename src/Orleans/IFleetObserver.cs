using Orleans.Concurrency;

namespace FluentAI.Plugins.Orleans;

/// <summary>
/// What a <see cref="FleetMember"/> registers with the rollout grain so a new generation is pushed to it at once.
/// Delivery is best-effort (one-way, not persisted): the member's polling by generation is the guarantee.
/// </summary>
public interface IFleetObserver : IGrainObserver
{
    /// <summary>The desired state changed to <paramref name="generation"/>.</summary>
    [OneWay]
    Task Changed(long generation);
}
