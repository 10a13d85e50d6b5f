using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.Loader.Events;

/// <summary>
/// Every host event as a log message with a stable EventId (docs/hosting.md lists them): 1 load,
/// 2 load-failed, 3 reloading, 4 reload, 5 reload-rejected, 6 rollback, 7 rollback-failed,
/// 8 migration, 9 state-warning, 10 unload, 11 unload-failed, 12 task-failed, 13 retire-failed, 14 state-save-failed,
/// 20 safe-reload, 21 pre-check, 22 post-check, 23 canary-start, 24 canary-step, 25 canary-promote, 26 canary-abort.
/// </summary>
internal static partial class Log
{
    public static void Write(ILogger logger, HostEvent e)
    {
        switch (e.Kind)
        {
            case HostEventKind.Load when e.Ok:
                Loaded(logger, e.Module, e.ToVersion, e.DurationMs);
                break;
            case HostEventKind.Load:
                LoadFailed(logger, e.Module, e.Error);
                break;
            case HostEventKind.Reloading:
                Reloading(logger, e.Module, e.FromVersion);
                break;
            case HostEventKind.Reload:
                Reloaded(logger, e.Module, e.FromVersion, e.ToVersion, e.Detail, e.DurationMs);
                break;
            case HostEventKind.ReloadRejected:
                Rejected(logger, e.Module, e.FromVersion, e.Error);
                break;
            case HostEventKind.Rollback when e.Ok:
                RolledBack(logger, e.Module, e.FromVersion, e.ToVersion, e.Detail, e.DurationMs);
                break;
            case HostEventKind.Rollback:
                RollbackFailed(logger, e.Module, e.FromVersion, e.Error);
                break;
            case HostEventKind.Migration:
                Migrated(logger, e.Module, e.Detail);
                break;
            case HostEventKind.StateWarning:
                StateWarning(logger, e.Module, e.Detail);
                break;
            case HostEventKind.Unload:
                Unloaded(logger, e.Module, e.FromVersion, e.Detail);
                break;
            case HostEventKind.UnloadFailed:
                UnloadFailed(logger, e.Module, e.FromVersion, e.Error);
                break;
            case HostEventKind.TaskFailed:
                TaskFailed(logger, e.Module, e.FromVersion, e.Error);
                break;
            case HostEventKind.SafeReload:
                SafeReload(logger, e.Module, e.FromVersion, e.ToVersion, e.Detail);
                break;
            case HostEventKind.PreCheck:
                PreCheck(logger, e.Module, e.ToVersion, e.Ok, e.Error);
                break;
#pragma warning disable CA1873 // The figures' text is made only under the IsEnabled guard of the case.
            case HostEventKind.PostCheck when e.Ok && logger.IsEnabled(LogLevel.Debug):
                PostCheck(logger, LogLevel.Debug, e.Module, e.ToVersion, "passed", Text(e.Figures));
                break;
            case HostEventKind.PostCheck when !e.Ok && logger.IsEnabled(LogLevel.Warning):
                PostCheck(logger, LogLevel.Warning, e.Module, e.ToVersion, e.Error ?? "failed", Text(e.Figures));
                break;
#pragma warning restore CA1873
            case HostEventKind.PostCheck:
                break;
            case HostEventKind.CanaryStart:
                CanaryStart(logger, e.Module, e.ToVersion, e.FromVersion, e.Detail);
                break;
            case HostEventKind.CanaryStep:
                CanaryStep(logger, e.Module, e.ToVersion, e.Detail);
                break;
            case HostEventKind.CanaryPromote:
                CanaryPromote(logger, e.Module, e.ToVersion, e.Detail);
                break;
#pragma warning disable CA1873 // As above.
            case HostEventKind.CanaryAbort when logger.IsEnabled(LogLevel.Warning):
                CanaryAbort(logger, e.Module, e.FromVersion, e.Detail, Text(e.Figures));
                break;
#pragma warning restore CA1873
            case HostEventKind.CanaryAbort:
                break;
            case HostEventKind.RetireFailed:
                RetireFailed(logger, e.Module, e.FromVersion, e.Error);
                break;
            case HostEventKind.StateSaveFailed:
                StateSaveFailed(logger, e.Module, e.Error);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.Kind, null);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "load", Level = LogLevel.Information, Message = "Loaded {Module} v{Version} in {DurationMs:0.###} ms")]
    private static partial void Loaded(ILogger logger, string module, long? version, double durationMs);

    [LoggerMessage(EventId = 2, EventName = "load-failed", Level = LogLevel.Error, Message = "Loading {Module} failed: {Error}")]
    private static partial void LoadFailed(ILogger logger, string module, string? error);

    [LoggerMessage(EventId = 3, EventName = "reloading", Level = LogLevel.Debug, Message = "Reloading {Module} from v{Version}")]
    private static partial void Reloading(ILogger logger, string module, long? version);

    [LoggerMessage(EventId = 4, EventName = "reload", Level = LogLevel.Information, Message = "Reloaded {Module} v{FromVersion} -> v{ToVersion} ({Reason}) in {DurationMs:0.###} ms")]
    private static partial void Reloaded(ILogger logger, string module, long? fromVersion, long? toVersion, string? reason, double durationMs);

    [LoggerMessage(EventId = 5, EventName = "reload-rejected", Level = LogLevel.Warning, Message = "Reload of {Module} rejected, v{Version} keeps running: {Error}")]
    private static partial void Rejected(ILogger logger, string module, long? version, string? error);

    [LoggerMessage(EventId = 6, EventName = "rollback", Level = LogLevel.Warning, Message = "Rolled back {Module} v{FromVersion} -> v{ToVersion} ({Reason}) in {DurationMs:0.###} ms")]
    private static partial void RolledBack(ILogger logger, string module, long? fromVersion, long? toVersion, string? reason, double durationMs);

    [LoggerMessage(EventId = 7, EventName = "rollback-failed", Level = LogLevel.Error, Message = "Rollback of {Module} v{Version} failed: {Error}")]
    private static partial void RollbackFailed(ILogger logger, string module, long? version, string? error);

    [LoggerMessage(EventId = 8, EventName = "migration", Level = LogLevel.Information, Message = "{Module}: {Migration}")]
    private static partial void Migrated(ILogger logger, string module, string? migration);

    [LoggerMessage(EventId = 9, EventName = "state-warning", Level = LogLevel.Warning, Message = "{Module}: {Warning}")]
    private static partial void StateWarning(ILogger logger, string module, string? warning);

    [LoggerMessage(EventId = 10, EventName = "unload", Level = LogLevel.Debug, Message = "Unloaded {Module} v{Version} ({Detail})")]
    private static partial void Unloaded(ILogger logger, string module, long? version, string? detail);

    [LoggerMessage(EventId = 11, EventName = "unload-failed", Level = LogLevel.Warning, Message = "{Module} v{Version} did not unload: {Holder}")]
    private static partial void UnloadFailed(ILogger logger, string module, long? version, string? holder);

    [LoggerMessage(EventId = 12, EventName = "task-failed", Level = LogLevel.Error, Message = "A task spawned by {Module} v{Version} failed: {Error}")]
    private static partial void TaskFailed(ILogger logger, string module, long? version, string? error);

    [LoggerMessage(EventId = 13, EventName = "retire-failed", Level = LogLevel.Warning, Message = "An on-retire hook of {Module} v{Version} failed: {Error}")]
    private static partial void RetireFailed(ILogger logger, string module, long? version, string? error);

    [LoggerMessage(EventId = 14, EventName = "state-save-failed", Level = LogLevel.Error, Message = "Writing the state file {StateFile} failed: {Error}")]
    private static partial void StateSaveFailed(ILogger logger, string stateFile, string? error);

    [LoggerMessage(EventId = 20, EventName = "safe-reload", Level = LogLevel.Information, Message = "Safe reload of {Module} v{FromVersion} -> v{ToVersion}: {Detail}")]
    private static partial void SafeReload(ILogger logger, string module, long? fromVersion, long? toVersion, string? detail);

    [LoggerMessage(EventId = 21, EventName = "pre-check", Level = LogLevel.Information, Message = "Pre-check of {Module} v{Version}: passed={Passed} {Error}")]
    private static partial void PreCheck(ILogger logger, string module, long? version, bool passed, string? error);

    [LoggerMessage(EventId = 22, EventName = "post-check", Message = "Post-check of {Module} v{Version}: {Outcome} ({Figures})")]
    private static partial void PostCheck(ILogger logger, LogLevel level, string module, long? version, string outcome, string figures);

    [LoggerMessage(EventId = 23, EventName = "canary-start", Level = LogLevel.Information, Message = "Canary {Module} v{Version} beside v{StableVersion} started: {Detail}")]
    private static partial void CanaryStart(ILogger logger, string module, long? version, long? stableVersion, string? detail);

    [LoggerMessage(EventId = 24, EventName = "canary-step", Level = LogLevel.Information, Message = "Canary {Module} v{Version}: {Detail}")]
    private static partial void CanaryStep(ILogger logger, string module, long? version, string? detail);

    [LoggerMessage(EventId = 25, EventName = "canary-promote", Level = LogLevel.Information, Message = "Canary {Module} v{Version} promoted ({Reason})")]
    private static partial void CanaryPromote(ILogger logger, string module, long? version, string? reason);

    [LoggerMessage(EventId = 26, EventName = "canary-abort", Level = LogLevel.Warning, Message = "Canary {Module} v{Version} aborted: {Reason} ({Figures})")]
    private static partial void CanaryAbort(ILogger logger, string module, long? version, string? reason, string figures);

    /// <summary>The figures of an event as <c>calls=40 errors=2 errorRate=0.05</c>.</summary>
    private static string Text(IReadOnlyDictionary<string, double>? figures) =>
        figures is null ? "" : string.Join(' ', figures.Select(f => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Key}={Math.Round(f.Value, 4)}")));
}
