namespace FluentAI.Plugins.Loader;

/// <summary>
/// How <see cref="PluginHost.CanaryReload"/> runs a new version beside the running one (SPEC §2.4
/// <c>canary-reload</c>, §6.3): the share of calls it gets, how that share ramps up, and when it is aborted.
/// </summary>
public sealed class CanaryOptions
{
    /// <summary>The share of calls, in percent, the canary gets at first; 10 by default.</summary>
    public double Percentage { get; set; } = 10;

    /// <summary>With a value, the share rises on the host's clock over this time to <see cref="RampTarget"/> (linearly, or by <see cref="Steps"/>).</summary>
    public TimeSpan? RampDuration { get; set; }

    /// <summary>Where the ramp ends, in percent; at 100 the canary is promoted. 100 by default.</summary>
    public double RampTarget { get; set; } = 100;

    /// <summary>With a value, the ramp moves through these shares (percent), evenly spaced over <see cref="RampDuration"/>, instead of linearly.</summary>
    public IReadOnlyList<double>? Steps { get; set; }

    /// <summary>The canary is aborted when its error rate exceeds the stable side's by more than this; 0.01 by default.</summary>
    public double MaxErrorRate { get; set; } = 0.01;

    /// <summary>No verdict on the error rate before the canary has served this many calls; 20 by default.</summary>
    public int MinCalls { get; set; } = 20;

    /// <summary>Runs before the canary starts serving, as <see cref="SafeReloadOptions.PreCheck"/> does.</summary>
    public Func<ReloadCheck, bool>? PreCheck { get; set; }

    /// <summary>Runs every <see cref="CheckInterval"/> while the canary serves; a failure aborts it.</summary>
    public Func<ReloadCheck, bool>? PostCheck { get; set; }

    /// <summary>How often the post-check runs and the ramp moves (at most a second).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest a post-check may run before it counts as failed; 5 s by default.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Mixed with a call's routing key (<see cref="PluginHost.RouteBy"/>) so a key lands on the same side on every
    /// host that uses the same salt; by default the new version's content hash, the same wherever it is compiled.
    /// </summary>
    public string? Salt { get; set; }
}
