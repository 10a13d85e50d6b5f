namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Collects a host's events and waits (on the event, not on a clock) for one of a kind.</summary>
internal sealed class RolloutEvents
{
    private readonly List<HostEvent> _events = [];

    public RolloutEvents(PluginHost host) => host.Events += (_, e) =>
    {
        lock (_events)
        {
            _events.Add(e);
            Monitor.PulseAll(_events);
        }
    };

    public List<HostEvent> All
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The <paramref name="count"/>-th event of <paramref name="kind"/>, once it has happened (a post-check or an abort runs off the caller's thread).</summary>
    public HostEvent WaitFor(HostEventKind kind, int count = 1)
    {
        Assert.True(count > 0);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        lock (_events)
        {
            while (_events.Count(e => e.Kind == kind) < count)
            {
                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero, $"no {kind} event #{count}; had: {string.Join("; ", _events)}");
                Monitor.Wait(_events, left);
            }

            return _events.Where(e => e.Kind == kind).ElementAt(count - 1);
        }
    }

    /// <summary>Waits until the host has verified that <paramref name="version"/> of <paramref name="file"/> unloaded; fails if it reported it did not.</summary>
    public void AssertUnloaded(string file, long version)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        lock (_events)
        {
            while (true)
            {
                var verdict = _events.FirstOrDefault(e => e.Kind is HostEventKind.Unload or HostEventKind.UnloadFailed && e.FromVersion == version && Path.GetFileName(e.Module) == file);
                if (verdict is not null)
                {
                    Assert.True(verdict.Ok, verdict.ToString());
                    return;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero, $"no unload verdict for {file} v{version}; had: {string.Join("; ", _events)}");
                Monitor.Wait(_events, left);
            }
        }
    }
}
