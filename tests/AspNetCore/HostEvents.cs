using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.AspNetCore.Tests;

/// <summary>Collects a host's events and waits (on the event, never on a clock) for one of a kind.</summary>
internal sealed class HostEvents
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly List<HostEvent> _events = [];

    public HostEvents(PluginHost host) => host.Events += (_, e) =>
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

    /// <summary>The <paramref name="count"/>-th event of <paramref name="kind"/>, once it has happened.</summary>
    public HostEvent WaitFor(HostEventKind kind, int count = 1) =>
        WaitUntil(events => events.Where(e => e.Kind == kind).Skip(count - 1).FirstOrDefault(), $"{kind} #{count}");

    /// <summary>Waits for the host's verdict on <paramref name="version"/> of <paramref name="file"/>; fails if it did not unload.</summary>
    public void AssertUnloaded(string file, long version)
    {
        var verdict = WaitUntil(
            events => events.FirstOrDefault(e => e.Kind is HostEventKind.Unload or HostEventKind.UnloadFailed && e.FromVersion == version && Path.GetFileName(e.Module) == file),
            $"the unload verdict of {file} v{version}");
        Assert.True(verdict.Ok, verdict.ToString());
    }

    private HostEvent WaitUntil(Func<List<HostEvent>, HostEvent?> find, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        lock (_events)
        {
            while (true)
            {
                if (find(_events) is { } found)
                {
                    return found;
                }

                var left = deadline - DateTime.UtcNow;
                Assert.True(left > TimeSpan.Zero, $"no {what} within {Limit.TotalSeconds} s; had: {string.Join("; ", _events)}");
                Monitor.Wait(_events, left);
            }
        }
    }
}
