using FluentAI.Plugins.Loader.Graph;

namespace FluentAI.Plugins.Loader.DevMode;

/// <summary>Development mode's <c>:preserve</c>: top-level names whose running values a reload carries over instead of re-running their definitions.</summary>
internal sealed class PreservedNames
{
    private volatile HashSet<string> _names = new(StringComparer.Ordinal);

    public void Set(IEnumerable<string> names) => _names = new HashSet<string>(names.Select(p => p.TrimStart(':')), StringComparer.Ordinal);

    /// <summary>The running value of <paramref name="name"/> in <paramref name="node"/> when the name is preserved and defined.</summary>
    public bool TryGet(ModuleNode node, string name, out object? value)
    {
        value = null;
        return _names.Contains(name) && node.Current is { } current && current.Defined.TryGetValue(name, out value);
    }
}
