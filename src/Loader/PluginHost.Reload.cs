using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.Internal;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>
    /// Re-reads <paramref name="file"/> and re-instantiates it and every module that imports it,
    /// dependencies first, in one transaction: either every new version is published at once, or
    /// (on a compile error, an incompatible export change, or an exception in top-level forms)
    /// nothing changes and the result says why. Replaced contexts are released and verified to unload.
    /// </summary>
    public ReloadResult Reload(string file) => Reload(file, null);

    /// <summary>
    /// Reloads <paramref name="file"/> as <see cref="Reload(string)"/> does, then applies
    /// <paramref name="migrate"/> to the module's state inside the same transaction (SPEC §2.4 <c>:migrate</c>).
    /// </summary>
    public ReloadResult Reload(string file, Values.Fn? migrate)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        lock (_gate)
        {
            var path = FullPath(file);
            var node = Graph.Find(path);
            if (node?.Current is null)
            {
                Load(file);
                node = Graph.Find(path)!;
                return new ReloadResult(true, [new ReloadedModule(path, 0, node.Current!.Version, "loaded")], CountFunctions([node]), 0, [], null);
            }

            var started = Options.TimeProvider.GetTimestamp();
            Emit("reloading", path, node.Current.Version, null, true, started, null);

            // Keep what is running, to restore it if the new source is rejected.
            var before = Graph.Nodes.ToDictionary(n => n, n => (n.Parsed, Imports: n.Imports.ToList()));
            var stateBefore = State.Snapshot();
            var reached = Graph.Discover(path, File.ReadAllText);
            var plan = new HashSet<ModuleNode>(reached.Where(n => n.Current is null)) { node };
            plan.UnionWith(Graph.Dependents(node));
            var order = ModuleGraph.Units(plan).SelectMany(u => u).ToList();
            var from = order.ToDictionary(n => n, n => n.Current?.Version ?? 0);
            Outcome outcome;
            try
            {
                outcome = Instantiate(order, migrate, node);
            }
            catch (Exception e) when (e is ModuleLoadException or FluentAIException)
            {
                foreach (var (n, (parsed, imports)) in before)
                {
                    n.Parsed = parsed;
                    n.Imports.Clear();
                    n.Imports.AddRange(imports);
                }

                var diagnostics = e is ModuleLoadException m ? m.Diagnostics : [];
                Emit("reload-rejected", path, node.Current.Version, null, false, started, e.Message);
                return new ReloadResult(false, [], 0, 0, diagnostics, e);
            }

            foreach (var (n, (parsed, _)) in before)
            {
                if (parsed is not null && n.Parsed != parsed && from.ContainsKey(n))
                {
                    n.Previous = parsed;
                    n.PreviousState = stateBefore;
                }
            }

            var modules = order.Select(n => new ReloadedModule(n.Path, from[n], n.Current!.Version, Reason(n, node, plan))).ToList();
            return Committed(modules, order, outcome, started, "reload");
        }
    }

    /// <summary>
    /// Goes back to the source that ran before the last successful reload of <paramref name="file"/>
    /// (its compiled image comes from the cache), re-instantiating its dependents as a reload does.
    /// </summary>
    public ReloadResult Rollback(string file)
    {
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        lock (_gate)
        {
            var node = Graph.Find(FullPath(file));
            if (node?.Previous is not { } previous || node.Current is null)
            {
                return new ReloadResult(false, [], 0, 0, [], new FluentAIException(ErrorCodes.ReloadRejected, $"{file} has no earlier version to roll back to"));
            }

            var started = Options.TimeProvider.GetTimestamp();
            var current = node.Parsed;
            node.Parsed = previous;
            var plan = new HashSet<ModuleNode>(Graph.Dependents(node)) { node };
            var order = ModuleGraph.Units(plan).SelectMany(u => u).ToList();
            var from = order.ToDictionary(n => n, n => n.Current!.Version);
            Outcome outcome;
            try
            {
                outcome = Instantiate(order, restore: node.PreviousState);
            }
            catch (Exception e) when (e is ModuleLoadException or FluentAIException)
            {
                node.Parsed = current;
                Emit("rollback", node.Path, from[node], null, false, started, e.Message);
                return new ReloadResult(false, [], 0, 0, e is ModuleLoadException m ? m.Diagnostics : [], e);
            }

            node.Previous = current;
            node.PreviousState = null;
            var modules = order.Select(n => new ReloadedModule(n.Path, from[n], n.Current!.Version, n == node ? "rolled back" : Reason(n, node, plan))).ToList();
            return Committed(modules, order, outcome, started, "rollback");
        }
    }

    private ReloadResult Committed(List<ReloadedModule> modules, List<ModuleNode> order, Outcome outcome, long started, string kind)
    {
        foreach (var m in modules)
        {
            Emit(kind, m.Path, m.FromVersion, m.ToVersion, true, started, null, m.Reason);
        }

        foreach (var migration in outcome.Migrations)
        {
            Emit("migration", migration.Module, migration.From, migration.To, true, started, null, migration.ToString());
        }

        foreach (var warning in outcome.Warnings)
        {
            Emit("state-warning", modules[0].Path, null, null, true, started, null, warning);
        }

        // The caller gets the new code now; whether the old contexts unload is checked off its thread.
        var replaced = outcome.Replaced;
        var verification = QueueVerification(replaced);
        return new ReloadResult(true, modules, CountFunctions(order), outcome.Migrations.Count, [], null)
        {
            UnloadVerification = verification,
            Migrations = [.. outcome.Migrations.Select(m => m.ToString())],
            Warnings = outcome.Warnings,
        };
    }

    private static string Reason(ModuleNode n, ModuleNode changed, HashSet<ModuleNode> plan)
    {
        if (n == changed)
        {
            return "changed";
        }

        var via = n.Imports.FirstOrDefault(plan.Contains);
        return via is null ? "new import" : "depends on " + Path.GetFileName(via.Path);
    }

    private static int CountFunctions(IEnumerable<ModuleNode> nodes) =>
        nodes.Sum(n => n.Manifest?.Definitions.Count(d => d.IsFunction) ?? 0);
}
