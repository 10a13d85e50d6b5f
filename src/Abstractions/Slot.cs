using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins;

/// <summary>
/// A stable cell in the default load context that holds the current version of an exported
/// value, a <c>define-reloadable</c> function or a REPL definition. Callers hold the slot,
/// never its target, so a reload that publishes a new target is seen by every caller at once.
/// A slot is itself a function value: calling it calls the current target.
/// </summary>
/// <remarks>
/// A slot is where a host enters a module, so its calls take host values (an <see cref="int"/>
/// becomes a FluentAI integer, a dictionary a map: <see cref="HostValues"/>); an error raised inside
/// the module is a <see cref="FluentAIException"/> that names its <c>.ai</c> location, and an
/// exception a host function threw passes through as it is. Only the holder of its
/// <see cref="SlotWriter"/> (the loader) can change what it points to.
/// </remarks>
public sealed class Slot : Fn
{
    private volatile object? _value;
    private volatile Fn? _target;
    private volatile Fn? _route;
    private volatile Fn? _published;
    private long _version;
    private Fn? _measured;

    internal Slot(string module, string name)
        : base(name, 0)
    {
        Module = module;
    }

    /// <summary>The module that owns the slot (its path or name).</summary>
    public string Module { get; }

    /// <summary>The current value.</summary>
    public object? Value => _value;

    /// <summary>The version of the current value: 0 before the first publication, then 1, 2, …</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>The current target when it is a function, otherwise null.</summary>
    public Fn? Target => _target;

    /// <inheritdoc />
    public override int Arity => _target?.Arity ?? 0;

    /// <inheritdoc />
    public override bool IsVariadic => _target?.IsVariadic ?? false;

    /// <summary>The loader's meter: null for a slot made outside a host. Calls are measured only while it is listened to.</summary>
    internal SlotMeter? Meter { get; init; }

    /// <summary>
    /// The meter's cache for this slot: the measuring function of its current target. Cleared by
    /// every publication and route, so it never keeps a replaced version's function (and with it
    /// the version's load context) alive.
    /// </summary>
    internal Fn? Measured
    {
        get => Volatile.Read(ref _measured);
        set => Volatile.Write(ref _measured, value);
    }

    /// <summary>Drops <paramref name="measured"/> from the cache unless something newer replaced it.</summary>
    internal void Forget(Fn measured) => Interlocked.CompareExchange(ref _measured, null, measured);

    /// <summary>The published function, whatever a route in front of it does.</summary>
    internal Fn? Published => _published;

    internal void Publish(object? value, long version)
    {
        // The target is written before the value so a reader that sees the new value never calls the old target
        // as the new one; both are complete objects, so any interleaving calls a fully linked version.
        _published = value as Fn;
        _target = _route ?? _published;
        _value = value;
        Volatile.Write(ref _version, version);
        Measured = null;
    }

    /// <summary>
    /// Sends every call to <paramref name="route"/> (a measuring or routing function in front of the
    /// published target) until it is set back to null; the value and version stay as published.
    /// </summary>
    internal void Route(Fn? route)
    {
        _route = route;
        _target = route ?? _published;
        Measured = null;
    }

    /// <summary>The function to call for <paramref name="target"/>: itself, or its measuring wrapper while the meter is listened to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fn? Entry(Fn? target) => Meter is { } meter && meter.Listened.Enabled ? meter.Measure(this, target) : target;

    /// <inheritdoc />
    public override object? Invoke()
    {
        var target = Entry(_target);
        return target is CompiledFn0 compiled ? compiled.Call() : (target ?? NotCallable()).Invoke();
    }

    /// <inheritdoc />
    public override object? Invoke(object? a)
    {
        var target = _target;
        a = HostValues.IsFluentValue(a) ? a : HostValues.ToValue(a);
        target = Entry(target);
        return target is CompiledFn1 compiled ? compiled.Call(a) : (target ?? NotCallable()).Invoke(a);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b)
    {
        var target = _target;
        a = HostValues.IsFluentValue(a) ? a : HostValues.ToValue(a);
        b = HostValues.IsFluentValue(b) ? b : HostValues.ToValue(b);
        target = Entry(target);
        return target is CompiledFn2 compiled ? compiled.Call(a, b) : (target ?? NotCallable()).Invoke(a, b);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c)
    {
        var target = _target;
        a = HostValues.IsFluentValue(a) ? a : HostValues.ToValue(a);
        b = HostValues.IsFluentValue(b) ? b : HostValues.ToValue(b);
        c = HostValues.IsFluentValue(c) ? c : HostValues.ToValue(c);
        target = Entry(target);
        return target is CompiledFn3 compiled ? compiled.Call(a, b, c) : (target ?? NotCallable()).Invoke(a, b, c);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d)
    {
        var target = _target;
        a = HostValues.IsFluentValue(a) ? a : HostValues.ToValue(a);
        b = HostValues.IsFluentValue(b) ? b : HostValues.ToValue(b);
        c = HostValues.IsFluentValue(c) ? c : HostValues.ToValue(c);
        d = HostValues.IsFluentValue(d) ? d : HostValues.ToValue(d);
        target = Entry(target);
        return target is CompiledFn4 compiled ? compiled.Call(a, b, c, d) : (target ?? NotCallable()).Invoke(a, b, c, d);
    }

    /// <inheritdoc />
    public override object? Apply(object?[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var target = Entry(_target) ?? NotCallable();
        var values = args;
        for (var i = 0; i < args.Length; i++)
        {
            if (!HostValues.IsFluentValue(args[i]))
            {
                // The caller's array stays as it was.
                values = values == args ? (object?[])args.Clone() : values;
                values[i] = HostValues.ToValue(args[i]);
            }
        }

        return target.Apply(values);
    }

    /// <summary>
    /// The current target when a caller holding a <see cref="long"/> can call its typed entry (a
    /// module function with one, nobody measuring the slot), else null: then call <see cref="Invoke(object?)"/>.
    /// One read of the target, so the typed and boxed entries are always of the same version.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CompiledFn1? TypedTarget1() => Entry(_target) is CompiledFn1 { IsTyped: true } typed ? typed : null;

    /// <summary>Like <see cref="TypedTarget1"/>, for two <see cref="long"/> arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal CompiledFn2? TypedTarget2() => Entry(_target) is CompiledFn2 { IsTyped: true } typed ? typed : null;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Fn NotCallable() => throw new FluentAIException(
        ErrorCodes.NotCallable,
        _value is null && Version == 0
            ? $"{Name} from {Module} is not defined yet"
            : $"{Name} from {Module} is not a function: {Printer.Print(_value)}");

    /// <inheritdoc />
    public override string ToString() => $"#<fn {Name}>";
}

/// <summary>
/// The right to change one <see cref="Slot"/>: whoever creates the slot through its writer (the
/// loader) keeps the writer and hands out only the slot, so no one else can point it elsewhere.
/// </summary>
public sealed class SlotWriter
{
    /// <summary>Creates a slot for <paramref name="name"/> of <paramref name="module"/>; it holds nil until the first publication.</summary>
    public SlotWriter(string module, string name) => Slot = new Slot(module, name);

    /// <summary>A slot whose calls <paramref name="meter"/> measures while it is listened to (the loader's).</summary>
    internal SlotWriter(string module, string name, SlotMeter? meter) => Slot = new Slot(module, name) { Meter = meter };

    /// <summary>The slot this writer changes.</summary>
    public Slot Slot { get; }

    /// <summary>Points the slot at a new value; callers see it on their next call.</summary>
    public void Publish(object? value, long version) => Slot.Publish(value, version);
}
