namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>The module graph: every loaded module with its version, imports and importers, in dependency order.</summary>
    public IReadOnlyList<ModuleInfo> Modules
    {
        get
        {
            lock (_gate)
            {
                var loaded = Graph.Nodes.Where(n => n.Current is not null && n.Path != HostModule).ToList();
                return [.. Internal.ModuleGraph.Units(loaded).SelectMany(u => u).Select(n => new ModuleInfo(
                    n.Path,
                    n.Manifest?.Name ?? System.IO.Path.GetFileNameWithoutExtension(n.Path),
                    n.Current!.Version,
                    [.. n.Imports.Select(i => i.Path)],
                    [.. loaded.Where(o => o.Imports.Contains(n)).Select(o => o.Path).Order(StringComparer.Ordinal)],
                    [.. n.Manifest?.Exports.Select(e => e.Name) ?? []]))];
            }
        }
    }
}
