using System.Globalization;
using FluentAI.Plugins.Loader.Events;

namespace FluentAI.Plugins.Loader;

/// <summary>What the host did to a module; <see cref="HostEvent.Event"/> is its name in the audit log.</summary>
public enum HostEventKind
{
    /// <summary><c>load</c>: a module was loaded (or failed to load: <see cref="HostEvent.Ok"/> is false).</summary>
    Load,

    /// <summary><c>reloading</c>: a reload started.</summary>
    Reloading,

    /// <summary><c>reload</c>: a module was re-instantiated by a reload (the changed one or a dependent).</summary>
    Reload,

    /// <summary><c>reload-rejected</c>: a reload was rejected; the running versions stay.</summary>
    ReloadRejected,

    /// <summary><c>rollback</c>: a module went back to its previous version (or could not).</summary>
    Rollback,

    /// <summary><c>migration</c>: one step of a state migration ran.</summary>
    Migration,

    /// <summary><c>state-warning</c>: state was kept but looks wrong (a changed shape, a function value in a cell).</summary>
    StateWarning,

    /// <summary><c>unload</c>: a replaced load context was collected.</summary>
    Unload,

    /// <summary><c>unload-failed</c>: a replaced load context stayed alive; <see cref="HostEvent.Error"/> names the likely holder.</summary>
    UnloadFailed,

    /// <summary>
    /// <c>task-failed</c>: a task started by <c>spawn</c> in the module failed, or an actor's handler did
    /// (<see cref="HostEvent.Detail"/> names the actor, <c>actor #&lt;actor:1&gt;</c>); <see cref="HostEvent.Exception"/> says where.
    /// </summary>
    TaskFailed,

    /// <summary><c>safe-reload</c>: a safe reload's rollback window opened, or closed with every check passed.</summary>
    SafeReload,

    /// <summary><c>pre-check</c>: a pre-check ran on the new version before the swap (<see cref="HostEvent.Ok"/> says whether it passed).</summary>
    PreCheck,

    /// <summary><c>post-check</c>: a post-check ran during a rollback window or a canary.</summary>
    PostCheck,

    /// <summary><c>canary-start</c>: a canary started serving its share of calls.</summary>
    CanaryStart,

    /// <summary><c>canary-step</c>: a canary's share changed (<see cref="HostEvent.Figures"/> has the weight).</summary>
    CanaryStep,

    /// <summary><c>canary-promote</c>: a canary became the running version.</summary>
    CanaryPromote,

    /// <summary><c>canary-abort</c>: a canary was aborted; calls went back to the stable version (the reason and rates say why).</summary>
    CanaryAbort,

    /// <summary>
    /// <c>retire-failed</c>: an <c>on-retire</c> hook of a retired version threw (<see cref="HostEvent.Exception"/>
    /// says where) or overran <see cref="PluginHostOptions.RetireTimeout"/>; the reload or unload went on.
    /// </summary>
    RetireFailed,

    /// <summary>
    /// <c>state-save-failed</c>: writing <see cref="PluginHostOptions.StateFile"/> failed (disk full, no permission, a value
    /// JSON cannot hold); <see cref="HostEvent.Module"/> is the state file and <see cref="HostEvent.Error"/> says why. The
    /// file on the disk is the last complete write; the host goes on and tries again at the next flush. Raised once while
    /// the writes fail the same way.
    /// </summary>
    StateSaveFailed,
}

/// <summary>Something the host did to a module: one event and one audit-log line (SPEC §5.7).</summary>
public sealed class HostEvent
{
    private HostEvent(HostEventKind kind, DateTimeOffset time, string module, bool ok)
    {
        Kind = kind;
        Time = time;
        Module = module;
        Ok = ok;
    }

    /// <summary>What happened.</summary>
    public HostEventKind Kind { get; }

    /// <summary>The kind's name as the audit log writes it: <c>load</c>, <c>reload-rejected</c>, <c>unload-failed</c>, …</summary>
    public string Event => Names.Of(Kind);

