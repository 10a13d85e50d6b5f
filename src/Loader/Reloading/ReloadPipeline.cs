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
internal sealed class ReloadPipeline(ModuleGraph graph, ModuleBuilder builder, LinkServices services, EventLog events, UnloadQueue unloads)
{
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
        if (graph.Find(path) is not { Current: { } current } node)
        {
            var loaded = Load(path);
            return new ReloadResult([new ReloadedModule(path, 0, loaded.Version, Messages.ReasonLoaded)], CountFunctions([graph.Find(path)!]), 0);
        }

        unloads.Busy();
        var started = events.Start();
        events.Emit(HostEvent.ReloadStarted(events.Now, path, current.Version));

        // Keep what runs, to put the graph back if the new source is rejected.
        var before = graph.Nodes.ToDictionary(n => n, n => (n.Parsed, Imports: n.Imports.ToList()));
        var stateBefore = services.State.Snapshot();
        Outcome outcome;
        ReloadPlan? plan = null;
        try
        {
            if (!File.Exists(path))
            {
                throw ModuleLoadException.Missing(path, Messages.ModuleFileDeleted(path));
            }

            // 1. Plan: the changed module, the modules it newly imports, and everything that imports it, transitively.
            plan = ReloadPlan.ForChange(graph, node, graph.Discover(path, File.ReadAllText));
            outcome = Run(plan, migrate);
        }
        catch (Exception e) when (e is ModuleLoadException or FluentAIException)
        {
            foreach (var (n, (parsed, imports)) in before)
            {
                n.Parsed = parsed;
                n.Imports.Clear();
                n.Imports.AddRange(imports);
            }

            var error = Rejection(e);
            events.Emit(HostEvent.Rejected(events.Now, path, current.Version, events.Since(started), error.Message));
            throw error;
        }

        foreach (var (n, (parsed, _)) in before)
        {
            if (parsed is not null && n.Parsed != parsed && plan.From.ContainsKey(n))
            {
                n.Previous = parsed;
                n.PreviousState = stateBefore;
            }
        }

        return Commit(plan, outcome, started, plan.Reason, HostEvent.Reloaded);
    }

    /// <summary>Goes back to the source (and state) that ran before the last successful reload of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">The module has no earlier version.</exception>
    /// <exception cref="ModuleLoadException">The earlier version could not be re-instantiated; nothing changed.</exception>
    public ReloadResult Rollback(string path)
    {
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
        return Commit(plan, outcome, started, n => n == node ? Messages.ReasonRolledBack : plan.Reason(n), HostEvent.RolledBack);
    }

    /// <summary>
    /// One transaction over a plan, top to bottom. Every step before the swap can fail and abort:
    /// nothing of the new versions is visible until then, and the running versions keep serving.
    /// </summary>
    private Outcome Run(ReloadPlan plan, Fn? migrate = null, StateSnapshot? restore = null)
    {
        // 2. Build: compile each module (or take its image from the content-hash cache), then check every
        //    import and every slot or proxy the host holds against the new compiled surfaces.
        var built = builder.BuildAll(plan.Order);

        var transaction = new Transaction(services);
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
                transaction.Instantiate(node, built[node]);
            }

            // 4. Migrate: define-stateful migration chains ran while linking; the reload's one-off :migrate runs now.
            if (migrate is not null && plan.Changed is { } changed)
            {
                transaction.State.MigrateOnce(changed.Path, migrate);
            }

            // 5. Pre-checks: the new code is linked and nothing is published; a production reload's
            //    :pre-check (valid-syntax?, compatible-api?) decides here, and a failure aborts like any step above.
        }
        catch
        {
            transaction.Abort();
            throw;
        }

        // 6. Swap: every new generation, its links and its staged state are published in one step.
        var replaced = transaction.Swap();

        // 7. Post-check window: a production reload keeps the replaced generations loaded here, so that
        //    rolling back is one more swap; a plain reload commits at once.
        return new Outcome(replaced, transaction.State.Migrations, transaction.State.Warnings);
    }

    /// <summary>
    /// 8. Commit: the events and audit lines, then the replaced generations retired (their <c>on-retire</c>
    /// hooks run once the host's lock is released, then they are released) and their unload verified off this thread.
    /// </summary>
    private ReloadResult Commit(ReloadPlan plan, Outcome outcome, long started, Func<ModuleNode, string> reason, Func<DateTimeOffset, string, long, long, double, string, HostEvent> kind)
    {
        var modules = plan.Order.Select(n => new ReloadedModule(n.Path, plan.From[n], n.Current!.Version, reason(n))).ToList();
        foreach (var m in modules)
        {
            events.Emit(kind(events.Now, m.Path, m.FromVersion, m.ToVersion, events.Since(started), m.Reason));
        }

        Report(outcome, modules[0].Path, started);
        var verification = unloads.Enqueue(outcome.Replaced);
        return new ReloadResult(modules, CountFunctions(plan.Order), outcome.Migrations.Count)
        {
            UnloadVerification = verification,
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

    /// <summary>What one transaction did: the generations it replaced (still loaded), its migrations and state warnings.</summary>
    private sealed record Outcome(List<Generation> Replaced, List<StateMigration> Migrations, List<string> Warnings);
}
