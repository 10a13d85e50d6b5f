namespace FluentAI.Plugins.Peers.Engines;

/// <summary>The engines, by the name the command line and the table use.</summary>
internal static class PeerNames
{
    /// <summary>Every engine, in the order of the table's columns, with its column title.</summary>
    public static IReadOnlyList<(string Name, string Title)> All { get; } =
    [
        ("fluentai", "FluentAI"),
        ("v8", "ClearScript V8"),
        ("nlua", "NLua"),
        ("jint", "Jint"),
        ("csscript", "CSharpScript"),
        ("cs-boxed", "C# boxed `object`"),
        ("cs-typed", "C# typed"),
    ];

    /// <summary>A new engine named <paramref name="name"/>, its programs loaded.</summary>
    public static IPeer Create(string name) => name switch
    {
        "fluentai" => new FluentAIPeer(),
        "v8" => new V8Peer(),
        "nlua" => new LuaPeer(),
        "jint" => new JintPeer(),
        "csscript" => new CSharpScriptPeer(),
        "cs-boxed" => new BoxedCSharpPeer(),
        "cs-typed" => new TypedCSharpPeer(),
        _ => throw new ArgumentException($"no engine '{name}' (there are {string.Join(", ", All.Select(e => e.Name))})", nameof(name)),
    };
}
