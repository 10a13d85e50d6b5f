using FluentAI.Plugins.Loader;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.Orleans;

/// <summary>How a <see cref="FleetMember"/> follows its module's rollout grain.</summary>
public sealed class FleetMemberOptions
{
    /// <summary>The host's name in the fleet; by default the machine name and process id.</summary>
    public string? HostId { get; set; }

    /// <summary>How often the member polls the grain; one second by default. An abort reaches the host within one poll.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Registers an observer so the grain pushes each new generation (best-effort; polling stays the guarantee); true by default.</summary>
    public bool Push { get; set; } = true;

    /// <summary>How often, at most, the member reports its canary counts (at a poll); two seconds by default.</summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The clock the polls and reports run on; the system clock by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Runs on this host's canary as <see cref="CanaryOptions.PostCheck"/> does; a failure aborts the canary here and
    /// is reported, which aborts it on every host.
    /// </summary>
    public Func<ReloadCheck, bool>? PostCheck { get; set; }

    /// <summary>Where the member logs what it applied (with the fleet generation); none by default.</summary>
    public ILogger? Logger { get; set; }
}
