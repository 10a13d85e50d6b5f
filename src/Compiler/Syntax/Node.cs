using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Syntax;

/// <summary>A node of the syntax tree as read: immutable, with the span it was read from.</summary>
public abstract class Node(SourceSpan span)
{
    /// <summary>Where the node was read from.</summary>
    public SourceSpan Span { get; } = span;
}

/// <summary>A literal atom: an integer (<see cref="long"/>), float, string, boolean or nil.</summary>
public sealed class LiteralNode(SourceSpan span, object? value) : Node(span)
{
    /// <summary>The value: <see cref="long"/>, <see cref="double"/>, <see cref="string"/>, <see cref="bool"/> or null for nil.</summary>
    public object? Value { get; } = value;

    /// <inheritdoc />
    public override string ToString() => Values.Printer.Print(Value);
}

/// <summary>A symbol such as <c>process-request</c>, <c>io:print</c> or <c>m.name</c>.</summary>
public sealed class SymbolNode(SourceSpan span, string name) : Node(span)
{
    /// <summary>The symbol's text.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>A keyword such as <c>:version</c>.</summary>
public sealed class KeywordNode(SourceSpan span, string name) : Node(span)
{
    /// <summary>The name without the colon.</summary>
    public string Name { get; } = name;

    /// <inheritdoc />
    public override string ToString() => ":" + Name;
}

/// <summary>The kind of bracket a sequence was written with.</summary>
public enum SeqKind
{
    /// <summary><c>( ... )</c>: a form.</summary>
    List,

    /// <summary><c>[ ... ]</c>: a list literal.</summary>
    Vector,

    /// <summary><c>{ ... }</c>: a map literal.</summary>
    Map,
}

/// <summary>A bracketed sequence.</summary>
public sealed class SeqNode(SourceSpan span, SeqKind kind, IReadOnlyList<Node> items) : Node(span)
{
    /// <summary>The bracket kind.</summary>
    public SeqKind Kind { get; } = kind;

    /// <summary>The elements.</summary>
    public IReadOnlyList<Node> Items { get; } = items;

    /// <summary>The head symbol's name when the first element is a symbol.</summary>
    public string? Head => Items.Count > 0 && Items[0] is SymbolNode s ? s.Name : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var (open, close) = Kind switch { SeqKind.Vector => ("[", "]"), SeqKind.Map => ("{", "}"), _ => ("(", ")") };
        return open + string.Join(' ', Items) + close;
    }
}
