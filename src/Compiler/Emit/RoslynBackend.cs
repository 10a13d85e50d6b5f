using System.Collections.Immutable;
using System.Text;
using FluentAI.Plugins.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// Compiles generated C# with Roslyn. The metadata references are created once per process and
/// shared by every compilation (the warm environment); modules are always compiled optimised,
/// because code in a collectible context is never re-tiered.
/// </summary>
internal static class RoslynBackend
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    private static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithNullableContextOptions(NullableContextOptions.Disable)
        .WithDeterministic(true)
        .WithConcurrentBuild(false)
        .WithAllowUnsafe(true)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Suppress);

    // The PDB is embedded in the image: however a loader reads the image (McMaster reads it into memory),
    // stack traces still map to the .ai file through the #line directives.
    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.Embedded);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(CreateReferences);

    // Every module's compilation derives from this empty one, so they share its reference manager: the
    // referenced assemblies' symbols are built once per process, not once per compile.
    private static readonly Lazy<CSharpCompilation> Empty = new(() => CSharpCompilation.Create("fluentai", [], References.Value, Options));

    /// <summary>The references every module compiles against: the core library and the FluentAI Abstractions and Runtime.</summary>
    private static ImmutableArray<MetadataReference> CreateReferences()
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))?.Split(Path.PathSeparator) ?? [];
        string[] wanted = ["System.Private.CoreLib", "System.Runtime", "netstandard"];
        var paths = tpa.Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal)).ToList();
        paths.Add(typeof(Slot).Assembly.Location);
        var runtime = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FluentAI.Plugins.Runtime")
            ?? System.Reflection.Assembly.Load("FluentAI.Plugins.Runtime");
        paths.Add(runtime.Location);
        return [.. paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    private static int _prepared;

    /// <summary>
    /// Starts, once per process and on another thread, what the first compile would do first: reading
    /// the references' metadata into the shared compilation. The compile that follows waits for it.
    /// </summary>
    public static void Prepare()
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 0 && !Empty.IsValueCreated)
        {
            _ = Task.Run(() => Empty.Value.GetSpecialType(SpecialType.System_Object));
        }
    }

    public static (byte[]? Image, byte[]? Pdb, IReadOnlyList<Diagnostics.Diagnostic> Diagnostics) Compile(string assemblyName, string csharp, string generatedPath, IEnumerable<string>? extraReferences = null)
    {
        var text = SourceText.From(csharp, Encoding.UTF8);
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, generatedPath);
        var compilation = extraReferences is null
            ? Empty.Value.AddSyntaxTrees(tree).WithAssemblyName(assemblyName)
            : CSharpCompilation.Create(assemblyName, [tree], References.Value.AddRange(extraReferences.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))), Options);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe, options: EmitOptions);
        var diagnostics = result.Diagnostics
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(ToDiagnostic)
            .ToList();
        return result.Success ? (pe.ToArray(), null, diagnostics) : (null, null, diagnostics);
    }

    private static Diagnostics.Diagnostic ToDiagnostic(Microsoft.CodeAnalysis.Diagnostic d)
    {
        // #line directives map Roslyn's positions to the .ai file.
        var mapped = d.Location.GetMappedLineSpan();
        var span = SourceSpan.At(mapped.Path ?? "<generated>", mapped.StartLinePosition.Line + 1, mapped.StartLinePosition.Character + 1);
        var message = d.Id == "CS8078"
            ? "expression too deeply nested to compile"
            : $"internal compiler error {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        return new Diagnostics.Diagnostic(Diagnostics.DiagnosticSeverity.Error, ErrorCodes.CompilerInternal, message, span);
    }
}
