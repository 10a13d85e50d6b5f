namespace FluentAI.Plugins.Orleans;

/// <summary>How the silos run <see cref="IModuleRolloutGrain"/> (<see cref="FleetSiloBuilderExtensions.AddFluentAIFleet"/>).</summary>
public sealed class FleetGrainOptions
{
    /// <summary>The grain storage provider the rollout state is persisted in; register one under this name (a durable one in production).</summary>
    public const string StorageName = "fluentai-fleet";

    /// <summary>The clock the ramp and the host leases are measured on; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How often the grain's timer moves the ramp; one second by default.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A host that has not polled for this long counts as gone (not live, not ready); ten seconds by default.</summary>
    public TimeSpan HostLease { get; set; } = TimeSpan.FromSeconds(10);
}
