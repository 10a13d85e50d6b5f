using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Loader.DevMode;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>Loads the configured modules when the application starts and runs development mode while it runs.</summary>
internal sealed partial class PluginHostService(PluginHost host, IOptions<FluentAIPluginsOptions> options, ILogger<PluginHostService> logger) : IHostedService
{
    private DevWatcher? _watcher;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var module in options.Value.Modules)
        {
            // A module that cannot load stops the start: ModuleLoadException carries its location.
            var loaded = host.Load(module);
            LogLoaded(logger, loaded.Path, loaded.Version);
        }

        if (options.Value.Watch)
        {
            _watcher = host.Watch(options.Value.DevMode);
            LogWatching(logger, host.Root);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _watcher?.Dispose();
        _watcher = null;
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "FluentAI module {Module} v{Version} loaded")]
    private static partial void LogLoaded(ILogger logger, string module, long version);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Watching {Root} for changes to .ai files")]
    private static partial void LogWatching(ILogger logger, string root);
}
