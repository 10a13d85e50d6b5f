using FluentAI.Plugins.Loader.Building;
using FluentAI.Plugins.Loader.Events;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.State;
using FluentAI.Plugins.Loader.Unloading;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// Loads, reloads and rolls back modules, each as one transaction:
/// plan → build → link → migrate → pre-checks → swap → post-check window → commit, or abort.
/// The host calls it under its lock; it reaches only the parts it is given, never the host.
/// </summary>
internal sealed class ReloadPipeline(ModuleGraph graph, ModuleBuilder builder, LinkServices services, EventLog events, UnloadQueue unloads, RolloutServices rollouts, Func<TimeSpan> budget)
{
    /// <summary>The last production reload of each module of its unit (running or decided).</summary>
    private readonly Dictionary<ModuleNode, Rollout> _rollouts = [];

    /// <summary>Loads <paramref name="path"/> and every module it reaches that is not loaded yet.</summary>
    /// <exception cref="ModuleLoadException">Something failed; nothing was loaded.</exception>
    public ModuleHandle Load(string path)
    {
        if (graph.Find(path) is { Current: not null } loaded)
        {
            return Handle(loaded);
        }

        unloads.Busy();
        var started = events.Start();
        var plan = ReloadPlan.ForLoad(graph.Discover(path, File.ReadAllText));
        Outcome outcome;
        try
        {
            outcome = Run(plan);
        }
        catch (Exception e) when (e is ModuleLoadException or FluentAIException)
        {
            var error = Rejection(e);
            events.Emit(HostEvent.LoadFailed(events.Now, path, events.Since(started), error.Message));
            throw error;
        }

        foreach (var node in plan.Order)
        {
            events.Emit(HostEvent.Loaded(events.Now, node.Path, node.Current!.Version, events.Since(started)));
        }

        Report(outcome, path, started);
        return Handle(graph.Find(path)!) with { Migrations = [.. outcome.Migrations.Select(m => m.ToString())] };
    }

    /// <summary>Re-reads <paramref name="path"/> and re-instantiates it and its transitive importers; <paramref name="migrate"/> is a one-off <c>:migrate</c>.</summary>
    /// <exception cref="ModuleLoadException">The reload was rejected; the running versions and their state are untouched.</exception>
    public ReloadResult Reload(string path, Fn? migrate)
    {
        if (graph.Find(path) is not { Current: not null })
        {
            var loaded = Load(path);
            return new ReloadResult([new ReloadedModule(path, 0, loaded.Version, Messages.ReasonLoaded)], CountFunctions([graph.Find(path)!]), 0);
        }

        var staged = Stage(path, migrate);
        var replaced = staged.Transaction.Swap();
        staged.Remember();
        Measure("reload", "committed", staged.Node, staged.Started);
        return Commit(staged.Plan, new Outcome(replaced, staged.Transaction.State.Migrations, staged.Transaction.State.Warnings), staged.Started, staged.Plan.Reason, HostEvent.Reloaded);
    }

    /// <summary>
    /// A reload that keeps the previous versions loaded through a rollback window (SPEC §2.4 <c>safe-reload</c>):
    /// the pre-check decides before the swap; during the window the post-check runs on the host's clock and a
    /// failure rolls code and state back in one publication. Returns once the new version is live.
    /// </summary>
    /// <exception cref="ModuleLoadException">The reload or its pre-check was rejected; nothing changed.</exception>
    public ReloadResult SafeReload(string path, SafeReloadOptions options)
    {
        if (graph.Find(path) is not { Current: not null })
        {
            throw new InvalidOperationException(Messages.NeedsRunningVersion(Path.GetFileName(path), "safe reload"));
        }

        var staged = Stage(path, options.Migrate, options.PreCheck, kind: "safe-reload");
        var stable = staged.Plan.Order.Where(n => n.Current is not null).ToDictionary(n => n, n => n.Current!);

        // A production reload never mixes versions within a call: what runs on the previous versions stays on them.
        foreach (var generation in stable.Values)
        {
            Rollout.Bind(generation, stable);
        }

        staged.Transaction.Swap(SafeWindow.Measuring(rollouts.Meter));
        staged.Remember();
        var fresh = staged.Plan.Order.ToDictionary(n => n, n => n.Current!);
        var window = new SafeWindow(rollouts, staged.Node, staged.Plan.Order, stable, fresh, staged.Sources(), staged.StateBefore, options);
        Register(window);
        var outcome = new Outcome([], staged.Transaction.State.Migrations, staged.Transaction.State.Warnings);
        var result = Announce(staged.Plan, outcome, staged.Started, HostEvent.Reloaded);
        events.Emit(HostEvent.WindowOpened(events.Now, path, staged.From, window.Fresh[staged.Node].Version, events.Since(staged.Started), window.Status().Ends!.Value));
        Measure("safe-reload", "live", staged.Node, staged.Started);
        return result.With(window.Status(), window.Unloaded.Task);
    }

