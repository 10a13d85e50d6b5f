namespace FluentAI.Plugins.Loader;

/// <summary>A loaded module in the graph, as the host sees it now.</summary>
/// <param name="Path">The module file.</param>
/// <param name="Name">The module's name.</param>
/// <param name="Version">The running version (1 on first load, +1 per reload or rollback).</param>
/// <param name="Imports">The module files it imports.</param>
/// <param name="ImportedBy">The module files that import it directly.</param>
/// <param name="Exports">The names it exports.</param>
public sealed record ModuleInfo(string Path, string Name, long Version, IReadOnlyList<string> Imports, IReadOnlyList<string> ImportedBy, IReadOnlyList<string> Exports);
