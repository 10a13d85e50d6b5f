using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Loader.DevMode;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>What <see cref="ServiceCollectionExtensions.AddFluentAIPlugins"/> sets up: the module folder, the modules to load at start, and development mode.</summary>
public sealed class FluentAIPluginsOptions
{
    /// <summary>The folder modules are loaded from (the host's root). Relative paths are taken from the current directory.</summary>
    public string Root { get; set; } = "plugins";

    /// <summary>Modules (paths relative to <see cref="Root"/>) loaded when the application starts; a module that fails to load stops the start with its located error.</summary>
    public IList<string> Modules { get; } = [];

    /// <summary>Reload modules when their files change (development mode, <c>host.Watch</c>); broken saves are logged with their location and change nothing.</summary>
    public bool Watch { get; set; }

    /// <summary>The development mode's settings when <see cref="Watch"/> is on; null takes the defaults.</summary>
    public DevModeOptions? DevMode { get; set; }

    /// <summary>Serve the admin endpoints to non-loopback clients too. Off by default: only 127.0.0.1 and ::1 may reload.</summary>
    public bool AllowRemoteAdmin { get; set; }

    /// <summary>
    /// The host's options. The logger factory, meter factory and time provider are taken from the
    /// service provider unless set here; <see cref="PluginHostOptions.MeasureCalls"/> is on, so
    /// the admin status and the health rules have per-version figures.
    /// </summary>
    public PluginHostOptions Host { get; } = new() { MeasureCalls = true };
}