    /// <summary>
    /// Starts the new version of <paramref name="path"/> (and of its importers) beside the running one, with a
    /// share of the calls (SPEC §2.4 <c>canary-reload</c>); returns once the canary serves.
    /// </summary>
    /// <exception cref="ModuleLoadException">The new version, its pre-check, or a state migration it needs was rejected; nothing changed.</exception>
    public ReloadResult CanaryReload(string path, CanaryOptions options)
    {
        if (graph.Find(path) is not { Current: not null })
        {
            throw new InvalidOperationException(Messages.NeedsRunningVersion(Path.GetFileName(path), "canary"));
        }

        var staged = Stage(path, null, options.PreCheck, SameState, "canary");
        var stable = staged.Plan.Order.Where(n => n.Current is not null).ToDictionary(n => n, n => n.Current!);
        staged.Transaction.Publish();
        var fresh = staged.Transaction.Staged.ToDictionary(p => p.Key, p => p.Value);
        var canary = new Canary(rollouts, staged.Node, staged.Plan.Order, stable, fresh, staged.Sources(), staged.Transaction, options);
        Register(canary);
        Report(new Outcome([], staged.Transaction.State.Migrations, staged.Transaction.State.Warnings), path, staged.Started);
        events.Emit(HostEvent.CanaryStarted(events.Now, path, staged.From, fresh[staged.Node].Version, events.Since(staged.Started), canary.Weight));
        Measure("canary", "live", staged.Node, staged.Started);
        var modules = staged.Plan.Order.Select(n => new ReloadedModule(n.Path, staged.Plan.From[n], fresh[n].Version, staged.Plan.Reason(n))).ToList();
        return new ReloadResult(modules, CountFunctions(staged.Plan.Order), 0).With(canary.Status(), canary.Unloaded.Task);
    }

    /// <summary>The production reload of <paramref name="path"/>: running, or the last one decided; null if there was none.</summary>
    public Rollout? RolloutOf(string path) => graph.Find(path) is { } node ? _rollouts.GetValueOrDefault(node) : null;

    /// <summary>Decides a running rollout now: promote (end a window as passed, or make a canary the running version) or go back.</summary>
    public static ReloadResult Decide(Rollout rollout, bool promote)
    {
        var from = rollout.Status();
        switch (rollout, promote)
        {
            case (SafeWindow window, true):
                window.Commit(Messages.WindowEndedEarly);
                break;
            case (SafeWindow window, false):
                window.RollBack(Messages.RolledBackByHost, "manual");
                break;
            case (Canary canary, true):
                canary.Promote(Messages.PromotedByHost);
                break;
            case (Canary canary, false):
                canary.Abort(Messages.AbortedByHost, "manual");
                break;
        }

        var to = rollout.Status();

        // Promoting a canary moves every module of the unit from its stable to its new version, an abort the other way;
        // a safe reload's new versions were already running, so promoting its window changes no version.
        var modules = rollout.Unit.Select(n => new ReloadedModule(
            n.Path,
            rollout is Canary && promote ? rollout.Stable.GetValueOrDefault(n)?.Version ?? 0 : rollout.Fresh[n].Version,
            n.Current?.Version ?? 0,
            to.Reason ?? "")).ToList();
        return new ReloadResult(modules, CountFunctions(rollout.Unit), 0).With(to, rollout.Unloaded.Task);
    }

    /// <summary>Every rollout still running (the host abandons them when it goes away).</summary>
    public IEnumerable<Rollout> Running => _rollouts.Values.Where(r => !r.Finished).Distinct();

    /// <summary>A canary runs both sides on one state: a reload that would migrate a cell cannot be a canary.</summary>
    private static void SameState(Transaction transaction)
    {
        if (transaction.State.Migrations.FirstOrDefault() is { } m)
        {
            throw new FluentAIException(ErrorCodes.ReloadRejected, Messages.CanaryNeedsSameState(m.Cell, m.From, m.To));
        }
    }

