using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.Metrics;
using FluentAI.Plugins.Loader.State;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// A safe reload's rollback window: the new versions serve every call (measured, so the post-check can
/// read their error rate), the previous ones stay loaded, and a rollback publishes them again — code and
/// state in one step — without compiling or instantiating anything.
/// </summary>
internal sealed class SafeWindow : Rollout
{
    private readonly StateSnapshot _before;
    private readonly Dictionary<StateCell, object?> _atSwap;
    private readonly Dictionary<ModuleNode, NodeSource> _sources;
    private readonly DateTimeOffset _ends;

    /// <summary>What each module of the unit was built from before the reload: put back by a rollback.</summary>
    public sealed record NodeSource(Compiler.ParsedModule? Parsed, List<ModuleNode> Imports, Compiler.ParsedModule? Previous, StateSnapshot? PreviousState)
    {
        /// <summary>Puts <paramref name="node"/>'s source and imports back (with <paramref name="rollback"/>, also what a later rollback goes back to).</summary>
        public void Restore(ModuleNode node, bool rollback)
        {
            node.Parsed = Parsed;
            node.Imports.Clear();
            node.Imports.AddRange(Imports);
            if (rollback)
            {
                node.Previous = Previous;
                node.PreviousState = PreviousState;
            }
        }
    }

    public SafeWindow(RolloutServices services, ModuleNode changed, IReadOnlyList<ModuleNode> unit, Dictionary<ModuleNode, Generation> stable, Dictionary<ModuleNode, Generation> fresh, Dictionary<ModuleNode, NodeSource> sources, StateSnapshot before, SafeReloadOptions options)
        : base(services, changed, unit, stable, fresh, options.PostCheck, options.CheckTimeout)
    {
        _before = before;
        _sources = sources;
        _ends = Started + options.RollbackAfter;

        // The value of every cell of the unit as the swap published it: a later write is one the rollback may lose.
        var paths = unit.Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
        _atSwap = services.Link.State.Cells.Where(c => paths.Contains(c.Module)).ToDictionary(c => c, c => c.Value);
        StartTicking(options.CheckInterval);
        WarmRollbackPath();
    }

    public override string Kind => "safe-reload";

    /// <summary>What the swap publishes each new function behind: a measuring function of its version (the post-check reads its figures).</summary>
    public static Func<Generation, Fn, Fn> Measuring(HostMeter meter) => (generation, fn) => new MeasuredFn(fn, meter.For(generation.Node.Path, generation.Version));

    public override (long Calls, long Errors) Figures() =>
        Services.Meter.Find(Path, FreshVersion) is { } m ? (m.Calls, m.Errors) : (0, 0);

    public override RolloutStatus Status()
    {
        var (calls, errors) = Figures();
        return new(Path, Kind, Finished ? Phase : "window", StableVersion, FreshVersion, 100, 0, 0, calls, errors, Started, _ends, Reason);
    }

    private string Phase { get; set; } = "window";

    protected override bool OnTick(DateTimeOffset now) => now >= _ends;

    /// <summary>The window closed with every check passed: the previous versions are released and their unload verified.</summary>
    protected override void Passed() => Commit(Messages.WindowPassed);

    /// <summary>Ends the window now, keeping the new versions (<see cref="PluginHost.Promote"/>).</summary>
    public void Commit(string reason)
    {
        Finished = true;
        Dispose();
        Phase = "committed";
        Reason = reason;
        Unroute();
        var (calls, errors) = Figures();
        Services.Events.Emit(HostEvent.WindowClosed(Services.Events.Now, Path, StableVersion, FreshVersion, reason, Decided(("calls", calls), ("errors", errors))));
        Release([.. Stable.Values]);
    }

    protected override List<Generation> Kept() => [.. Stable.Values];

    protected override void CheckFailed(string reason) => RollBack(reason, "post-check");