    /// <summary>When it happened (from the host's <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The module file (for <c>state-save-failed</c>, the state file).</summary>
    public string Module { get; }

    /// <summary>The version before, or null.</summary>
    public long? FromVersion { get; private init; }

    /// <summary>The version after, or null.</summary>
    public long? ToVersion { get; private init; }

    /// <summary>Whether it succeeded.</summary>
    public bool Ok { get; }

    /// <summary>How long it took, in milliseconds.</summary>
    public double DurationMs { get; private init; }

    /// <summary>Why it failed, when it did (for <c>unload-failed</c>: what likely holds the context).</summary>
    public string? Error { get; private init; }

    /// <summary>Extra facts: the reason a module was reloaded, a migration's line, how many collections an unload took.</summary>
    public string? Detail { get; private init; }

    /// <summary>The figures that decided a production reload's step (rates, call counts, weight), by name; written to the audit log as <c>figures</c>.</summary>
    public IReadOnlyDictionary<string, double>? Figures { get; private init; }

    /// <summary>The error, with its <c>.ai</c> location, for the kinds that come from one (<c>task-failed</c>, <c>retire-failed</c>); not written to the audit log.</summary>
    public FluentAIException? Exception { get; private init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Time:O} {Event} {Module} v{FromVersion}->v{ToVersion} ok={Ok} {DurationMs:0.###} ms{(Error is null ? "" : " error: " + Error)}{(Detail is null ? "" : " (" + Detail + ")")}");

    internal static HostEvent Loaded(DateTimeOffset time, string module, long version, double durationMs) =>
        new(HostEventKind.Load, time, module, true) { ToVersion = version, DurationMs = durationMs };

    internal static HostEvent LoadFailed(DateTimeOffset time, string module, double durationMs, string error) =>
        new(HostEventKind.Load, time, module, false) { DurationMs = durationMs, Error = error };

    internal static HostEvent ReloadStarted(DateTimeOffset time, string module, long from) =>
        new(HostEventKind.Reloading, time, module, true) { FromVersion = from };

    internal static HostEvent Reloaded(DateTimeOffset time, string module, long from, long to, double durationMs, string reason) =>
        new(HostEventKind.Reload, time, module, true) { FromVersion = from, ToVersion = to, DurationMs = durationMs, Detail = reason };

    internal static HostEvent Rejected(DateTimeOffset time, string module, long from, double durationMs, string error) =>
        new(HostEventKind.ReloadRejected, time, module, false) { FromVersion = from, DurationMs = durationMs, Error = error };

    internal static HostEvent RolledBack(DateTimeOffset time, string module, long from, long to, double durationMs, string reason) =>
        new(HostEventKind.Rollback, time, module, true) { FromVersion = from, ToVersion = to, DurationMs = durationMs, Detail = reason };

    internal static HostEvent RollbackFailed(DateTimeOffset time, string module, long from, double durationMs, string error) =>
        new(HostEventKind.Rollback, time, module, false) { FromVersion = from, DurationMs = durationMs, Error = error };

    internal static HostEvent Migrated(DateTimeOffset time, string module, long from, long to, double durationMs, string line) =>
        new(HostEventKind.Migration, time, module, true) { FromVersion = from, ToVersion = to, DurationMs = durationMs, Detail = line };

    internal static HostEvent StateWarned(DateTimeOffset time, string module, string warning) =>
        new(HostEventKind.StateWarning, time, module, true) { Detail = warning };

    internal static HostEvent Unloaded(DateTimeOffset time, UnloadReport report, double durationMs) =>
        new(report.Unloaded ? HostEventKind.Unload : HostEventKind.UnloadFailed, time, report.Module, report.Unloaded)
        {
            FromVersion = report.Version,
            DurationMs = durationMs,
            Error = report.Unloaded ? null : report.Holder,
            Detail = Messages.GcPasses(report.GcPasses),
        };

    internal static HostEvent RetireFailed(DateTimeOffset time, string module, long version, double durationMs, string error, FluentAIException? exception) =>
        new(HostEventKind.RetireFailed, time, module, false) { FromVersion = version, DurationMs = durationMs, Error = error, Exception = exception };

    internal static HostEvent StateSaveFailed(DateTimeOffset time, string stateFile, string error) =>
        new(HostEventKind.StateSaveFailed, time, stateFile, false) { Error = error };

    internal static HostEvent TaskFailed(DateTimeOffset time, string module, long version, FluentAIException error, string? detail = null) =>
        new(HostEventKind.TaskFailed, time, module, false) { FromVersion = version, Error = error.Render(), Exception = error, Detail = detail };

    internal static HostEvent WindowOpened(DateTimeOffset time, string module, long from, long to, double durationMs, DateTimeOffset ends) =>
        new(HostEventKind.SafeReload, time, module, true) { FromVersion = from, ToVersion = to, DurationMs = durationMs, Detail = Messages.WindowOpen(ends) };

    internal static HostEvent WindowClosed(DateTimeOffset time, string module, long from, long to, string reason, IReadOnlyDictionary<string, double> figures) =>
        new(HostEventKind.SafeReload, time, module, true) { FromVersion = from, ToVersion = to, Detail = reason, Figures = figures };

    internal static HostEvent WindowRolledBack(DateTimeOffset time, string module, long from, long to, double durationMs, string reason, IReadOnlyDictionary<string, double> figures, int lostWrites) =>
        new(HostEventKind.Rollback, time, module, true)
        {
            FromVersion = from,
            ToVersion = to,
            DurationMs = durationMs,
            Detail = lostWrites == 0 ? reason : $"{reason}; {lostWrites} state cell{(lostWrites == 1 ? "" : "s")} lost writes made during the window",
            Figures = figures,
        };

    internal static HostEvent PreChecked(DateTimeOffset time, string module, long from, long to, double durationMs, string? failure) =>
        new(HostEventKind.PreCheck, time, module, failure is null) { FromVersion = from, ToVersion = to, DurationMs = durationMs, Error = failure };

    internal static HostEvent PostChecked(DateTimeOffset time, string module, long version, double durationMs, string? failure, (long Calls, long Errors) figures) =>
        new(HostEventKind.PostCheck, time, module, failure is null)
        {
            ToVersion = version,
            DurationMs = durationMs,
            Error = failure,
            Figures = new Dictionary<string, double> { ["calls"] = figures.Calls, ["errors"] = figures.Errors, ["errorRate"] = figures.Calls == 0 ? 0 : figures.Errors / (double)figures.Calls },
        };

    internal static HostEvent CanaryStarted(DateTimeOffset time, string module, long from, long to, double durationMs, double weight) =>
        new(HostEventKind.CanaryStart, time, module, true)
        {
            FromVersion = from,
            ToVersion = to,
            DurationMs = durationMs,
            Detail = string.Create(CultureInfo.InvariantCulture, $"weight {weight:0.##} %"),
            Figures = new Dictionary<string, double> { ["weight"] = weight },
        };

    internal static HostEvent CanaryStepped(DateTimeOffset time, string module, long from, long to, double weight, IReadOnlyDictionary<string, double> figures) =>
        new(HostEventKind.CanaryStep, time, module, true) { FromVersion = from, ToVersion = to, Detail = string.Create(CultureInfo.InvariantCulture, $"weight {weight:0.##} %"), Figures = figures };

    internal static HostEvent CanaryPromoted(DateTimeOffset time, string module, long from, long to, string reason, IReadOnlyDictionary<string, double> figures) =>
        new(HostEventKind.CanaryPromote, time, module, true) { FromVersion = from, ToVersion = to, Detail = reason, Figures = figures };

    internal static HostEvent CanaryAborted(DateTimeOffset time, string module, long from, long to, string reason, IReadOnlyDictionary<string, double> figures) =>
        new(HostEventKind.CanaryAbort, time, module, true) { FromVersion = to, ToVersion = from, Detail = reason, Figures = figures };
}
