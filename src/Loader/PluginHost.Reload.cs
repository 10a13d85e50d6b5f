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
    public ReloadResult Reload(string file)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
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
            var reached = Graph.Discover(path, File.ReadAllText);
            var plan = new HashSet<ModuleNode>(reached.Where(n => n.Current is null)) { node };
            plan.UnionWith(Graph.Dependents(node));
            var order = ModuleGraph.Units(plan).SelectMany(u => u).ToList();
            var from = order.ToDictionary(n => n, n => n.Current?.Version ?? 0);
            List<Generation> replaced;
            try
            {
                replaced = Instantiate(order, _ => "");
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
                }
            }

            var modules = order.Select(n => new ReloadedModule(n.Path, from[n], n.Current!.Version, Reason(n, node, plan))).ToList();
            foreach (var m in modules)
            {
                Emit("reload", m.Path, m.FromVersion, m.ToVersion, true, started, null, m.Reason);
            }

            // The caller gets the new code now; whether the old contexts unload is checked off its thread.
            var verification = Task.Run(() => (IReadOnlyList<UnloadReport>)ReleaseAndVerify(replaced));
            return new ReloadResult(true, modules, CountFunctions(order), 0, [], null) { UnloadVerification = verification };
        }
    }

    /// <summary>
    /// Goes back to the source that ran before the last successful reload of <paramref name="file"/>
    /// (its compiled image comes from the cache), re-instantiating its dependents as a reload does.
    /// </summary>
    public ReloadResult Rollback(string file)
    {
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
            List<Generation> replaced;
            try
            {
                replaced = Instantiate(order, _ => "");
            }
            catch (Exception e) when (e is ModuleLoadException or FluentAIException)
            {
                node.Parsed = current;
                Emit("rollback", node.Path, from[node], null, false, started, e.Message);
                return new ReloadResult(false, [], 0, 0, e is ModuleLoadException m ? m.Diagnostics : [], e);
            }

            node.Previous = current;
            var modules = order.Select(n => new ReloadedModule(n.Path, from[n], n.Current!.Version, n == node ? "rolled back" : Reason(n, node, plan))).ToList();
            foreach (var m in modules)
            {
                Emit("rollback", m.Path, m.FromVersion, m.ToVersion, true, started, null, m.Reason);
            }

            var verification = Task.Run(() => (IReadOnlyList<UnloadReport>)ReleaseAndVerify(replaced));
            return new ReloadResult(true, modules, CountFunctions(order), 0, [], null) { UnloadVerification = verification };
        }
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
