using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FluentAI.Plugins.Loader.Events;

/// <summary>
/// Where every <see cref="HostEvent"/> goes: the audit log (its own sink: log filtering never drops
/// a line of it), the host's logger, and the host's <c>Events</c> subscribers, in that order.
/// </summary>
internal sealed class EventLog : IDisposable
{
    private readonly object _sender;
    private readonly AuditLog? _audit;
    private readonly ILogger _logger;

    public EventLog(object sender, TimeProvider time, string? auditPath, ILoggerFactory? loggers)
    {
        _sender = sender;
        Time = time;
        _audit = auditPath is null ? null : new AuditLog(auditPath);
        _logger = loggers?.CreateLogger("FluentAI.Plugins.Loader.PluginHost") ?? NullLogger.Instance;
    }

    /// <summary>The host's events, as they happen.</summary>
    public event EventHandler<HostEvent>? Raised;

    /// <summary>The host's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Now, by the host's clock.</summary>
    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>A timestamp to measure a duration from.</summary>
    public long Start() => Time.GetTimestamp();

    /// <summary>Milliseconds since <paramref name="started"/>.</summary>
    public double Since(long started) => Time.GetElapsedTime(started).TotalMilliseconds;

    public void Emit(HostEvent e)
    {
        _audit?.Write(e);
        Log.Write(_logger, e);
        Raised?.Invoke(_sender, e);
    }

    public void Dispose() => _audit?.Dispose();
}
