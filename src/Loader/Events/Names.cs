namespace FluentAI.Plugins.Loader.Events;

/// <summary>The audit-log names of the event kinds (SPEC §5.7, §6.4).</summary>
internal static class Names
{
    public static string Of(HostEventKind kind) => kind switch
    {
        HostEventKind.Load => "load",
        HostEventKind.Reloading => "reloading",
        HostEventKind.Reload => "reload",
        HostEventKind.ReloadRejected => "reload-rejected",
        HostEventKind.Rollback => "rollback",
        HostEventKind.Migration => "migration",
        HostEventKind.StateWarning => "state-warning",
        HostEventKind.Unload => "unload",
        HostEventKind.UnloadFailed => "unload-failed",
        HostEventKind.TaskFailed => "task-failed",
        HostEventKind.SafeReload => "safe-reload",
        HostEventKind.PreCheck => "pre-check",
        HostEventKind.PostCheck => "post-check",
        HostEventKind.CanaryStart => "canary-start",
        HostEventKind.CanaryStep => "canary-step",
        HostEventKind.CanaryPromote => "canary-promote",
        HostEventKind.CanaryAbort => "canary-abort",
        HostEventKind.RetireFailed => "retire-failed",
        HostEventKind.StateSaveFailed => "state-save-failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
