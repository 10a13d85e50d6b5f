using System.Collections.Concurrent;

namespace FluentAI.Plugins.Values;

/// <summary>A quoted symbol value such as <c>'x</c>. Symbols are interned.</summary>
public sealed class Symbol
{
    private static readonly ConcurrentDictionary<string, Symbol> Table = new(StringComparer.Ordinal);

    private Symbol(string name) => Name = name;

    /// <summary>The symbol's name.</summary>
    public string Name { get; }

    /// <summary>Returns the one symbol with this name.</summary>
    public static Symbol Intern(string name) => Table.GetOrAdd(name, static n => new Symbol(n));

    /// <inheritdoc />
    public override string ToString() => Name;
}
