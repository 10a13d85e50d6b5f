using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins;

/// <summary>
/// A stable cell in the default load context that holds the current version of an exported
/// value, a <c>define-reloadable</c> function or a REPL definition. Callers hold the slot,
/// never its target, so a reload that publishes a new target is seen by every caller at once.
/// A slot is itself a function value: calling it calls the current target.
/// </summary>
public sealed class Slot : Fn
{
    private volatile object? _value;
    private volatile Fn? _target;
    private long _version;

    /// <summary>Creates an empty slot; it holds nil until the first publication.</summary>
    public Slot(string module, string name)
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

    /// <summary>Points the slot at a new value; callers see it on their next call.</summary>
    public void Publish(object? value, long version)
    {
        // The target is written before the value so a reader that sees the new value never calls the old target
        // as the new one; both are complete objects, so any interleaving calls a fully linked version.
        _target = value as Fn;
        _value = value;
        Volatile.Write(ref _version, version);
    }

    /// <inheritdoc />
    public override object? Invoke()
    {
        var target = _target;
        return target is CompiledFn0 compiled ? compiled.Call() : (target ?? NotCallable()).Invoke();
    }

    /// <inheritdoc />
    public override object? Invoke(object? a)
    {
        var target = _target;
        return target is CompiledFn1 compiled ? compiled.Call(a) : (target ?? NotCallable()).Invoke(a);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b)
    {
        var target = _target;
        return target is CompiledFn2 compiled ? compiled.Call(a, b) : (target ?? NotCallable()).Invoke(a, b);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c)
    {
        var target = _target;
        return target is CompiledFn3 compiled ? compiled.Call(a, b, c) : (target ?? NotCallable()).Invoke(a, b, c);
    }

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d)
    {
        var target = _target;
        return target is CompiledFn4 compiled ? compiled.Call(a, b, c, d) : (target ?? NotCallable()).Invoke(a, b, c, d);
    }

    /// <inheritdoc />
    public override object? Apply(object?[] args) => (_target ?? NotCallable()).Apply(args);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Fn NotCallable() => throw new FluentAIException(
        ErrorCodes.NotCallable,
        _value is null && Version == 0
            ? $"{Name} from {Module} is not defined yet"
            : $"{Name} from {Module} is not a function: {Printer.Print(_value)}");

    /// <inheritdoc />
    public override string ToString() => $"#<fn {Name}>";
}
