using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>One log message as the host wrote it.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId Id, string Message);
