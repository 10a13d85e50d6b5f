using FluentAI.Plugins.Compiler;
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

    /// <summary>
    /// Compiles <paramref name="file"/> as it is now on disk into the compile cache without loading or
    /// changing anything: development mode calls it while the debounce waits, so the reload that
    /// follows finds the image by its content hash and only instantiates. Text that cannot be read
    /// or does not compile is left for the reload to report. Returns true when it compiled something.
    /// </summary>
    internal bool Precompile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var parsed = ParsedModule.Parse(text, file);
        if (parsed.HasErrors)
        {
            return false;
        }

        lock (_gate)
        {
            if (_disposed || Graph.Find(file)?.Current is null || _cache.Contains(ModuleCompiler.ComputeHash(parsed, Graph)))
            {
                return false;
            }

            var result = Compiler.Compile(parsed, Graph);
            if (result.Success)
            {
                _cache.Store(result);
            }

            return result.Success;
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
