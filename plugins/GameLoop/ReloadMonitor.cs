using FluentAI.Plugins.Loader;

namespace GameLoop;

/// <summary>
/// Knows whether a reload is under way, from the host's events (<c>reloading</c> opens one,
/// <c>reload</c> or <c>reload-rejected</c> closes it), so the loop can tell which frames a reload overlapped.
/// The events come from the thread that reloads; the game thread only reads two counters. What this does not
/// see: the watcher compiles a changed file into the cache while its debounce waits, before the reload starts,
/// and no event marks that; a frame slowed by that compile competing for the CPU is not blamed on a reload.
/// </summary>
public sealed class ReloadMonitor
{
    private int _active;
    private long _started;
    private string? _reloading;

    /// <summary>Reloads under way now.</summary>
    public bool Active => Volatile.Read(ref _active) > 0;

    /// <summary>Reloads started so far: a change between two reads means one started in between.</summary>
    public long Started => Interlocked.Read(ref _started);

    /// <summary>Follows <paramref name="host"/>'s reloads.</summary>
    public void Attach(PluginHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        // The host reloads one module at a time; a reload emits one `reload` event per module it
        // re-instantiated, and the changed module's own one (or its `reload-rejected`) ends it.
        host.Events += (_, e) =>
        {
            if (e.Kind == HostEventKind.Reloading)
            {
                _reloading = e.Module;
                Begin();
            }
            else if (e.Kind is HostEventKind.Reload or HostEventKind.ReloadRejected && e.Module == _reloading)
            {
                _reloading = null;
                End();
            }
        };
    }

    /// <summary>A reload started.</summary>
    public void Begin()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _active);
    }

    /// <summary>A reload finished, applied or rejected.</summary>
    public void End() => Interlocked.Decrement(ref _active);
}
