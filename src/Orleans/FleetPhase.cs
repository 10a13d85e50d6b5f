namespace FluentAI.Plugins.Orleans;

/// <summary>Where a module's fleet rollout stands (<see cref="FleetRolloutState.Phase"/>).</summary>
[GenerateSerializer]
public enum FleetPhase
{
    /// <summary>No rollout has started: every host runs the version it was deployed with.</summary>
    Idle,

    /// <summary>The candidate serves <see cref="FleetRolloutState.Weight"/> percent of the calls on every ready host.</summary>
    Canary,

    /// <summary>The candidate became the stable version on every host.</summary>
    Promoted,

    /// <summary>The candidate was aborted; every host serves the stable version.</summary>
    Aborted,
}
