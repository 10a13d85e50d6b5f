using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>
/// A logger factory that records what the host logs, or, with <c>enabled: false</c>, a logging setup
/// whose filters drop everything (every logger's <c>IsEnabled</c> is false).
/// </summary>
internal sealed class RecordingLoggerFactory(bool enabled = true) : ILoggerFactory
{
    private readonly List<LogEntry> _entries = [];

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    private bool Enabled => enabled;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => factory.Enabled;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (factory._entries)
            {
                factory._entries.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception)));
            }
        }
    }
}
