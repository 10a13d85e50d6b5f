using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Values;

/// <summary>
/// A <c>define-stateful</c> cell: owned by the host (default context), kept across reloads,
/// holding only FluentAI values. Reads and writes are atomic; <see cref="Swap"/> retries under
/// contention (compare-and-swap).
/// </summary>
public sealed class StateCell
{
    // The value; or, while a reload stages a new one, a Staged that holds both: the reload's own code
    // sees the staged value, everyone else the committed one, and other writers wait until the reload
    // publishes or discards it, so no write is lost to a migration or an aborted reload.
    private object? _value;
    private long _version;

    /// <summary>Creates a cell.</summary>
    public StateCell(string module, string name, long version, object? value)
    {
        Module = module;
        Name = name;
        _version = version;
        _value = value;
    }

    /// <summary>The module that declares the cell.</summary>
    public string Module { get; }

    /// <summary>The cell's name.</summary>
    public string Name { get; }

    /// <summary>The <c>:version</c> of the state the cell holds (as the caller sees it: a staging reload sees its own).</summary>
    public long Version => Volatile.Read(ref _value) is Staged { Owner.IsCurrent: true } staged ? staged.Version : Volatile.Read(ref _version);

    /// <summary>Called when a function value is stored (it would keep its module version alive); set by the host.</summary>
    public Action<StateCell>? FunctionStored { get; set; }

    /// <summary>
    /// Test hook: run by a write of the staging's own code after it computed <c>update(old)</c> from the
    /// staged value and before it takes that value's lock, the window in which a racing publish must not
    /// lose the write. Null (one field read) outside tests.
    /// </summary>
    internal Action? StagedWriteComputed { get; set; }

    /// <summary>Where the cell reports that it changed (its host's state file writer reads it); null outside a host.</summary>
    internal StateChanges? Changes { get; set; }

    /// <summary>The current value (as the caller sees it: a staging reload sees its own).</summary>
    public object? Value
    {
        get
        {
            var value = Volatile.Read(ref _value);
            return value is Staged staged ? (staged.Owner.IsCurrent ? Volatile.Read(ref staged.Value) : staged.Committed) : value;
        }
    }

    /// <summary>Sets the value.</summary>
    public object? Reset(object? value)
    {
        Check(value);
        return Update(_ => value);
    }

    /// <summary>Replaces the value with <c>f(old)</c>, retrying when another thread changed it meanwhile.</summary>
    public object? Swap(Func<object?, object?> update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var next = Update(update);
        Check(next);
        return next;
    }

    /// <summary>Sets version and value together (restoring saved state); waits while a reload stages the cell.</summary>
    public void Set(long version, object? value)
    {
        if (StateStaging.Current is { } staging)
        {
            staging.Set(this, version, value);
            return;
        }

        while (Volatile.Read(ref _value) is Staged staged)
        {
            staged.Owner.WaitUntilDone(this);
        }

        Volatile.Write(ref _version, version);
        Volatile.Write(ref _value, value);

        // A full fence: the flag must be read after the value is visible (Changed documents why).
        Interlocked.MemoryBarrier();
        Changes?.Changed();
    }

    private object? Update(Func<object?, object?> update)
    {
        while (true)
        {
            var current = Volatile.Read(ref _value);
            if (current is Staged staged)
            {
                if (!staged.Owner.IsCurrent)
                {
                    staged.Owner.WaitUntilDone(this);
                }
                else if (staged.TryUpdate(update, StagedWriteComputed, out var result))
                {
                    return result;
                }

                // Else the staging ended meanwhile: write to what it left.
                continue;
            }

            if (StateStaging.Current is { } staging)
            {
                // A write by a reload's own code is part of the reload: published with it or discarded.
                Hold(staging);
                continue;
            }

            var next = update(current);
            if (ReferenceEquals(Interlocked.CompareExchange(ref _value, next, current), current))
            {
                // After the compare-and-swap (a full fence): a writer of the state file that clears the flag
                // and then snapshots sees this value, or this call sees the flag clear and sets it.
                Changes?.Changed();
                return next;
            }
        }
    }

    /// <summary>Makes <paramref name="staging"/> (or a staging it runs inside) the cell's only writer.</summary>
    internal void Hold(StateStaging staging)
    {
        while (true)
        {
            var current = Volatile.Read(ref _value);
            if (current is Staged staged)
            {
                if (staged.Owner.IsCurrent)
                {
                    return;
                }

                staged.Owner.WaitUntilDone(this);
                continue;
            }

            if (ReferenceEquals(Interlocked.CompareExchange(ref _value, new Staged(staging, Volatile.Read(ref _version), current), current), current))
            {
                staging.Held(this);
                return;
            }
        }
    }

    /// <summary>Sets the staged version and value (the caller holds the cell).</summary>
    internal void SetStaged(long version, object? value)
    {
        var staged = (Staged)Volatile.Read(ref _value)!;
        lock (staged)
        {
            staged.Version = version;
            staged.Value = value;
        }
    }

    /// <summary>Ends a staging: makes the staged version and value everyone's, or puts the committed ones back.</summary>
    internal void EndStaging(bool publish)
    {
        var staged = (Staged)Volatile.Read(ref _value)!;
        lock (staged)
        {
            // Closed first: a write by the staging's own code that loses this race goes to the cell instead.
            staged.Closed = true;
            if (publish)
            {
                Volatile.Write(ref _version, staged.Version);
            }

            Volatile.Write(ref _value, publish ? staged.Value : staged.Committed);
        }

        if (publish)
        {
            Changes?.Committed();
        }
    }

    private sealed class Staged(StateStaging owner, long version, object? committed)
    {
        public readonly StateStaging Owner = owner;
        public readonly object? Committed = committed;
        public long Version = version;
        public object? Value = committed;
        public bool Closed;

        /// <summary>Replaces the staged value with <c>update(old)</c> (computed outside the lock, retried if it changed); false once the staging ended.</summary>
        public bool TryUpdate(Func<object?, object?> update, Action? computed, out object? result)
        {
            while (true)
            {
                var current = Volatile.Read(ref Value);
                var next = update(current);
                computed?.Invoke();
                lock (this)
                {
                    if (Closed)
                    {
                        result = null;
                        return false;
                    }

                    if (ReferenceEquals(Value, current))
                    {
                        Value = next;
                        result = next;
                        return true;
                    }
                }
            }
        }
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
