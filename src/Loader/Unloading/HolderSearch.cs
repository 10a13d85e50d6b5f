using System.Reflection;
using System.Runtime.Loader;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.State;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Unloading;

/// <summary>Names what still refers to a context that did not unload, as far as the host can see.</summary>
internal sealed class HolderSearch(object gate, ModuleGraph graph, StateStore state)
{
    public string? Find(WeakReference context)
    {
        if (context.Target is not AssemblyLoadContext alc)
        {
            return null;
        }

        // An actor is a task too: named as what it is.
        var running = Runtime.TaskTracker.Running(alc);
        if (Runtime.Actors.Running(alc) is > 0 and var actors)
        {
            return Messages.HeldByActors(actors, Math.Max(0, running - actors));
        }

        if (running > 0)
        {
            return Messages.HeldByTasks(running);
        }

        lock (gate)
        {
            foreach (var cell in state.Cells)
            {
                if (StateCell.ContainsFunction(cell.Value) && HoldsFrom(cell.Value, alc))
                {
                    return Messages.HeldByState(cell.Name, Path.GetFileName(cell.Module));
                }
            }

            foreach (var node in graph.Nodes)
            {
                foreach (var writer in node.Slots)
                {
                    if (writer.Slot.Value is { } value && HoldsFrom(value, alc))
                    {
                        return Messages.HeldBySlot(writer.Slot.Name, node.FileName);
                    }
                }
            }
        }

        return Messages.HeldOutsideHost;
    }

    private static bool HoldsFrom(object? value, AssemblyLoadContext alc) => value switch
    {
        Fn fn => AssemblyLoadContext.GetLoadContext(fn.GetType().Assembly) == alc
            || fn.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic).Any(f => f.GetValue(fn) switch
            {
                // A closure's delegate, or a compiled function's owner type.
                Delegate d => AssemblyLoadContext.GetLoadContext(d.Method.DeclaringType!.Assembly) == alc,
                Type t => AssemblyLoadContext.GetLoadContext(t.Assembly) == alc,
                _ => false,
            }),
        FList list => list.Any(v => HoldsFrom(v, alc)),
        FMap map => map.Any(kv => HoldsFrom(kv.Key, alc) || HoldsFrom(kv.Value, alc)),
        _ => false,
    };
}
