using System.Diagnostics.Metrics;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins;

/// <summary>
/// Measures calls that enter a module through a slot or an import link (the loader's per-version
/// metrics). A call checks <see cref="Listened"/> and pays nothing else while no one listens; a
/// measuring or routing function the loader put in front of a target measures itself.
/// </summary>
internal abstract class SlotMeter(Instrument listened)
{
    /// <summary>The instrument whose listeners turn measuring on.</summary>
    internal Instrument Listened { get; } = listened;

    /// <summary>The function that calls <paramref name="target"/> of <paramref name="slot"/> and measures the call (the target itself when it measures already).</summary>
    internal abstract Fn? Measure(Slot slot, Fn? target);
}

/// <summary>A function the loader puts in front of a module's function to measure or route its calls: never wrapped again.</summary>
internal abstract class EntryFn(string name, int arity, bool isVariadic) : Fn(name, arity, isVariadic)
{
    /// <summary>The function this one stands in front of (for a router, the stable side's).</summary>
    internal abstract Fn Inner { get; }
}
