using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>Collects a host's events as they are raised (from any thread).</summary>
internal sealed class EventRecorder
{
    private readonly List<HostEvent> _events = [];

    public EventRecorder(PluginHost host) => host.Events += (_, e) =>
    {
        lock (_events)
        {
            _events.Add(e);
        }
    };

    /// <summary>The events so far, in the order they were raised.</summary>
    public IReadOnlyList<HostEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<HostEventKind> Kinds => [.. Events.Select(e => e.Kind)];
}
