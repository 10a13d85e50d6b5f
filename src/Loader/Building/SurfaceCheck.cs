using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Loader.Graph;

namespace FluentAI.Plugins.Loader.Building;

/// <summary>
/// Before anything of a transaction runs: every import of the new generations is checked against
/// the compiled surface of the module it names (read with Mono.Cecil, nothing loaded), and every
/// slot or proxy the host holds against the new manifest of its module. A removed or arity-changed
/// name that someone still uses rejects the whole transaction.
/// </summary>
internal static class SurfaceCheck
{
    public static void Run(Dictionary<ModuleNode, BuiltModule> built, ModuleGraph graph, HostHolds holds)
    {
        var errors = new List<Diagnostic>();
        CheckImports(built, graph, errors);
        foreach (var (node, module) in built)
        {
            foreach (var (name, message) in holds.Broken(node, module.Manifest))
            {
                var code = module.Manifest.Definitions.Any(d => d.Name == name) ? ErrorCodes.ExportArityChanged : ErrorCodes.ExportRemoved;
                errors.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, DefinitionSpan(node, name)));
            }
        }

        if (errors.Count > 0)
        {
            throw new ModuleLoadException(errors);
        }
    }

    private static void CheckImports(Dictionary<ModuleNode, BuiltModule> built, ModuleGraph graph, List<Diagnostic> errors)
    {
        // Read only the images some module imports from (a lone module never loads Mono.Cecil).
        var surfaces = new Dictionary<ModuleNode, HashSet<string>>();
        foreach (var (node, module) in built)
        {
            foreach (var import in module.Manifest.Imports)
            {
                if (graph.Resolve(node.Path, import.Path) is not { Manifest: { } target } targetNode || !built.TryGetValue(targetNode, out var targetImage))
                {
                    continue;
                }

                if (!surfaces.TryGetValue(targetNode, out var surface))
                {
                    surfaces[targetNode] = surface = SurfaceReader.Read(targetImage.Image.DllPath);
                }

                var used = import.Names is { } names ? names.Select(n => n.Name) : target.Exports.Select(e => e.Name);
                foreach (var name in used)
                {
                    var expected = target.FindExport(name)?.Signature;
                    if (expected is not null && !surface.Contains(expected))
                    {
                        errors.Add(new Diagnostic(DiagnosticSeverity.Error, ErrorCodes.ExportArityChanged, Messages.SurfaceLacks(targetNode.FileName, expected), import.Span));
                    }
                }
            }
        }
    }

    /// <summary>Where <paramref name="node"/>'s new source defines <paramref name="name"/>, else the start of the file.</summary>
    private static SourceSpan DefinitionSpan(ModuleNode node, string name)
    {
        foreach (var form in node.Parsed?.Forms ?? [])
        {
            if (form is SeqNode { Head: "define" or "defn" or "define-reloadable" or "define-stateful", Items.Count: > 1 } definition
                && (definition.Items[1] is SymbolNode s && s.Name == name || definition.Items[1] is SeqNode { Head: var head } && head == name))
            {
                return definition.Span;
            }
        }

        return SourceSpan.At(node.Path, 1, 1);
    }
}
