using System.Diagnostics.Metrics;
using FluentAI.Plugins.Loader;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>Registers a <see cref="PluginHost"/> with dependency injection.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds one <see cref="PluginHost"/> (a singleton, disposed with the container) that logs
    /// through the application's <see cref="ILoggerFactory"/>, measures through its
    /// <see cref="IMeterFactory"/> (so OpenTelemetry's <c>AddMeter("FluentAI.Plugins")</c> sees
    /// the per-version metrics) and keeps time by its <see cref="TimeProvider"/>; and a hosted
    /// service that loads <see cref="FluentAIPluginsOptions.Modules"/> at start and watches them
    /// when <see cref="FluentAIPluginsOptions.Watch"/> is on.
    /// </summary>
    public static IServiceCollection AddFluentAIPlugins(this IServiceCollection services, Action<FluentAIPluginsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<FluentAIPluginsOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<FluentAIPluginsOptions>>().Value;
            var host = options.Host;
            host.LoggerFactory ??= sp.GetService<ILoggerFactory>();
            host.MeterFactory ??= sp.GetService<IMeterFactory>();
            if (ReferenceEquals(host.TimeProvider, TimeProvider.System) && sp.GetService<TimeProvider>() is { } clock)
            {
                host.TimeProvider = clock;
            }

            return PluginHost.Create(Path.GetFullPath(options.Root), host);
        });
        services.AddHostedService<PluginHostService>();
        return services;
    }
}
