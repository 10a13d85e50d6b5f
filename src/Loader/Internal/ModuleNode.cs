using System.Collections.Concurrent;
using FluentAI.Plugins.Compiler;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>A module file in the graph: its current source, generation and the slots others hold.</summary>
internal sealed class ModuleNode(string path)
{
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    public string Path { get; } = path;

    public ParsedModule? Parsed { get; set; }

    public ModuleManifest? Manifest => Parsed?.Manifest;

    public Generation? Current { get; set; }

    /// <summary>The source that ran before the last successful reload, for rollback.</summary>
    public ParsedModule? Previous { get; set; }

    /// <summary>Every state cell's version and value before the last successful reload, for rollback.</summary>
    public List<(Values.StateCell Cell, long Version, object? Value)>? PreviousState { get; set; }

    /// <summary>Modules this one imports (resolved paths).</summary>
    public List<ModuleNode> Imports { get; } = [];

    /// <summary>The stable slot for a top-level name (by its local name).</summary>
    public Slot Slot(string localName) => _slots.GetOrAdd(localName, n => new Slot(Path, n));

    public IEnumerable<KeyValuePair<string, Slot>> Slots => _slots;

    public long NextVersion { get; set; } = 1;
}
