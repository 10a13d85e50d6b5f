namespace FluentAI.Plugins.Values;

/// <summary>What compiled functions share.</summary>
internal static class CompiledFns
{
    /// <summary>The stack-check countdown a host's call of a typed entry starts with (calls until the first real check).</summary>
    public const int StackBudget = 16;
}

// A module function as a value: the address of its static method in the module's collectible
// context, called with one indirect call (no delegate, no dispatch on an id). The owner, a type of
// the module, is held so the context cannot unload while the value is reachable: an address is
// not a reference the collector sees. Generated code makes these; a host never needs to.

/// <summary>A compiled module function of no parameters.</summary>
public sealed unsafe class CompiledFn0(string name, delegate*<object?> code, Type owner) : Fn(name, 0)
{
    private readonly delegate*<object?> _code = code;

    /// <summary>A type of the module that defines the function; keeps its context loaded.</summary>
    public Type Owner { get; } = owner;

    /// <inheritdoc />
    public override object? Invoke() => _code();

    /// <summary>The call without a virtual dispatch, for <see cref="Slot"/>.</summary>
    internal object? Call() => _code();
}

/// <summary>A compiled module function of one parameter.</summary>
public sealed unsafe class CompiledFn1(string name, delegate*<object?, object?> code, Type owner) : Fn(name, 1)
{
    private readonly delegate*<object?, object?> _code = code;
    private readonly delegate*<long, ref int, long> _typed;

    /// <summary>
    /// A compiled module function that also has a typed entry on integers: <paramref name="typed"/>
    /// is what <paramref name="code"/> runs for an integer argument, so a caller holding a
    /// <see cref="long"/> can call it without a box. Its last parameter is the countdown of the
    /// generated code's stack check (every 16th call), passed along by reference.
    /// </summary>
    public CompiledFn1(string name, delegate*<object?, object?> code, delegate*<long, ref int, long> typed, Type owner)
        : this(name, code, owner) => _typed = typed;

    /// <summary>A type of the module that defines the function; keeps its context loaded.</summary>
    public Type Owner { get; } = owner;

    /// <summary>True when the function has a typed entry on integers.</summary>
    internal bool IsTyped => _typed != null;

    /// <summary>The typed entry (only when <see cref="IsTyped"/>): the same result as <see cref="Call"/> with a boxed argument.</summary>
    internal long CallTyped(long a)
    {
        var budget = CompiledFns.StackBudget;
        return _typed(a, ref budget);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a) => _code(a);

    /// <summary>The call without a virtual dispatch, for <see cref="Slot"/>.</summary>
    internal object? Call(object? a) => _code(a);
}

/// <summary>A compiled module function of two parameters.</summary>
public sealed unsafe class CompiledFn2(string name, delegate*<object?, object?, object?> code, Type owner) : Fn(name, 2)
{
    private readonly delegate*<object?, object?, object?> _code = code;
    private readonly delegate*<long, long, ref int, long> _typed;

    /// <summary>
    /// A compiled module function that also has a typed entry on integers: <paramref name="typed"/>
    /// is what <paramref name="code"/> runs for integer arguments, so a caller holding
    /// <see cref="long"/>s can call it without boxes. Its last parameter is the countdown of the
    /// generated code's stack check (every 16th call), passed along by reference.
    /// </summary>
    public CompiledFn2(string name, delegate*<object?, object?, object?> code, delegate*<long, long, ref int, long> typed, Type owner)
        : this(name, code, owner) => _typed = typed;

    /// <summary>A type of the module that defines the function; keeps its context loaded.</summary>
    public Type Owner { get; } = owner;

    /// <summary>True when the function has a typed entry on integers.</summary>
    internal bool IsTyped => _typed != null;

    /// <summary>The typed entry (only when <see cref="IsTyped"/>): the same result as <see cref="Call"/> with boxed arguments.</summary>
    internal long CallTyped(long a, long b)
    {
        var budget = CompiledFns.StackBudget;
        return _typed(a, b, ref budget);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b) => _code(a, b);

    /// <summary>The call without a virtual dispatch, for <see cref="Slot"/>.</summary>
    internal object? Call(object? a, object? b) => _code(a, b);
}

/// <summary>A compiled module function of three parameters.</summary>
public sealed unsafe class CompiledFn3(string name, delegate*<object?, object?, object?, object?> code, Type owner) : Fn(name, 3)
{
    private readonly delegate*<object?, object?, object?, object?> _code = code;

    /// <summary>A type of the module that defines the function; keeps its context loaded.</summary>
    public Type Owner { get; } = owner;

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c) => _code(a, b, c);

    /// <summary>The call without a virtual dispatch, for <see cref="Slot"/>.</summary>
    internal object? Call(object? a, object? b, object? c) => _code(a, b, c);
}

/// <summary>A compiled module function of four parameters.</summary>
public sealed unsafe class CompiledFn4(string name, delegate*<object?, object?, object?, object?, object?> code, Type owner) : Fn(name, 4)
{
    private readonly delegate*<object?, object?, object?, object?, object?> _code = code;

    /// <summary>A type of the module that defines the function; keeps its context loaded.</summary>
    public Type Owner { get; } = owner;

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d) => _code(a, b, c, d);

    /// <summary>The call without a virtual dispatch, for <see cref="Slot"/>.</summary>
    internal object? Call(object? a, object? b, object? c, object? d) => _code(a, b, c, d);
}