    private void Register(Rollout rollout)
    {
        foreach (var node in rollout.Unit)
        {
            _rollouts[node] = rollout;
        }
    }

    /// <summary>Records how long a reload took on <c>fluentai.module.reload.duration</c>, by kind and outcome.</summary>
    private void Measure(string kind, string outcome, ModuleNode node, long started) =>
        rollouts.Meter.ReloadDuration.Record(
            events.Since(started) / 1000,
            new KeyValuePair<string, object?>(Metrics.HostMeter.ModuleTag, node.Manifest?.Name ?? Path.GetFileNameWithoutExtension(node.Path)),
            new KeyValuePair<string, object?>("fluentai.reload.kind", kind),
            new KeyValuePair<string, object?>("fluentai.reload.outcome", outcome));

    /// <summary>
    /// Steps 1–5 of a reload of a loaded module: plan, build, link, migrate, pre-check. On any failure the graph
    /// is put back, a <c>reload-rejected</c> event is written and <see cref="ModuleLoadException"/> thrown.
    /// </summary>
    private Staged Stage(string path, Fn? migrate, Func<ReloadCheck, bool>? preCheck = null, Action<Transaction>? validate = null, string kind = "reload")
    {
        var node = graph.Find(path)!;
        var current = node.Current!;
        unloads.Busy();
        var started = events.Start();
        events.Emit(HostEvent.ReloadStarted(events.Now, path, current.Version));

        // Keep what runs, to put the graph back if the new source is rejected.
        var before = graph.Nodes.ToDictionary(n => n, n => new SafeWindow.NodeSource(n.Parsed, [.. n.Imports], n.Previous, n.PreviousState));
        var stateBefore = services.State.Snapshot();
        try
        {
            if (!File.Exists(path))
            {
                throw ModuleLoadException.Missing(path, Messages.ModuleFileDeleted(path));
            }

            // 1. Plan: the changed module, the modules it newly imports, and everything that imports it, transitively.
            var plan = ReloadPlan.ForChange(graph, node, graph.Discover(path, File.ReadAllText));
            if (plan.Order.Select(n => _rollouts.GetValueOrDefault(n)).FirstOrDefault(r => r is { Finished: false }) is { } running)
            {
                throw new FluentAIException(ErrorCodes.ReloadRejected, Messages.RolloutRunning(node.FileName, running.Kind, Path.GetFileName(running.Changed.Path)));
            }

            var transaction = Prepare(plan, migrate, null, validate, preCheck is null ? null : (preCheck, node));
            return new Staged(node, current.Version, plan, transaction, before, stateBefore, started);
        }
        catch (Exception e) when (e is ModuleLoadException or FluentAIException)
        {
            foreach (var (n, source) in before)
            {
                source.Restore(n, rollback: false);
            }

            var error = Rejection(e);
            events.Emit(HostEvent.Rejected(events.Now, path, current.Version, events.Since(started), error.Message));
            Measure(kind, "rejected", node, started);
            throw error;
        }
    }

    /// <summary>Goes back to the source (and state) that ran before the last successful reload of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The module has no earlier version.</exception>
    /// <exception cref="ModuleLoadException">The earlier version could not be re-instantiated; nothing changed.</exception>
    public ReloadResult Rollback(string path)
    {
        // During a rollout the previous version is still loaded: going back is one publication, or the canary's abort.
        if (RolloutOf(path) is { Finished: false } rollout)
        {
            return Decide(rollout, promote: false);
        }

        if (graph.Find(path) is not { Previous: { } previous, Current: { } current } node)
        {
            throw new InvalidOperationException(Messages.NoEarlierVersion(Path.GetFileName(path)));
        }

        unloads.Busy();
        var started = events.Start();
        var running = node.Parsed;
        node.Parsed = previous;
        var plan = ReloadPlan.ForChange(graph, node, []);
        Outcome outcome;
        try
        {
            outcome = Run(plan, restore: node.PreviousState);
        }
        catch (Exception e) when (e is ModuleLoadException or FluentAIException)
        {
            node.Parsed = running;
            var error = Rejection(e);
            events.Emit(HostEvent.RollbackFailed(events.Now, path, current.Version, events.Since(started), error.Message));
            throw error;
        }

        node.Previous = running;
        node.PreviousState = null;
        Measure("rollback", "committed", node, started);
        rollouts.Meter.Rollbacks.Add(1, new KeyValuePair<string, object?>(Metrics.HostMeter.ModuleTag, node.Manifest?.Name ?? Path.GetFileNameWithoutExtension(node.Path)), new KeyValuePair<string, object?>("fluentai.rollback.reason", "manual"));
        return Commit(plan, outcome, started, n => n == node ? Messages.ReasonRolledBack : plan.Reason(n), HostEvent.RolledBack);
    }

