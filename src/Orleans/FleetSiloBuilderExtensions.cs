using Microsoft.Extensions.DependencyInjection;

namespace FluentAI.Plugins.Orleans;

/// <summary>Registers the fleet rollout grain's options on a silo.</summary>
public static class FleetSiloBuilderExtensions
{
    /// <summary>
    /// Sets how this silo runs <see cref="IModuleRolloutGrain"/>. The grain also needs a grain storage named
    /// <see cref="FleetGrainOptions.StorageName"/> (<c>AddMemoryGrainStorage(FleetGrainOptions.StorageName)</c> for a
    /// demo, a database in production).
    /// </summary>
    public static ISiloBuilder AddFluentAIFleet(this ISiloBuilder builder, Action<FleetGrainOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new FleetGrainOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(options);
        return builder;
    }
}
