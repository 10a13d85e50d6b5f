namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>A lexical scope of locals; lookups walk outwards.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, LocalVar> _locals = new(StringComparer.Ordinal);

    public Scope? Parent { get; } = parent;

    public void Add(LocalVar v) => _locals[v.Name] = v;

    public LocalVar? Find(string name)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s._locals.TryGetValue(name, out var v))
            {
                return v;
            }
        }

        return null;
    }
}
