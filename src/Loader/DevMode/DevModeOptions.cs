namespace FluentAI.Plugins.Loader.DevMode;

/// <summary>How development mode watches and reloads (SPEC §2.4 <c>dev-mode</c>, §3 <c>run --watch</c>).</summary>
public sealed class DevModeOptions
{
    /// <summary>Glob patterns, relative to the host folder, of the files to watch. Default: every <c>.ai</c> file.</summary>
    public IReadOnlyList<string> Watch { get; init; } = ["**/*.ai"];

    /// <summary>How long the files must stay quiet before a reload: editors write in bursts. Default 50 ms.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Top-level names whose values are carried into the new version untouched: their defining
    /// forms are not run again on reload (open connections, sessions).
    /// </summary>
    public IReadOnlyList<string> Preserve { get; init; } = [];

    /// <summary>
    /// Called with each changed module file instead of reloading it: the callback decides (the
    /// seed's <c>:on-change</c> calls <c>hot-reload</c> itself). Null reloads automatically.
    /// </summary>
    public Action<string>? OnChange { get; init; }

    /// <summary>Called with the file and the rendered error when a change cannot be applied.</summary>
    public Action<string, string>? OnError { get; init; }

    /// <summary>
    /// False to watch nothing on disk: only <see cref="DevWatcher.Notify"/> reports changes, and the
    /// host's <see cref="PluginHostOptions.TimeProvider"/> drives the debounce (a test's fake clock). Default true.
    /// </summary>
    public bool WatchFileSystem { get; init; } = true;

    /// <summary>Called after each successful reload.</summary>
    public Action<ReloadResult>? OnReloaded { get; init; }
}
