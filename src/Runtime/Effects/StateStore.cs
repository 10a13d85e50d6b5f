using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// The store behind the default <c>state</c> handler: one process-wide table from keys (compared
/// by FluentAI value equality) to values. Safe to use from concurrent tasks.
/// </summary>
public sealed class StateStore
{
    private readonly Dictionary<object, object?> _values = new(ValueEquality.KeyComparer);
    private readonly Lock _lock = new();

    /// <summary>The store <c>(effect state:...)</c> uses when no handler takes the operation.</summary>
    public static StateStore Global { get; } = new();

    /// <summary>The number of keys.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _values.Count;
            }
        }
    }

    /// <summary>The value for <paramref name="key"/>, or <paramref name="missing"/>.</summary>
    public object? Get(object? key, object? missing = null)
    {
        lock (_lock)
        {
            return _values.TryGetValue(Key(key), out var v) ? v : missing;
        }
    }

    /// <summary>Sets the value for <paramref name="key"/>.</summary>
    public void Set(object? key, object? value)
    {
        lock (_lock)
        {
            _values[Key(key)] = value;
        }
    }

    /// <summary>
    /// Replaces the value with <c>(f old)</c> and returns it. The lock is held while
    /// <paramref name="f"/> runs, so concurrent updates of the store do not lose writes.
    /// </summary>
    public object? Update(object? key, Fn f)
    {
        lock (_lock)
        {
            var k = Key(key);
            var next = f.Invoke(_values.GetValueOrDefault(k));
            _values[k] = next;
            return next;
        }
    }

    /// <summary>Removes <paramref name="key"/>; returns the value it had, or nil.</summary>
    public object? Delete(object? key)
    {
        lock (_lock)
        {
            return _values.Remove(Key(key), out var old) ? old : null;
        }
    }

    /// <summary>Removes every key.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _values.Clear();
        }
    }

    // nil is a key like any other.
    private static object Key(object? key) => key ?? NilKey;

    private static readonly object NilKey = new();
}
