using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Loader.Graph;

namespace FluentAI.Plugins.Loader.Building;

/// <summary>
/// Turns module sources into images ready to load: through the content-hash cache (an unchanged
/// module is never compiled twice), then the compiled-surface check of every import against what
/// the imported image really provides, and of what the host holds against the new manifests.
/// </summary>
internal sealed class ModuleBuilder(ModuleCompiler compiler, CompileCache cache, ModuleGraph graph, HostHolds holds)
{
    public CompileCache Cache => cache;

    /// <summary>Builds every module of <paramref name="order"/>; throws, building nothing usable, when any has an error.</summary>
    /// <exception cref="ModuleLoadException">A module is missing, does not compile, or breaks an import or a host's hold.</exception>
    public Dictionary<ModuleNode, BuiltModule> BuildAll(IReadOnlyList<ModuleNode> order)
    {
        if (order.FirstOrDefault(n => n.Parsed is null) is { } missing)
        {
            throw ModuleLoadException.Missing(missing.Path, Messages.ModuleFileNotFound(missing.Path));
        }

        var built = new Dictionary<ModuleNode, BuiltModule>();
        var diagnostics = new List<Diagnostic>();
        var failed = new HashSet<ModuleNode>();
        foreach (var node in order)
        {
            // A module that imports a broken one would only report what follows from that break (its
            // names "not exported"): the broken module's own errors say it all.
            if (node.Imports.Any(failed.Contains))
            {
                failed.Add(node);
                continue;
            }

            var (module, found) = Build(node);
            diagnostics.AddRange(found);
            if (module is not null)
            {
                built[node] = module;
            }
            else
            {
                failed.Add(node);
            }
        }

        if (diagnostics.Any(d => d.IsError))
        {
            throw new ModuleLoadException(diagnostics);
        }

        SurfaceCheck.Run(built, graph, holds);
        return built;
    }

    /// <summary>The image of <paramref name="node"/>'s current source: from the cache, else compiled and stored.</summary>
    public (BuiltModule? Module, IReadOnlyList<Diagnostic> Diagnostics) Build(ModuleNode node)
    {
        var parsed = node.Parsed!;
        var hash = compiler.ComputeHash(parsed, graph);
        if (!parsed.HasErrors && cache.TryGet(hash) is { } cached)
        {
            return (new BuiltModule(cached, parsed.Manifest, []), []);
        }

        var result = compiler.Compile(parsed, graph);
        if (!result.Success)
        {
            return (null, result.Diagnostics);
        }

        return (new BuiltModule(cache.Store(result), parsed.Manifest, result.Diagnostics), result.Diagnostics);
    }

    /// <summary>
    /// Compiles <paramref name="parsed"/> (a loaded module's new text) into the cache without loading
    /// anything; development mode calls it while the debounce waits. False when nothing was compiled.
    /// </summary>
    public bool Precompile(ParsedModule parsed)
    {
        if (cache.Contains(compiler.ComputeHash(parsed, graph)))
        {
            return false;
        }

        var result = compiler.Compile(parsed, graph);
        if (result.Success)
        {
            cache.Store(result);
        }

        return result.Success;
    }

    /// <summary>Compiles <paramref name="parsed"/> for <c>fluentai check</c> and <c>compile</c>: nothing is cached or loaded.</summary>
    public CompileResult CompileOnly(ParsedModule parsed, bool emitAssembly) =>
        compiler.Compile(parsed, graph, new CompileOptions { EmitAssembly = emitAssembly });

    /// <summary>Compiles REPL input (with the names it sees implicitly) into the cache.</summary>
    public (CachedImage? Image, CompileResult Result) CompileInput(ParsedModule parsed, IReadOnlyList<ImplicitName> implicitNames)
    {
        var result = compiler.Compile(parsed, graph, new CompileOptions { ImplicitNames = implicitNames });
        return (result.Success ? cache.Store(result) : null, result);
    }
}
