using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// Roslyn on its own, with the options the FluentAI backend uses (optimised, deterministic, not
/// concurrent, embedded PDB, the same three references): tells the Roslyn share of a FluentAI
/// compile apart from the front end, and the generated code's shape apart from the machine.
/// </summary>
public static class RoslynReference
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None);

    private static readonly CSharpCompilationOptions Options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithNullableContextOptions(NullableContextOptions.Disable)
        .WithDeterministic(true)
        .WithConcurrentBuild(false)
        .WithAllowUnsafe(true)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Suppress);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.Embedded);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))?.Split(Path.PathSeparator) ?? [];
        string[] wanted = ["System.Private.CoreLib", "System.Runtime", "netstandard"];
        var paths = tpa.Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal)).ToList();
        paths.Add(typeof(Slot).Assembly.Location);
        paths.Add(typeof(Runtime.Rt).Assembly.Location);
        return [.. paths.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    // Derived compilations share the empty one's reference manager, as in the backend.
    private static readonly Lazy<CSharpCompilation> Empty = new(() => CSharpCompilation.Create("reference", [], References.Value, Options));

    /// <summary>
    /// 100 plain C# static methods of the same logic as <see cref="Sources.Module100"/>, on
    /// <c>object</c>, without the generated per-function <c>Fn</c> classes, qualified names and <c>#line</c> directives.
    /// </summary>
    public static string Plain100(long constant)
    {
        var sb = new StringBuilder("using FluentAI.Plugins.Runtime;\npublic static class M\n{\n");
        sb.Append(CultureInfo.InvariantCulture, $"    public static object? Version() => {constant}L;\n");
        sb.Append("    public static object? F0(object? x) => Ops.Add(x, Version());\n");
        for (var i = 1; i < Sources.FunctionCount; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]\n    public static object? F{i}(object? x)\n    {{\n        if (Ops.Lt(x, -1000000L)) return Boxes.Int(Ops.SubL(0L, {i}L));\n        return Ops.Add(F{i - 1}(x), {i}L);\n    }}\n");
        }

        return sb.Append("}\n").ToString();
    }

    /// <summary>Parses, compiles and emits <paramref name="csharp"/>; returns the image size.</summary>
    public static int Compile(string assemblyName, string csharp)
    {
        var tree = CSharpSyntaxTree.ParseText(SourceText.From(csharp, Encoding.UTF8), ParseOptions, assemblyName + ".cs");
        var compilation = Empty.Value.AddSyntaxTrees(tree).WithAssemblyName(assemblyName);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe, options: EmitOptions);
        return result.Success
            ? (int)pe.Length
            : throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
    }
}
