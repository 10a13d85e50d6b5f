namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>What the <c>set!</c>s of a module assign: globals by name, locals by their unique C# name.</summary>
internal sealed class Assignments
{
    public HashSet<string> Globals { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Locals { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Globals.Count == 0 && Locals.Count == 0;

    public bool SameAs(Assignments other) => Globals.SetEquals(other.Globals) && Locals.SetEquals(other.Locals);
}