    /// <summary>
    /// One transaction over a plan, top to bottom. Every step before the swap can fail and abort:
    /// nothing of the new versions is visible until then, and the running versions keep serving.
    /// </summary>
    private Outcome Run(ReloadPlan plan, Fn? migrate = null, StateSnapshot? restore = null)
    {
        var transaction = Prepare(plan, migrate, restore);

        // 6. Swap: every new generation, its links and its staged state are published in one step.
        var replaced = transaction.Swap();

        // 7. Post-check window: a safe reload keeps the replaced generations loaded (SafeWindow), so that
        //    rolling back is one more publication; a plain reload commits at once.
        return new Outcome(replaced, transaction.State.Migrations, transaction.State.Warnings);
    }

    /// <summary>Steps 2–5: build, link, migrate, pre-check. Returns the transaction ready to swap (or to serve as a canary).</summary>
    private Transaction Prepare(ReloadPlan plan, Fn? migrate, StateSnapshot? restore, Action<Transaction>? validate = null, (Func<ReloadCheck, bool> Check, ModuleNode Node)? preCheck = null)
    {
        // 2. Build: compile each module (or take its image from the content-hash cache), then check every
        //    import and every slot or proxy the host holds against the new compiled surfaces.
        var built = builder.BuildAll(plan.Order);

        var transaction = new Transaction(services);

        // Steps 3–5 run module code: under the host's budget, over which it is interrupted where it runs.
        var limit = CodeBudget.Start(budget(), events.Time);
        var running = plan.Changed ?? plan.Order[0];
        try
        {
            // 3. Link: each module into a new collectible context, dependencies first; top-level forms run
            //    against links staged to the new versions and against staged state (a rollback restores it first).
            if (restore is not null)
            {
                transaction.State.Restore(restore);
            }

            foreach (var node in plan.Order)
            {
                running = node;
                transaction.Instantiate(node, built[node]);
            }

            // 4. Migrate: define-stateful migration chains ran while linking; the reload's one-off :migrate runs now.
            if (migrate is not null && plan.Changed is { } changed)
            {
                running = changed;
                limit.Step = Messages.MigrateOf(changed.FileName);
                transaction.State.MigrateOnce(changed.Path, migrate);
            }

            limit.Step = null;
            validate?.Invoke(transaction);

            // 5. Pre-check: the new code is linked and nothing is published; the check's own calls reach the new
            //    code, every other caller the running one. False or an exception aborts like any step above.
            if (preCheck is { } pre)
            {
                running = pre.Node;
                limit.Step = Messages.PreCheckOf(pre.Node.FileName);
                PreCheck(transaction, pre.Node, pre.Check);
            }
        }
        catch (Exception e)
        {
            // The budget closes first: what the abort runs (on-retire hooks) is not interrupted by it.
            var exceeded = e is FluentAIException f && limit.Ran(f) ? limit.Exceeded(f, running.Path) : null;
            limit.Dispose();
            transaction.Abort();
            if (exceeded is not null)
            {
                throw exceeded;
            }

            throw;
        }
        finally
        {
            limit.Dispose();
        }

        return transaction;
    }

    private void PreCheck(Transaction transaction, ModuleNode node, Func<ReloadCheck, bool> check)
    {
        var fresh = transaction.Staged[node];
        var context = new ReloadCheck(
            node.Path,
            fresh.Version,
            preCheck: true,
            name => fresh.Defined.GetValueOrDefault(node.Manifest?.FindExport(name)?.LocalName ?? name) as Fn,
            () => (0, 0));
        var previewed = new List<Slot>();
        foreach (var (n, generation) in transaction.Staged)
        {
            foreach (var (name, value) in generation.Defined)
            {
                if (value is Fn fn)
                {
                    var slot = n.Slot(name);
                    slot.Route(new PreviewFn(slot.Published, fn, context));
                    previewed.Add(slot);
                }
            }
        }

        string? failure;
        var checkStarted = events.Start();
        try
        {
            failure = CheckScope.Run(check, context) ? null : Messages.PreCheckFailed(node.FileName, fresh.Version);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or FluentAIException { Code: ErrorCodes.Interrupted }))
        {
            failure = Messages.PreCheckThrew(node.FileName, fresh.Version, FluentAIException.Locate(e).Render());
        }
        finally
        {
            previewed.ForEach(s => s.Route(null));
        }

