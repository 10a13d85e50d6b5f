using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Counts the tasks started by <c>async</c>, <c>spawn</c> and <c>timeout</c> that are still
/// running, per <see cref="AssemblyLoadContext"/> of the code that started them, so a host can
/// tell whether a module's context still has work in flight before unloading it. The table is
/// weak: it never keeps a context alive.
/// </summary>
public static class TaskTracker
{
    private static readonly ConditionalWeakTable<AssemblyLoadContext, Counter> Counts = new();
    private static readonly Counter Unowned = new();

    /// <summary>The number of tasks started from code in <paramref name="context"/> that have not finished.</summary>
    public static int Running(AssemblyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Counts.TryGetValue(context, out var counter) ? Volatile.Read(ref counter.Value) : 0;
    }

    /// <summary>Counts a task as started by code in <paramref name="owner"/>.</summary>
    internal static Counter Enter(AssemblyLoadContext? owner)
    {
        var counter = owner is null ? Unowned : Counts.GetOrCreateValue(owner);
        Interlocked.Increment(ref counter.Value);
        return counter;
    }

    /// <summary>Counts the task as finished.</summary>
    internal static void Exit(Counter counter) => Interlocked.Decrement(ref counter.Value);

    /// <summary>A running-task count.</summary>
    internal sealed class Counter
    {
        // A field, for Interlocked.
        public int Value;
    }
}
