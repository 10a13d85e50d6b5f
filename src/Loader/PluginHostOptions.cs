using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.Loader;

/// <summary>Settings of a <see cref="PluginHost"/>.</summary>
public sealed class PluginHostOptions
{
    private TimeSpan _retireTimeout = TimeSpan.FromSeconds(1);
    private TimeSpan _loadBudget = TimeSpan.FromSeconds(10);
    private TimeSpan _stateFlushInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where compiled modules are cached by content hash (images and PDBs). Defaults to
    /// <c>$FLUENTAI_CACHE</c>, else a <c>fluentai</c> folder in the user's cache directory.
    /// </summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// Folders besides the host's root that imports may read modules from. An import resolves only to an
    /// <c>.ai</c> file inside the root or one of these, judged after following symbolic links; any other
    /// (<c>..</c> out of the root, an absolute path elsewhere, a link pointing out) is a compile error
    /// (FAI1013) at the import, and the file is never read.
    /// </summary>
    public IList<string> AllowedRoots { get; } = [];

    /// <summary>When set, every load, reload, rejection and unload is appended to this file as a JSON line.</summary>
    public string? AuditLogPath { get; set; }

    /// <summary>
    /// When set, state cells are restored from this JSON file when the host is created (a module that
    /// then declares a newer version migrates them), and kept on the disk while the host runs: at once
    /// after a load, reload, rollback or migration that changed state; within <see cref="StateFlushInterval"/>
    /// of any other write (<c>swap!</c>, <c>reset!</c>); and a last time when the host is disposed. A crash
    /// loses at most the writes of the last interval.
    /// </summary>
    /// <remarks>
    /// Every write goes to <c>FILE.tmp</c>, is flushed to the disk (fsync), then renamed over the file (and, on
    /// Linux and macOS, the folder is flushed), so the file is always a complete snapshot; a <c>FILE.tmp</c> left
    /// by a crash is removed when the host is created. A write that fails (disk full, no permission) is a
    /// <c>state-save-failed</c> event and is tried again at the next flush; the host goes on. A file that cannot be
    /// read as state (not JSON, truncated, a missing property) makes the host's creation throw
    /// <see cref="FluentAIException"/> <c>FAI4008</c>, located in the file, and nothing is restored.
    /// </remarks>
    public string? StateFile { get; set; }

    /// <summary>
    /// How often, at most, state written by <c>swap!</c> and <c>reset!</c> reaches <see cref="StateFile"/> (default 1 s,
    /// measured by <see cref="TimeProvider"/>), like a database's "fsync every second": a timer writes the state
    /// when a cell changed since the last write. Reloads that change state write at once whatever this says.
    /// <see cref="Timeout.InfiniteTimeSpan"/> writes only after reloads and when the host is disposed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than infinite).</exception>
    public TimeSpan StateFlushInterval
    {
        get => _stateFlushInterval;
        set
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "StateFlushInterval must be positive, or Timeout.InfiniteTimeSpan");
            }

            _stateFlushInterval = value;
        }
    }

    /// <summary>
    /// Where the host logs every event (one source-generated message with a stable EventId per kind,
    /// category <c>FluentAI.Plugins.Loader.PluginHost</c>). The audit log is written whatever the log filters say.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Creates the host's Meter <c>FluentAI.Plugins</c> (the DI container's, in an app that has one), so
    /// its instruments are scoped to that factory; null creates a plain meter of that name.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>
    /// Measure every call that enters a module even when no one listens to the meter, so
    /// <see cref="PluginHost.Metrics"/> always has figures (each call then costs what a listened one costs).
    /// Off by default: calls are measured while a listener, a rollout or a check needs them.
    /// </summary>
    public bool MeasureCalls { get; set; }

    /// <summary>The sliding window of the p50/p99 latencies <see cref="PluginHost.Metrics"/> reports; one minute by default.</summary>
    public TimeSpan MetricsWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock for audit records and timers; tests inject a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long the host waits for each <c>on-retire</c> hook of a retired module version (default 1 s,
    /// measured by <see cref="TimeProvider"/>). A hook still running then is reported as a
    /// <c>retire-failed</c> event, asked to stop at its next blocking operation, and left behind: the
    /// reload or unload goes on. <see cref="Timeout.InfiniteTimeSpan"/> waits for every hook to end.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than infinite).</exception>
    public TimeSpan RetireTimeout
    {
        get => _retireTimeout;
        set
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "RetireTimeout must be positive, or Timeout.InfiniteTimeSpan");
            }

            _retireTimeout = value;
        }
    }

    /// <summary>
    /// How long the module code of one load, reload or rollback may run — its top-level forms, the
    /// state migrations it declares, a reload's <c>:migrate</c> and its pre-check — measured by
    /// <see cref="TimeProvider"/> (default 10 s). Over it the code is interrupted where it runs (its
    /// thread and the tasks it started are released), nothing of the new version is published, and the
    /// load fails with FAI3014 at the top-level form that was running; the running version keeps
    /// serving with its state. Read at the start of each load; <see cref="Timeout.InfiniteTimeSpan"/>
    /// runs module code for as long as it takes (a program whose top-level forms are the whole run).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than infinite).</exception>
    public TimeSpan LoadBudget
    {
        get => _loadBudget;
        set
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "LoadBudget must be positive, or Timeout.InfiniteTimeSpan");
            }

            _loadBudget = value;
        }
    }
}