        events.Emit(HostEvent.PreChecked(events.Now, node.Path, node.Current?.Version ?? 0, fresh.Version, events.Since(checkStarted), failure));
        if (failure is not null)
        {
            throw new FluentAIException(ErrorCodes.ReloadRejected, failure);
        }
    }

    /// <summary>
    /// 8. Commit: the events and audit lines, then the replaced generations retired (their <c>on-retire</c>
    /// hooks run once the host's lock is released, then they are released) and their unload verified off this thread.
    /// </summary>
    private ReloadResult Commit(ReloadPlan plan, Outcome outcome, long started, Func<ModuleNode, string> reason, Func<DateTimeOffset, string, long, long, double, string, HostEvent> kind)
    {
        var result = Announce(plan, outcome, started, kind, reason);
        return result.With(null, unloads.Enqueue(outcome.Replaced));
    }

    /// <summary>The events and audit lines of a swap, and its result (without the unload verification).</summary>
    private ReloadResult Announce(ReloadPlan plan, Outcome outcome, long started, Func<DateTimeOffset, string, long, long, double, string, HostEvent> kind, Func<ModuleNode, string>? reason = null)
    {
        reason ??= plan.Reason;
        var modules = plan.Order.Select(n => new ReloadedModule(n.Path, plan.From[n], n.Current!.Version, reason(n))).ToList();
        foreach (var m in modules)
        {
            events.Emit(kind(events.Now, m.Path, m.FromVersion, m.ToVersion, events.Since(started), m.Reason));
        }

        Report(outcome, modules[0].Path, started);
        return new ReloadResult(modules, CountFunctions(plan.Order), outcome.Migrations.Count)
        {
            Migrations = [.. outcome.Migrations.Select(m => m.ToString())],
            Warnings = outcome.Warnings,
        };
    }

    private void Report(Outcome outcome, string module, long started)
    {
        foreach (var migration in outcome.Migrations)
        {
            events.Emit(HostEvent.Migrated(events.Now, migration.Module, migration.From, migration.To, events.Since(started), migration.ToString()));
        }

        foreach (var warning in outcome.Warnings)
        {
            events.Emit(HostEvent.StateWarned(events.Now, module, warning));
        }
    }

    /// <summary>Any failure of a transaction as the one exception every host method throws for it.</summary>
    private static ModuleLoadException Rejection(Exception e) => e as ModuleLoadException ?? new ModuleLoadException((FluentAIException)e);

    private static ModuleHandle Handle(ModuleNode node) =>
        new(node.Path, node.Manifest?.Name ?? Path.GetFileNameWithoutExtension(node.Path), node.Current!.Version, node.Current.Result);

    private static int CountFunctions(IEnumerable<ModuleNode> nodes) =>
        nodes.Sum(n => n.Manifest?.Definitions.Count(d => d.IsFunction) ?? 0);

    /// <summary>A reload prepared up to its swap: what it changes and what to put back if it is rejected or rolled back.</summary>
    private sealed record Staged(ModuleNode Node, long From, ReloadPlan Plan, Transaction Transaction, Dictionary<ModuleNode, SafeWindow.NodeSource> Before, StateSnapshot StateBefore, long Started)
    {
        /// <summary>What each module of the unit was built from before (a safe window or canary puts it back).</summary>
        public Dictionary<ModuleNode, SafeWindow.NodeSource> Sources() =>
            Plan.Order.Where(Before.ContainsKey).ToDictionary(n => n, n => Before[n]);

        /// <summary>After a swap: the replaced source and state, for <see cref="Rollback"/>.</summary>
        public void Remember()
        {
            foreach (var (n, source) in Before)
            {
                if (source.Parsed is not null && n.Parsed != source.Parsed && Plan.From.ContainsKey(n))
                {
                    n.Previous = source.Parsed;
                    n.PreviousState = StateBefore;
                }
            }
        }
    }

    /// <summary>What one transaction did: the generations it replaced (still loaded), its migrations and state warnings.</summary>
    private sealed record Outcome(List<Generation> Replaced, List<StateMigration> Migrations, List<string> Warnings);
}
