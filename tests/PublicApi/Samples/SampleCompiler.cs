using System.Reflection;
using System.Text;
using FluentAI.Plugins.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace FluentAI.Plugins.PublicApi.Tests.Samples;

/// <summary>
/// Compiles a <see cref="MarkdownSample"/> as the program a reader would paste into a new console
/// project that references FluentAI.Plugins.Loader: top-level statements, nullable enabled, the
/// console template's implicit usings, against the framework and the Loader with its dependencies.
/// </summary>
internal static class SampleCompiler
{
    /// <summary>What <c>ImplicitUsings</c> gives a <c>dotnet new console</c> project.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<List<MetadataReference>> References = new(FindReferences);

    /// <summary>
    /// The compiled image (with an embedded PDB, so a stack trace names the markdown line), or null;
    /// and every warning and error. Compile errors and warnings are mapped to the markdown file and line.
    /// </summary>
    public static (byte[]? Image, IReadOnlyList<Diagnostic> Diagnostics) Compile(MarkdownSample sample)
    {
        var trees = new[]
        {
            CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "ImplicitUsings.g.cs", Encoding.UTF8),
            CSharpSyntaxTree.ParseText(Source(sample), ParseOptions, sample.File, Encoding.UTF8),
        };
        var options = new CSharpCompilationOptions(
            OutputKind.ConsoleApplication,
            nullableContextOptions: NullableContextOptions.Enable,
            optimizationLevel: OptimizationLevel.Debug,
            warningLevel: 9999,
            concurrentBuild: false);
        if (sample.IsFragment)
        {
            // A fragment is the body of a local function no one calls (it is never run).
            options = options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                ["CS8321"] = ReportDiagnostic.Suppress, // local function declared but never used
                ["CS1998"] = ReportDiagnostic.Suppress, // async function without await
            });
        }

        var compilation = CSharpCompilation.Create("Sample_" + Guid.NewGuid().ToString("N"), trees, References.Value, options);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        var diagnostics = emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return (emitted.Success && diagnostics.Count == 0 ? image.ToArray() : null, diagnostics);
    }

    /// <summary>
    /// The sample as a C# file whose <c>#line</c> directives map every line back to the markdown.
    /// A fragment's statements become the body of <c>async Task Fragment(PluginHost host)</c>; its
    /// <c>using</c> directives stay at the top.
    /// </summary>
    private static string Source(MarkdownSample sample)
    {
        var file = sample.File.Replace("\"", "\\\"", StringComparison.Ordinal);
        if (!sample.IsFragment)
        {
            return $"#line {sample.FirstCodeLine} \"{file}\"\n{sample.Code}\n";
        }

        var unit = CSharpSyntaxTree.ParseText(sample.Code, ParseOptions).GetCompilationUnitRoot();
        var split = unit.Usings.Count > 0 ? unit.Usings[^1].FullSpan.End : 0;
        var usingLines = sample.Code[..split].Count(c => c == '\n');
        return $$"""
            #line {{sample.FirstCodeLine}} "{{file}}"
            {{sample.Code[..split]}}
            #line hidden
            async Task Fragment(FluentAI.Plugins.Loader.PluginHost host)
            {
            #line {{sample.FirstCodeLine + usingLines}} "{{file}}"
            {{sample.Code[split..]}}
            #line hidden
            }
            """;
    }

    /// <summary>
    /// The framework (the runtime directory's part of TRUSTED_PLATFORM_ASSEMBLIES) and the
    /// FluentAI.Plugins.Loader assembly with everything it references, transitively, as this process loaded them.
    /// </summary>
    private static List<MetadataReference> FindReferences()
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator))
        {
            if (string.Equals(Path.GetDirectoryName(path), frameworkDir, StringComparison.Ordinal))
            {
                paths[Path.GetFileNameWithoutExtension(path)] = path;
            }
        }

        var pending = new Queue<Assembly>([typeof(PluginHost).Assembly]);
        while (pending.TryDequeue(out var assembly))
        {
            var name = assembly.GetName().Name!;
            if (paths.ContainsKey(name) || string.IsNullOrEmpty(assembly.Location))
            {
                continue;
            }

            paths[name] = assembly.Location;
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (!paths.ContainsKey(reference.Name!) && TryLoad(reference) is { } dependency)
                {
                    pending.Enqueue(dependency);
                }
            }
        }

        return [.. paths.Values.Select(p => MetadataReference.CreateFromFile(p))];
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            // A dependency the Loader never loads at run time (an optional one of a package) is not
            // something a host compiles against either.
            return null;
        }
    }
}
