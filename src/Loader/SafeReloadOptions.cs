using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

/// <summary>
/// How <see cref="PluginHost.SafeReload"/> decides (SPEC §2.4 <c>safe-reload</c>): a pre-check before the
/// swap, then a rollback window during which a post-check runs and a failure rolls code and state back.
/// </summary>
public sealed class SafeReloadOptions
{
    /// <summary>
    /// Runs after the new version is compiled, linked and migrated and before anything is published; calls
    /// through <see cref="ReloadCheck.Call"/> (and, from <c>.ai</c>, through the module's imports) reach the new
    /// code. False or an exception rejects the reload, leaving the running version and its state as they were.
    /// </summary>
    public Func<ReloadCheck, bool>? PreCheck { get; set; }

    /// <summary>
    /// Runs during the window, at every <see cref="CheckInterval"/> and once at its end, on the host's
    /// <see cref="TimeProvider"/>. False, an exception or a run longer than <see cref="CheckTimeout"/> rolls back.
    /// </summary>
    public Func<ReloadCheck, bool>? PostCheck { get; set; }

    /// <summary>How long the previous version stays loaded, ready to be put back in one step; 30 s by default.</summary>
    public TimeSpan RollbackAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the post-check runs during the window (at most a second).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a post-check may run before it counts as failed; 5 s by default.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A one-off migration of the module's state, as <see cref="PluginHost.Reload(string, Fn?)"/> takes.</summary>
    public Fn? Migrate { get; set; }
}
