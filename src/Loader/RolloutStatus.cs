namespace FluentAI.Plugins.Loader;

/// <summary>
/// A production reload of a module as it stands (<see cref="PluginHost.RolloutStatus"/>): a safe reload's
/// rollback window, or a canary beside the stable version, with the figures the decisions use.
/// </summary>
/// <param name="Module">The module file that was reloaded.</param>
/// <param name="Kind"><c>safe-reload</c> or <c>canary</c>.</param>
/// <param name="Phase"><c>window</c> or <c>canary</c> while it runs; <c>committed</c>, <c>promoted</c>, <c>rolled-back</c> or <c>aborted</c> once decided.</param>
/// <param name="StableVersion">The version that ran before (kept loaded while the rollout runs).</param>
/// <param name="NewVersion">The new version.</param>
/// <param name="Weight">The share of calls, in percent, the new version gets (100 during a safe reload's window).</param>
/// <param name="StableCalls">Calls the stable side served during the rollout (canary only).</param>
/// <param name="StableErrors">How many of them threw.</param>
/// <param name="NewCalls">Calls the new version served since it went live.</param>
/// <param name="NewErrors">How many of them threw.</param>
/// <param name="Started">When the new version went live.</param>
/// <param name="Ends">When a safe reload's window closes, or a canary's ramp reaches its target; null without an end.</param>
/// <param name="Reason">Why it ended as it did (the check or rule that decided, with its figures); null while it runs.</param>
public sealed record RolloutStatus(
    string Module,
    string Kind,
    string Phase,
    long StableVersion,
    long NewVersion,
    double Weight,
    long StableCalls,
    long StableErrors,
    long NewCalls,
    long NewErrors,
    DateTimeOffset Started,
    DateTimeOffset? Ends,
    string? Reason)
{
    /// <summary>True while both versions are loaded and the outcome is open.</summary>
    public bool IsRunning => Phase is "window" or "canary";
}
