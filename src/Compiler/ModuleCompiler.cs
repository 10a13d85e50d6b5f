using System.Security.Cryptography;
using System.Text;
using FluentAI.Plugins.Compiler.Binding;
using FluentAI.Plugins.Compiler.Emit;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler;

/// <summary>Options for one compilation.</summary>
public sealed record CompileOptions
{
    /// <summary>Names visible without an import (REPL definitions, a REPL's module scope).</summary>
    public IReadOnlyList<ImplicitName> ImplicitNames { get; init; } = [];

    /// <summary>False to stop after emitting C# (for <c>fluentai compile --emit cs</c> and <c>check</c>).</summary>
    public bool EmitAssembly { get; init; } = true;
}

/// <summary>
/// The FluentAI compiler: read → bind → emit C# → Roslyn. Thread-safe; one instance serves a process.
/// Work runs on a thread with a large stack so deeply nested (but accepted) code never overflows.
/// </summary>
public sealed class ModuleCompiler
{
    /// <summary>Changes whenever generated code changes shape, so cached images of older compilers are not reused.</summary>
    public const string Version = "fluentai-compiler/24";

    private readonly BuiltinCatalog _builtins;

    // One warm Roslyn environment per compiler.
    private readonly RoslynBackend _backend;

    /// <summary>
    /// Creates a compiler that resolves library names against <paramref name="builtins"/>; generated code
    /// compiles against the core library, the Abstractions and the assemblies the catalog was read from.
    /// </summary>
    public ModuleCompiler(BuiltinCatalog builtins)
    {
        ArgumentNullException.ThrowIfNull(builtins);
        _builtins = builtins;
        _backend = new RoslynBackend(RoslynBackend.ReferencePaths(builtins.Assemblies));
        // The compiler's own build is part of it: a change to what it generates, even one that forgot to
        // bump Version, never reuses an image an older build compiled.
        CacheKey = Version + "\n" + string.Join('\n', new[] { typeof(ModuleCompiler).Assembly, typeof(Slot).Assembly }.Concat(builtins.Assemblies).Distinct()
            .Select(a => $"{a.GetName().Name} {a.GetName().Version} {a.ManifestModule.ModuleVersionId}"));
    }

    /// <summary>
    /// What an image's content hash takes from this compiler: <see cref="Version"/>, the identity (name,
    /// version, module id) of the compiler's own assembly, so another build of the compiler never reuses
    /// its images, and that of every assembly generated code binds to, so an image compiled against
    /// another build of the Abstractions or the library is never loaded against this one.
    /// </summary>
    internal string CacheKey { get; }

    /// <summary>The library functions this compiler knows.</summary>
    public BuiltinCatalog Builtins => _builtins;

    /// <summary>
    /// The content hash of <paramref name="module"/> as this compiler would compile it now: its source
    /// and file, the compiler version, the assemblies generated code binds to, and the export
    /// signatures of what it imports.
    /// </summary>
    public string ComputeHash(ParsedModule module, IModuleResolver? resolver, CompileOptions? options = null) =>
        ComputeHash(module, resolver, options, CacheKey);

    /// <summary>
    /// <see cref="ComputeHash(ParsedModule, IModuleResolver?, CompileOptions?)"/> as a compiler whose
    /// <see cref="CacheKey"/> is <paramref name="compilerVersion"/> would compute it, so tests can prove what is part of the key.
    /// </summary>
    internal static string ComputeHash(ParsedModule module, IModuleResolver? resolver, CompileOptions? options, string compilerVersion)
    {
        var sb = new StringBuilder();
        sb.Append(compilerVersion).Append('\n').Append(module.File).Append('\n').Append(module.Text).Append('\n');
        foreach (var import in module.Manifest.Imports)
        {
            var target = resolver?.Resolve(module.File, import.Path);
            sb.Append("import ").Append(import.Path).Append(' ').Append(target?.File).Append(' ').Append(target?.Signature).Append('\n');
        }

        foreach (var name in options?.ImplicitNames ?? [])
        {
            sb.Append("implicit ").Append(name.Module).Append(' ').Append(name.Export.Signature).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Binds, emits and (unless told not to) compiles <paramref name="module"/>.</summary>
    public CompileResult Compile(ParsedModule module, IModuleResolver? resolver = null, CompileOptions? options = null)
    {
        options ??= new CompileOptions();
        try
        {
            return Hosting.LargeStack.Run(() => CompileOnThisThread(module, resolver, options));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException("the FluentAI compiler failed on " + module.File, e);
        }
    }

    private CompileResult CompileOnThisThread(ParsedModule module, IModuleResolver? resolver, CompileOptions options)
    {
        var hash = ComputeHash(module, resolver, options);
        var assemblyName = "fai." + Sanitize(module.Manifest.Name) + "." + hash[..16];
        var bag = new DiagnosticBag();
        bag.AddRange(module.Diagnostics);
        if (module.HasErrors)
        {
            return new CompileResult(module.Manifest, hash, assemblyName, null, null, null, bag.Items);
        }

        if (options.EmitAssembly)
        {
            // Roslyn binds its references while this thread binds and emits the module (the first compile of a process).
            _backend.Prepare();
        }

        var bound = Binder.Bind(module.Forms, module.Manifest, bag, _builtins, resolver, options.ImplicitNames);
        if (bag.HasErrors)
        {
            return new CompileResult(module.Manifest, hash, assemblyName, null, null, null, bag.Items);
        }

        var csharp = Emitter.Emit(bound);
        if (!options.EmitAssembly)
        {
            return new CompileResult(module.Manifest, hash, assemblyName, csharp, null, null, bag.Items);
        }

        var (image, pdb, diagnostics) = _backend.Compile(assemblyName, csharp, module.File + ".g.cs");
        bag.AddRange(diagnostics);
        return new CompileResult(module.Manifest, hash, assemblyName, csharp, image, pdb, bag.Items);
    }

    /// <summary>
    /// Compiles host-side C# (such as typed proxies) with the same warm environment as modules, plus
    /// <paramref name="references"/> (assembly paths). Returns the image, or the errors.
    /// </summary>
    public (byte[]? Image, IReadOnlyList<Diagnostic> Errors) CompileCSharp(string assemblyName, string source, IEnumerable<string> references)
    {
        var (image, _, diagnostics) = _backend.Compile(assemblyName, source, assemblyName + ".cs", references);
        return (image, diagnostics);
    }

    private static string Sanitize(string name) => new(name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}
