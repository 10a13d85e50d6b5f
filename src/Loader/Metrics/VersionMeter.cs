using System.Collections.Concurrent;

namespace FluentAI.Plugins.Loader.Metrics;

/// <summary>
/// The figures of one module version: calls, errors and in-flight calls since it went live, and its
/// latencies over the host's window. Every measured call that enters the version ends here; a rollout
/// watching the version is told of each completed call (it decides on every call, not on a scrape).
/// </summary>
internal sealed class VersionMeter
{
    private readonly HostMeter _host;
    private readonly ConcurrentDictionary<string, KeyValuePair<string, object?>[]> _errorTags = new(StringComparer.Ordinal);
    private volatile KeyValuePair<string, object?>[] _tags;
    private string? _role;
    private long _entered;
    private long _completed;
    private long _errors;

    public VersionMeter(HostMeter host, string path, string name, long version)
    {
        _host = host;
        Path = path;
        Name = name;
        Version = version;
        Latency = new LatencyWindow(host.Time, host.Window);
        _tags = Tags(null);
    }

    public string Path { get; }

    public string Name { get; }

    public long Version { get; }

    /// <summary><c>stable</c> or <c>canary</c> while a rollout runs, else null (the tag is then left out).</summary>
    public string? Role
    {
        get => _role;
        set
        {
            _role = value;
            _errorTags.Clear();
            _tags = Tags(value);
        }
    }

    public LatencyWindow Latency { get; }

    public long Calls => Volatile.Read(ref _completed);

    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Calls that entered and have not completed: the version is released only once this is zero.</summary>
    public long Active => Volatile.Read(ref _entered) - Volatile.Read(ref _completed);

    public double ErrorRate => Calls is var calls and > 0 ? Errors / (double)calls : 0;

    /// <summary>Told of every completed call (true when it failed): the rollout that watches this version.</summary>
    public Action<VersionMeter, bool>? Completed { get; set; }

    /// <summary>The tags of every measurement: name, version and (during a rollout) role; never an argument or a key.</summary>
    public KeyValuePair<string, object?>[] CurrentTags => _tags;

    /// <summary>A call enters: returns its start timestamp.</summary>
    public long Enter()
    {
        Interlocked.Increment(ref _entered);
        return _host.Time.GetTimestamp();
    }

    /// <summary>The call that entered at <paramref name="started"/> returned.</summary>
    public void Exit(long started) => Complete(started, null);

    /// <summary>The call that entered at <paramref name="started"/> threw <paramref name="error"/>. False, so an exception filter can call it.</summary>
    public bool Failed(long started, Exception error)
    {
        Complete(started, error);
        return false;
    }

    private void Complete(long started, Exception? error)
    {
        var now = _host.Time.GetTimestamp();
        var elapsed = now - started;
        if (error is not null)
        {
            Interlocked.Increment(ref _errors);
        }

        Interlocked.Increment(ref _completed);
        Latency.Record(now, elapsed);
        var duration = _host.Duration;
        if (duration.Enabled)
        {
            var seconds = elapsed / (double)_host.Time.TimestampFrequency;
            duration.Record(seconds, error is null ? _tags : ErrorTags(error));
        }

        Completed?.Invoke(this, error is not null);
    }

    private KeyValuePair<string, object?>[] ErrorTags(Exception error)
    {
        var type = error is FluentAIException f ? f.Code : error.GetType().FullName ?? error.GetType().Name;
        return _errorTags.GetOrAdd(type, t => [.. _tags, new("error.type", t)]);
    }

    private KeyValuePair<string, object?>[] Tags(string? role) => role is null
        ? [new(HostMeter.ModuleTag, Name), new(HostMeter.VersionTag, Version)]
        : [new(HostMeter.ModuleTag, Name), new(HostMeter.VersionTag, Version), new(HostMeter.RoleTag, role)];
}
