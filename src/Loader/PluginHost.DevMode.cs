using FluentAI.Plugins.Loader.DevMode;
using FluentAI.Plugins.Loader.Internal;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    private HashSet<string> _preserved = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts development mode: watches the host folder and reloads modules whose files change
    /// (see <see cref="DevWatcher"/>). Dispose the watcher to stop.
    /// </summary>
    public DevWatcher Watch(DevModeOptions? options = null) => Watch(options ?? new DevModeOptions(), watchFileSystem: true);

    /// <summary>A watcher fed only by <see cref="DevWatcher.Notify"/> (tests drive it with a fake clock).</summary>
    internal DevWatcher Watch(DevModeOptions options, bool watchFileSystem)
    {
        lock (_gate)
        {
            _preserved = new HashSet<string>(options.Preserve.Select(p => p.TrimStart(':')), StringComparer.Ordinal);
        }

        return new DevWatcher(this, options, watchFileSystem);
    }

    internal List<string> LoadedModuleFiles()
    {
        lock (_gate)
        {
            return [.. Graph.Nodes.Where(n => n.Current is not null && n.Path != HostModule && n.Path.EndsWith(".ai", StringComparison.OrdinalIgnoreCase)).Select(n => n.Path)];
        }
    }

    internal string? RunningText(string file)
    {
        lock (_gate)
        {
            return Graph.Find(file)?.Parsed?.Text;
        }
    }

    /// <summary>The files in dependency order (a module before the modules that import it).</summary>
    internal List<string> DependencyOrder(List<string> files)
    {
        lock (_gate)
        {
            var nodes = files.Select(f => Graph.Find(f)).OfType<ModuleNode>().ToList();
            var all = Graph.Nodes.Where(n => n.Current is not null).ToList();
            var order = ModuleGraph.Units(all).SelectMany(u => u).ToList();
            return [.. nodes.OrderBy(order.IndexOf).Select(n => n.Path)];
        }
    }

    /// <summary>The running value of a preserved top-level name of <paramref name="node"/>, when it has one.</summary>
    internal bool TryGetPreserved(ModuleNode node, string name, out object? value)
    {
        value = null;
        return _preserved.Contains(name) && node.Current is { } current && current.Defined.TryGetValue(name, out value);
    }
}
