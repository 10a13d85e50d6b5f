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
/// Only the <see cref="LinkStaging"/> that made a link can stage it.
/// </summary>
public sealed class Link : Fn
{
    /// <summary>The staged (or bound) value, one reference: a call reads it once, so it never sees half of a change.</summary>
    private volatile Staged? _staged;

    internal Link(Slot slot, LinkStaging owner, bool own = false)
        : base(slot.Name, 0)
    {
        Slot = slot;
        Owner = owner;
        IsOwn = own;
    }

    internal LinkStaging Owner { get; }

    /// <summary>True for a module's link to its own slot: a call through it stays inside the module and is not measured.</summary>
    internal bool IsOwn { get; }

    /// <summary>True while the link serves its staged or pinned value rather than the public slot.</summary>
    internal bool IsStaged => _staged is not null;

    /// <summary>The public slot behind the link.</summary>
    public Slot Slot { get; }

    /// <summary>The value the linked code sees now.</summary>
    public object? Value => _staged is { } staged ? staged.Value : Slot.Value;

    private Fn Target
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            if (_staged is { } staged)
            {
                return staged.Fn ?? NotCallable();
            }

            // A module's call to its own function stays inside it: past any route a rollout or check put in front.
            var target = IsOwn ? Slot.Published : Slot.Target;

            // A call from another module enters this one: measured while the host's meter is listened to.
            if (!IsOwn && Slot.Meter is { } meter && meter.Listened.Enabled)
            {
                target = meter.Measure(Slot, target);
            }

            return target ?? NotCallable();
        }
    }

    /// <inheritdoc />
    public override int Arity => (_staged is { } staged ? staged.Fn : Slot.Target)?.Arity ?? 0;

    /// <inheritdoc />
    public override bool IsVariadic => (_staged is { } staged ? staged.Fn : Slot.Target)?.IsVariadic ?? false;

    internal void Stage(object? value) => _staged = new Staged(value, value as Fn);

    internal void Commit() => _staged = null;

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
        Value is null && Slot.Version == 0 && _staged is null
            ? $"{Name} from {Slot.Module} is not defined yet"
            : $"{Name} from {Slot.Module} is not a function: {Printer.Print(Value)}");
}

/// <summary>A link's staged value and, when it is one, the function to call.</summary>
internal sealed record Staged(object? Value, Fn? Fn);

/// <summary>
/// The links of one reload transaction: it makes them, serves each the value staged for the
/// transaction, and on <see cref="Commit"/> turns them all to their public slots at once.
/// </summary>
public sealed class LinkStaging
{
    private readonly List<Link> _links = [];

    /// <summary>A new link to <paramref name="slot"/>; it forwards to the slot until a value is staged.</summary>
    public Link Create(Slot slot) => Create(slot, own: false);

    /// <summary>A new link to <paramref name="slot"/>; <paramref name="own"/> when the linking module owns the slot.</summary>
    internal Link Create(Slot slot, bool own)
    {
        ArgumentNullException.ThrowIfNull(slot);
        var link = new Link(slot, this, own);
        lock (_links)
        {
            _links.Add(link);
        }

        return link;
    }

    /// <summary>Serves <paramref name="value"/> to the code holding <paramref name="link"/> until <see cref="Commit"/>.</summary>
    /// <exception cref="ArgumentException">The link was made by another staging.</exception>
    public void Stage(Link link, object? value)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.Owner != this)
        {
            throw new ArgumentException("the link belongs to another staging", nameof(link));
        }

        link.Stage(value);
    }

    /// <summary>Every link made here forwards to its public slot from now on; staged values are dropped.</summary>
    public void Commit()
    {
        lock (_links)
        {
            foreach (var link in _links)
            {
                link.Commit();
            }

            _links.Clear();
        }
    }
}
