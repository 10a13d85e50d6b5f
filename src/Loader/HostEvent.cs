namespace FluentAI.Plugins.Loader;

/// <summary>
/// Something the host did to a module: one audit-log line (SPEC §5.7) and one event. Kinds:
/// <c>load</c>, <c>reloading</c>, <c>reload</c>, <c>reload-rejected</c>, <c>unload</c>, <c>unload-failed</c>,
/// and <c>task-failed</c> (a task started by <c>spawn</c> in the module failed; <see cref="Exception"/> says where).
/// </summary>
/// <param name="Time">When it happened (from the host's <see cref="TimeProvider"/>).</param>
/// <param name="Event">The kind.</param>
/// <param name="Module">The module file.</param>
/// <param name="FromVersion">The version before, or null.</param>
/// <param name="ToVersion">The version after, or null.</param>
/// <param name="Ok">Whether it succeeded.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="Error">Why it failed, when it did.</param>
public sealed record HostEvent(DateTimeOffset Time, string Event, string Module, long? FromVersion, long? ToVersion, bool Ok, double DurationMs, string? Error)
{
    /// <summary>Extra facts: the reason a module was reloaded, what holds a context alive.</summary>
    public string? Detail { get; init; }

    /// <summary>The error, with its <c>.ai</c> location, for the kinds that come from one (<c>task-failed</c>); not written to the audit log.</summary>
    public FluentAIException? Exception { get; init; }
}
