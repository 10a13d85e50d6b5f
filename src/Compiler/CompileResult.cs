using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler;

/// <summary>The outcome of compiling one module.</summary>
public sealed class CompileResult
{
    internal CompileResult(ModuleManifest manifest, string hash, string assemblyName, string? csharp, byte[]? image, byte[]? pdb, IReadOnlyList<Diagnostic> diagnostics)
    {
        Manifest = manifest;
        Hash = hash;
        AssemblyName = assemblyName;
        CSharp = csharp;
        Image = image;
        Pdb = pdb;
        Diagnostics = diagnostics;
    }

    /// <summary>The module's declarations.</summary>
    public ModuleManifest Manifest { get; }

    /// <summary>The content hash: source, compiler version and import signatures.</summary>
    public string Hash { get; }

    /// <summary>The name of the compiled assembly (unique per content hash).</summary>
    public string AssemblyName { get; }

    /// <summary>The generated C#, when binding succeeded.</summary>
    public string? CSharp { get; }

    /// <summary>The compiled assembly image, when compilation succeeded.</summary>
    public byte[]? Image { get; }

    /// <summary>A separate portable PDB, when one was produced (by default the PDB is embedded in <see cref="Image"/>).</summary>
    public byte[]? Pdb { get; }

    /// <summary>Every diagnostic, read to compile.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when an image was produced.</summary>
    public bool Success => Image is not null;
}
