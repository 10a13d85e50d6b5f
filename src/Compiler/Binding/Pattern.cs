namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>A <c>match</c> or <c>catch</c> pattern.</summary>
internal abstract class Pattern;

internal sealed class PWild : Pattern;

internal sealed class PBind(LocalVar v) : Pattern
{
    public LocalVar Var { get; } = v;
}

internal sealed class PLit(object? value) : Pattern
{
    public object? Value { get; } = value;
}

internal sealed class POr(IReadOnlyList<Pattern> alternatives) : Pattern
{
    public IReadOnlyList<Pattern> Alternatives { get; } = alternatives;
}

internal sealed class PAs(LocalVar v, Pattern inner) : Pattern
{
    public LocalVar Var { get; } = v;
    public Pattern Inner { get; } = inner;
}

internal sealed class PWhen(Pattern inner, BNode guard) : Pattern
{
    public Pattern Inner { get; } = inner;
    public BNode Guard { get; } = guard;
}

internal sealed class PView(BNode fn, Pattern inner) : Pattern
{
    public BNode Fn { get; } = fn;
    public Pattern Inner { get; } = inner;
}

internal sealed class PRange(object low, object high, bool inclusive) : Pattern
{
    public object Low { get; } = low;
    public object High { get; } = high;
    public bool Inclusive { get; } = inclusive;
}

internal sealed class PCons(Pattern head, Pattern tail) : Pattern
{
    public Pattern Head { get; } = head;
    public Pattern Tail { get; } = tail;
}

internal sealed class PNil : Pattern;

/// <summary><c>[p1 p2]</c> or <c>(list p1 p2)</c>: a list of exactly that length.</summary>
internal sealed class PList(IReadOnlyList<Pattern> items) : Pattern
{
    public IReadOnlyList<Pattern> Items { get; } = items;
}
