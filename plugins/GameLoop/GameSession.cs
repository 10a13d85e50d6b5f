using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Loader.DevMode;

namespace GameLoop;

/// <summary>How a <see cref="GameSession"/> is set up.</summary>
public sealed record GameSessionOptions
{
    /// <summary>The frame loop's clock (the host keeps its own: a fake frame clock must not drive the watcher's debounce).</summary>
    public TimeProvider FrameClock { get; init; } = TimeProvider.System;

    /// <summary>Reload saved files while the game runs.</summary>
    public bool Watch { get; init; } = true;

    /// <summary>False: only <see cref="DevWatcher.Notify"/> reports changes (tests).</summary>
    public bool WatchFileSystem { get; init; } = true;

    /// <summary>How long saved files must stay quiet before the reload.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Where compiled modules are cached (null: the host's default).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Called before the modules load, to register host functions.</summary>
    public Action<PluginHost>? Configure { get; init; }
}

/// <summary>
/// The host, the two typed proxies, the watcher and the loop. The watcher reloads on its own thread
/// (it compiles a changed file while the debounce waits, then swaps it in): the game thread only
/// calls the proxies, and a reload never waits for a frame nor a frame for a reload.
/// </summary>
public sealed class GameSession : IDisposable
{
    private readonly PluginHost _host;
    private int _reloads;
    private int _rejections;

    /// <summary>Loads <c>world.ai</c> and <c>enemy-ai.ai</c> from <paramref name="folder"/> and starts watching it.</summary>
    /// <exception cref="ModuleLoadException">A module did not load (nothing runs).</exception>
    public GameSession(string folder, GameSessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _host = PluginHost.Create(folder, new PluginHostOptions { CacheDirectory = options.CacheDirectory });
        try
        {
            Monitor.Attach(_host);
            options.Configure?.Invoke(_host);
            World = _host.As<IWorld>("world.ai");
            Ai = _host.As<IEnemyAi>("enemy-ai.ai");
            Loop = new FrameLoop(World, Ai, options.FrameClock, Monitor);
            Watcher = options.Watch
                ? _host.Watch(new DevModeOptions
                {
                    Debounce = options.Debounce,
                    WatchFileSystem = options.WatchFileSystem,
                    OnReloaded = result =>
                    {
                        Interlocked.Increment(ref _reloads);
                        Reloaded?.Invoke(result);
                    },
                    OnError = (file, message) =>
                    {
                        Interlocked.Increment(ref _rejections);
                        Rejected?.Invoke(file, message);
                    },
                })
                : null;
        }
        catch
        {
            _host.Dispose();
            throw;
        }
    }

    /// <summary>After each reload applied, on the watcher's thread.</summary>
    public event Action<ReloadResult>? Reloaded;

    /// <summary>After each change that was rejected (the old version keeps running), with the file and the error rendered with its caret.</summary>
    public event Action<string, string>? Rejected;

    /// <summary>The folder the modules come from.</summary>
    public string Folder => _host.Root;

    /// <summary>The loop; call it from one thread only.</summary>
    public FrameLoop Loop { get; }

    /// <summary>The world module's proxy.</summary>
    public IWorld World { get; }

    /// <summary>The enemy AI's proxy.</summary>
    public IEnemyAi Ai { get; }

    /// <summary>Which frames reloads overlap.</summary>
    public ReloadMonitor Monitor { get; } = new();

    /// <summary>The watcher, when watching.</summary>
    public DevWatcher? Watcher { get; }

    /// <summary>Reloads applied so far.</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    /// <summary>Changes rejected so far.</summary>
    public int Rejections => Volatile.Read(ref _rejections);

    /// <summary>Stops watching and unloads every module.</summary>
    public void Dispose()
    {
        Watcher?.Dispose();
        _host.Dispose();
    }
}
