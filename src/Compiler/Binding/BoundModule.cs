namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>The bound form of one module, ready to emit.</summary>
internal sealed class BoundModule
{
    public required ModuleManifest Manifest { get; init; }
    public required IReadOnlyList<GlobalVar> Globals { get; init; }
    public required IReadOnlyList<ImportVar> Imports { get; init; }
    public required IReadOnlyList<BNode> TopLevel { get; init; }
}
