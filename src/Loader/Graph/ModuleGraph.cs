using FluentAI.Plugins.Compiler;

namespace FluentAI.Plugins.Loader.Graph;

/// <summary>
/// The module graph: a node per module file, an edge per import. Answers the compiler's import
/// questions and orders modules for loading: strongly connected components (import cycles) form
/// one unit, units come dependencies first.
/// </summary>
internal sealed class ModuleGraph(ModuleRoots roots) : IModuleResolver
{
    private readonly Dictionary<string, ModuleNode> _nodes = new(StringComparer.Ordinal);

    // Import targets refused by the module roots (full path -> why), found while discovering: never read, never resolved.
    private readonly Dictionary<string, string> _refused = new(StringComparer.Ordinal);

    /// <summary>Measures the calls through every slot the graph's modules get.</summary>
    public SlotMeter? Meter { get; set; }

    public IReadOnlyCollection<ModuleNode> Nodes => _nodes.Values;

    public ModuleNode? Find(string path) => _nodes.GetValueOrDefault(Path.GetFullPath(path));

    public ModuleNode GetOrAdd(string fullPath)
    {
        if (!_nodes.TryGetValue(fullPath, out var node))
        {
            _nodes[fullPath] = node = new ModuleNode(fullPath, Meter);
        }

        return node;
    }

    public static string ResolvePath(string importingFile, string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(importingFile)) ?? ".";
        var full = Path.GetFullPath(Path.Combine(dir, path));
        if (!File.Exists(full) && !full.EndsWith(".ai", StringComparison.OrdinalIgnoreCase))
        {
            full += ".ai";
        }

        return full;
    }

    public ModuleNode? Resolve(string importingFile, string module)
    {
        if (_nodes.TryGetValue(module, out var exact))
        {
            return exact;
        }

        var path = ResolvePath(importingFile, module);
        return _refused.ContainsKey(path) ? null : _nodes.GetValueOrDefault(path);
    }

    ModuleManifest? IModuleResolver.Resolve(string importingFile, string path) => Resolve(importingFile, path)?.Manifest;

    string? IModuleResolver.Refusal(string importingFile, string path) =>
        _nodes.ContainsKey(path) ? null : _refused.GetValueOrDefault(ResolvePath(importingFile, path));

    /// <summary>Reads <paramref name="entry"/> and every module it reaches; returns the nodes reached.</summary>
    public List<ModuleNode> Discover(string entry, Func<string, string> readText)
    {
        var reached = new List<ModuleNode>();
        var seen = new HashSet<ModuleNode>();
        var stack = new Stack<ModuleNode>();
        var root = GetOrAdd(Path.GetFullPath(entry));
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            reached.Add(node);
            if (!File.Exists(node.Path))
            {
                continue;
            }

            node.Parsed = ParsedModule.Parse(readText(node.Path), node.Path);
            node.Imports.Clear();
            foreach (var import in node.Parsed.Manifest.Imports)
            {
                var target = ResolvePath(node.Path, import.Path);
                if (!File.Exists(target))
                {
                    continue;
                }

                if (roots.Refusal(import.Path, target) is { } refusal)
                {
                    // Not read at all: a diagnostic must never show a line of a file that is not a module of the host.
                    _refused[target] = refusal;
                    continue;
                }

                _refused.Remove(target);
                var child = GetOrAdd(target);
                node.Imports.Add(child);
                stack.Push(child);
            }
        }

        return reached;
    }

    /// <summary>Modules that import <paramref name="node"/>, directly or not.</summary>
    public HashSet<ModuleNode> Dependents(ModuleNode node)
    {
        var result = new HashSet<ModuleNode>();
        var work = new Stack<ModuleNode>([node]);
        while (work.Count > 0)
        {
            var current = work.Pop();
            foreach (var candidate in _nodes.Values)
            {
                if (candidate.Imports.Contains(current) && result.Add(candidate))
                {
                    work.Push(candidate);
                }
            }
        }

        return result;
    }

    /// <summary>The strongly connected components of <paramref name="nodes"/>, dependencies first (Tarjan).</summary>
    public static List<List<ModuleNode>> Units(IReadOnlyCollection<ModuleNode> nodes)
    {
        var index = new Dictionary<ModuleNode, int>();
        var low = new Dictionary<ModuleNode, int>();
        var onStack = new HashSet<ModuleNode>();
        var stack = new Stack<ModuleNode>();
        var result = new List<List<ModuleNode>>();
        var counter = 0;
        var set = nodes.ToHashSet();

        void Visit(ModuleNode v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in v.Imports.Where(set.Contains))
            {
                if (!index.TryGetValue(w, out var wIndex))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], wIndex);
                }
            }

            if (low[v] == index[v])
            {
                var unit = new List<ModuleNode>();
                ModuleNode w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    unit.Add(w);
                }
                while (w != v);
                unit.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
                result.Add(unit);
            }
        }

        foreach (var node in nodes.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return result;
    }
}