    /// <summary>
    /// Puts the previous versions back: their definitions to the slots and the state as the down-migrations
    /// (or the snapshot) say, in one publication under the host's lock; then releases the new versions.
    /// </summary>
    /// <returns>How long it took from the decision to the old code serving, in milliseconds.</returns>
    public double RollBack(string reason, string cause)
    {
        var decided = Services.Events.Start();
        Finished = true;
        Dispose();
        Phase = "rolled-back";
        Reason = reason;

        // State first computed, then published with the code: down-migrations are user code and may fail.
        var staging = new StateStaging();
        var lost = 0;
        var paths = Unit.Select(n => n.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in _before.Entries.Where(e => paths.Contains(e.Cell.Module)))
        {
            var cell = entry.Cell;
            if (cell.Version == entry.Version)
            {
                continue;
            }

            var fresh = Fresh.FirstOrDefault(f => f.Key.Path == cell.Module).Value;
            if (fresh?.DownMigrations.GetValueOrDefault(cell.Name)?.GetValueOrDefault(entry.Version) is { } down && TryDown(down, cell.Value, out var back))
            {
                staging.Set(cell, entry.Version, back);
                continue;
            }

            if (!ReferenceEquals(cell.Value, _atSwap.GetValueOrDefault(cell)))
            {
                lost++;
            }

            staging.Set(cell, entry.Version, entry.Value);
        }

        // Calls running on the new versions finish on them; the previous versions' links follow the slots again.
        foreach (var generation in Fresh.Values)
        {
            Bind(generation, Fresh);
        }

        // The publication: one step under the host's lock, as a swap is.
        foreach (var (node, generation) in Stable)
        {
            foreach (var writer in node.Slots)
            {
                writer.Slot.Route(null);
                generation.Defined.TryGetValue(writer.Slot.Name, out var value);
                if (value is not null || writer.Slot.Value is not null)
                {
                    writer.Publish(value, generation.Version);
                }
            }

            node.Current = generation;
        }

        staging.Publish();
        var took = Services.Events.Since(decided);

        // The new version's figures as it stops serving: every call it failed, up to the publication.
        var (calls, errors) = Figures();
        foreach (var generation in Stable.Values)
        {
            Unbind(generation);
        }

        foreach (var (node, source) in _sources)
        {
            source.Restore(node, rollback: true);
        }

        foreach (var node in Fresh.Keys.Where(n => !Stable.ContainsKey(n)))
        {
            // A module the new version newly imported and nothing else uses: no longer current.
            node.Current = null;
        }

        var figures = Decided(("calls", calls), ("errors", errors), ("errorRate", calls == 0 ? 0 : errors / (double)calls), ("lostWrites", lost), ("rollbackMs", took));
        Services.Meter.Rollbacks.Add(1, new KeyValuePair<string, object?>(HostMeter.ModuleTag, Changed.Manifest?.Name ?? System.IO.Path.GetFileNameWithoutExtension(Path)), new KeyValuePair<string, object?>("fluentai.rollback.reason", cause));
        Services.Events.Emit(HostEvent.WindowRolledBack(Services.Events.Now, Path, FreshVersion, StableVersion, took, reason, figures, lost));
        Release([.. Fresh.Values]);
        return took;
    }

    private static int s_warmed;

    /// <summary>
    /// Compiles the rollback path in the background when the process's first window opens: otherwise the first
    /// rollback pays the JIT (6.5 ms measured) between its decision and the old code serving.
    /// </summary>
    private static void WarmRollbackPath()
    {
        if (Interlocked.Exchange(ref s_warmed, 1) != 0)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static _ =>
            {
                var flags = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly;
                foreach (var type in new[] { typeof(SafeWindow), typeof(Rollout), typeof(Link), typeof(Slot), typeof(SlotWriter), typeof(StateStaging), typeof(StateCell), typeof(HostEvent), typeof(ModuleNode) })
                {
                    foreach (var method in type.GetMethods(flags))
                    {
                        if (!method.IsAbstract && !method.ContainsGenericParameters)
                        {
                            System.Runtime.CompilerServices.RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        }
                    }
                }
            },
            null);
    }

    private static bool TryDown(Fn down, object? value, out object? back)
    {
        try
        {
            back = down.Invoke(value);
            return true;
        }
#pragma warning disable CA1031 // A failing down-migration falls back to the snapshot, and the loss is reported.
        catch (Exception)
#pragma warning restore CA1031
        {
            back = null;
            return false;
        }
    }

    private void Unroute()
    {
        foreach (var node in Fresh.Keys)
        {
            foreach (var writer in node.Slots)
            {
                writer.Slot.Route(null);
            }
        }
    }
}
