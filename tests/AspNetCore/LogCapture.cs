using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.AspNetCore.Tests;

/// <summary>Every message the application logs, with its category and event id.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly List<(string Category, EventId Id, LogLevel Level, string Text)> _entries = [];

    public IReadOnlyList<(string Category, EventId Id, LogLevel Level, string Text)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (owner._entries)
            {
                owner._entries.Add((category, eventId, logLevel, formatter(state, exception)));
            }
        }
    }
}
