using System.Collections.Concurrent;
using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.State;

namespace FluentAI.Plugins.Loader.Graph;

/// <summary>A module file in the graph: its current source, generation and the slots others hold.</summary>
internal sealed class ModuleNode(string path, SlotMeter? meter = null)
{
    private readonly ConcurrentDictionary<string, SlotWriter> _slots = new(StringComparer.Ordinal);

    public string Path { get; } = path;

    /// <summary>The file name, as messages name the module.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    public ParsedModule? Parsed { get; set; }

    public ModuleManifest? Manifest => Parsed?.Manifest;

    public Generation? Current { get; set; }

    /// <summary>The source that ran before the last successful reload, for rollback.</summary>
    public ParsedModule? Previous { get; set; }

    /// <summary>Every state cell's version and value before the last successful reload, for rollback.</summary>
    public StateSnapshot? PreviousState { get; set; }

    /// <summary>Modules this one imports (resolved paths).</summary>
    public List<ModuleNode> Imports { get; } = [];

    /// <summary>The stable slot for a top-level name (by its local name).</summary>
    public Slot Slot(string localName) => Writer(localName).Slot;

    /// <summary>The right to publish to that slot: stays with the loader.</summary>
    public SlotWriter Writer(string localName) => _slots.GetOrAdd(localName, n => new SlotWriter(Path, n, meter));

    public IEnumerable<SlotWriter> Slots => _slots.Values;

    public long NextVersion { get; set; } = 1;
}
