namespace FluentAI.Plugins.Loader.Graph;

/// <summary>
/// The modules one transaction instantiates, dependencies first (import cycles together), with
/// the version each ran before and why each is in it: the changed module, the modules it newly
/// imports, and every module that imports it, directly or not (their load-time values must be fresh).
/// </summary>
internal sealed class ReloadPlan
{
    private readonly HashSet<ModuleNode> _members;

    private ReloadPlan(ModuleNode? changed, HashSet<ModuleNode> members)
    {
        Changed = changed;
        _members = members;
        Order = [.. ModuleGraph.Units(members).SelectMany(u => u)];
        From = Order.ToDictionary(n => n, n => n.Current?.Version ?? 0);
    }

    /// <summary>The module whose source changed (null for a first load).</summary>
    public ModuleNode? Changed { get; }

    /// <summary>Every module of the plan in the order it is instantiated.</summary>
    public IReadOnlyList<ModuleNode> Order { get; }

    /// <summary>The version each module ran before (0: not loaded).</summary>
    public IReadOnlyDictionary<ModuleNode, long> From { get; }

    /// <summary>A first load: what <paramref name="reached"/> holds that is not loaded yet.</summary>
    public static ReloadPlan ForLoad(IEnumerable<ModuleNode> reached) => new(null, [.. reached.Where(n => n.Current is null)]);

    /// <summary>A reload (or rollback) of <paramref name="changed"/>: it, the new modules it reaches, and its transitive importers.</summary>
    public static ReloadPlan ForChange(ModuleGraph graph, ModuleNode changed, IEnumerable<ModuleNode> reached)
    {
        var members = new HashSet<ModuleNode>(reached.Where(n => n.Current is null)) { changed };
        members.UnionWith(graph.Dependents(changed));
        return new ReloadPlan(changed, members);
    }

    /// <summary>Why <paramref name="node"/> is re-instantiated: <c>changed</c>, <c>depends on X</c> or <c>new import</c>.</summary>
    public string Reason(ModuleNode node)
    {
        if (node == Changed)
        {
            return Messages.ReasonChanged;
        }

        var via = node.Imports.FirstOrDefault(_members.Contains);
        return via is null ? Messages.ReasonNewImport : Messages.ReasonDependsOn(via.FileName);
    }
}
