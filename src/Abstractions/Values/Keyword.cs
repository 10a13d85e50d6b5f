using System.Collections.Concurrent;

namespace FluentAI.Plugins.Values;

/// <summary>A self-evaluating keyword such as <c>:name</c>. Keywords are interned, so reference equality is value equality.</summary>
public sealed class Keyword
{
    private static readonly ConcurrentDictionary<string, Keyword> Table = new(StringComparer.Ordinal);

    private Keyword(string name) => Name = name;

    /// <summary>The keyword's name without the leading colon.</summary>
    public string Name { get; }

    /// <summary>Returns the one keyword with this name (without the colon).</summary>
    public static Keyword Intern(string name) => Table.GetOrAdd(name, static n => new Keyword(n));

    /// <inheritdoc />
    public override string ToString() => ":" + Name;
}
