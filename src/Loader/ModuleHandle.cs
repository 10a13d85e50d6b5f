namespace FluentAI.Plugins.Loader;

/// <summary>A loaded module as the host sees it.</summary>
/// <param name="Path">The module file.</param>
/// <param name="Name">The module's name.</param>
/// <param name="Version">The current generation's version (1 on first load).</param>
/// <param name="Result">The value of the module's last top-level form when it was loaded.</param>
public sealed record ModuleHandle(string Path, string Name, long Version, object? Result)
{
    /// <summary>State migrations this load ran (restored state from an older version): <c>Migrated x from v1 to v2 (3 entries)</c>.</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];
}
