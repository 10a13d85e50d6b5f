using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins;

/// <summary>
/// How one generation of a module reaches a slot-backed name: an import, or one of its own
/// <c>define-reloadable</c> functions. While the generation is being linked inside a reload
/// transaction the link serves the value staged for that transaction (so a dependent computes
/// its load-time values from the new version of what it imports); once the transaction commits
/// it forwards to the public <see cref="Slot"/>, so closures made by any generation always reach
/// the current version. Links live in the default context and hold a staged value only until commit.
/// </summary>
public sealed class Link : Fn
{
    private volatile bool _staging;
    private object? _staged;
    private Fn? _stagedFn;

    /// <summary>Creates a link to <paramref name="slot"/>.</summary>
    public Link(Slot slot)
        : base(slot.Name, 0)
    {
        Slot = slot;
    }

    /// <summary>The public slot behind the link.</summary>
    public Slot Slot { get; }

    /// <summary>The value the linked code sees now.</summary>
    public object? Value => _staging ? _staged : Slot.Value;

    private Fn Target
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (_staging ? _stagedFn : Slot.Target) ?? NotCallable();
    }

    /// <inheritdoc />
    public override int Arity => (_staging ? _stagedFn : Slot.Target)?.Arity ?? 0;

    /// <inheritdoc />
    public override bool IsVariadic => (_staging ? _stagedFn : Slot.Target)?.IsVariadic ?? false;

    /// <summary>Serves <paramref name="value"/> to the linked generation until <see cref="Commit"/>.</summary>
    public void Stage(object? value)
    {
        _staged = value;
        _stagedFn = value as Fn;
        _staging = true;
    }

    /// <summary>Forwards to the public slot from now on and drops the staged value.</summary>
    public void Commit()
    {
        _staging = false;
        _staged = null;
        _stagedFn = null;
    }

    /// <inheritdoc />
    public override object? Invoke() => Target.Invoke();

    /// <inheritdoc />
    public override object? Invoke(object? a) => Target.Invoke(a);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b) => Target.Invoke(a, b);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c) => Target.Invoke(a, b, c);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d) => Target.Invoke(a, b, c, d);

    /// <inheritdoc />
    public override object? Apply(object?[] args) => Target.Apply(args);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private Fn NotCallable() => throw new FluentAIException(
        ErrorCodes.NotCallable,
        Value is null && Slot.Version == 0 && !_staging
            ? $"{Name} from {Slot.Module} is not defined yet"
            : $"{Name} from {Slot.Module} is not a function: {Printer.Print(Value)}");
}
