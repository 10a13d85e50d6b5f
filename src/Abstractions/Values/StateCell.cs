using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Values;

/// <summary>
/// A <c>define-stateful</c> cell: owned by the host (default context), kept across reloads,
/// holding only FluentAI values. Reads and writes are atomic; <see cref="Swap"/> retries under
/// contention (compare-and-swap).
/// </summary>
public sealed class StateCell
{
    private object? _value;

    /// <summary>Creates a cell.</summary>
    public StateCell(string module, string name, long version, object? value)
    {
        Module = module;
        Name = name;
        Version = version;
        _value = value;
    }

    /// <summary>The module that declares the cell.</summary>
    public string Module { get; }

    /// <summary>The cell's name.</summary>
    public string Name { get; }

    /// <summary>The <c>:version</c> of the state the cell holds.</summary>
    public long Version { get; set; }

    /// <summary>Called when a function value is stored (it would keep its module version alive); set by the host.</summary>
    public Action<StateCell>? FunctionStored { get; set; }

    /// <summary>The current value.</summary>
    public object? Value => Volatile.Read(ref _value);

    /// <summary>Sets the value.</summary>
    public object? Reset(object? value)
    {
        Check(value);
        Volatile.Write(ref _value, value);
        return value;
    }

    /// <summary>Replaces the value with <c>f(old)</c>, retrying when another thread changed it meanwhile.</summary>
    public object? Swap(Func<object?, object?> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        while (true)
        {
            var old = Volatile.Read(ref _value);
            var next = update(old);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _value, next, old), old))
            {
                Check(next);
                return next;
            }
        }
    }

    /// <summary>Sets version and value together (migrations, restores).</summary>
    public void Set(long version, object? value)
    {
        Version = version;
        Volatile.Write(ref _value, value);
    }

    /// <summary>True when <paramref name="value"/> is or contains a function (looks at most at 1,000 values).</summary>
    public static bool ContainsFunction(object? value)
    {
        var budget = 1000;
        return Contains(value, ref budget);
    }

    private static bool Contains(object? value, ref int budget)
    {
        if (--budget < 0)
        {
            return false;
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case Fn:
                return true;
            case FList list:
                foreach (var item in list)
                {
                    if (Contains(item, ref budget))
                    {
                        return true;
                    }
                }

                return false;
            case FMap map:
                foreach (var (k, v) in map)
                {
                    if (Contains(k, ref budget) || Contains(v, ref budget))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private void Check(object? value)
    {
        if (FunctionStored is { } warn && ContainsFunction(value))
        {
            warn(this);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"#<state {Name} v{Version}>";
}
