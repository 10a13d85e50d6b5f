using System.Collections.Concurrent;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.State;

/// <summary>Every state cell the host owns, by module and name. Cells live in the default context.</summary>
internal sealed class StateStore
{
    private readonly ConcurrentDictionary<(string Module, string Name), StateCell> _cells = new();

    public IEnumerable<StateCell> Cells => _cells.Values;

    /// <summary>Set by every cell of the store when it changes, and when cells are added or removed.</summary>
    public StateChanges Changes { get; } = new();

    public StateCell? Find(string module, string name) => _cells.GetValueOrDefault((module, name));

    public void Add(StateCell cell)
    {
        cell.Changes = Changes;
        _cells[(cell.Module, cell.Name)] = cell;
        Changes.Committed();
    }

    public IEnumerable<StateCell> OfModule(string module) => _cells.Values.Where(c => c.Module == module).OrderBy(c => c.Name, StringComparer.Ordinal);

    /// <summary>Every cell with its version and value now (what a rollback goes back to).</summary>
    public StateSnapshot Snapshot() => new([.. _cells.Values.Select(c => new StateSnapshot.Entry(c, c.Version, c.Value))]);

    /// <summary>Removes the cells not in <paramref name="kept"/> (those an aborted load created).</summary>
    public void RemoveExcept(HashSet<StateCell> kept)
    {
        foreach (var (key, cell) in _cells)
        {
            if (!kept.Contains(cell) && _cells.TryRemove(key, out _))
            {
                Changes.Committed();
            }
        }
    }

    /// <summary>True for values a state cell may hold: FluentAI data, no functions or host objects.</summary>
    public static bool IsPlain(object? value, out string problem)
    {
        problem = "";
        var budget = 100_000;
        return Check(value, ref budget, ref problem);
    }

    private static bool Check(object? value, ref int budget, ref string problem)
    {
        if (--budget < 0)
        {
            return true;
        }

        switch (value)
        {
            case null or bool or long or double or string or Keyword or Symbol:
                return true;
            case FList list:
                foreach (var item in list)
                {
                    if (!Check(item, ref budget, ref problem))
                    {
                        return false;
                    }
                }

                return true;
            case FMap map:
                foreach (var (k, v) in map)
                {
                    if (!Check(k, ref budget, ref problem) || !Check(v, ref budget, ref problem))
                    {
                        return false;
                    }
                }

                return true;
            case Fn:
                problem = Messages.StateHoldsFunction;
                return false;
            default:
                problem = Messages.StateHoldsHostObject(value.GetType().Name);
                return false;
        }
    }

    /// <summary>The number of entries a migration message reports: a map's or list's count, 1 otherwise.</summary>
    public static int Entries(object? value) => value switch
    {
        FMap m => m.Count,
        FList l => l.Count,
        _ => 1,
    };
}

/// <summary>Every state cell's version and value at one moment.</summary>
internal sealed record StateSnapshot(IReadOnlyList<StateSnapshot.Entry> Entries)
{
    /// <summary>One cell as it was.</summary>
    public sealed record Entry(StateCell Cell, long Version, object? Value);
}
