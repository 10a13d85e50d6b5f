using System.Collections.Immutable;
using System.Reflection;
using System.Text;
using FluentAI.Plugins.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// Compiles generated C# with Roslyn. The metadata references are created once per backend (one
/// per compiler, one compiler per process) and shared by every compilation (the warm environment);
/// modules are always compiled optimised, because code in a collectible context is never re-tiered.
/// </summary>
internal sealed class RoslynBackend
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

    private readonly Lazy<ImmutableArray<MetadataReference>> _references;

    // Every module's compilation derives from this empty one, so they share its reference manager: the
    // referenced assemblies' symbols are built once per backend, not once per compile.
    private readonly Lazy<CSharpCompilation> _empty;

    private int _prepared;

    /// <summary>How many generated files the backend keeps the last syntax tree of.</summary>
    internal const int TreeCapacity = 64;

    // The last tree parsed for each generated file, most recently used last. A reload's C# differs from the
    // previous version's in a few places (the edited functions), so the new tree is the old one with the
    // changed span re-parsed: Roslyn's incremental parser reuses every node outside it, and the tree is the
    // one a full parse gives (same text, same #line directives, so the same image and error locations).
    private readonly Dictionary<string, LinkedListNode<(string Text, SyntaxTree Tree)>> _trees = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, SyntaxTree Tree)> _recentTrees = new();
    private readonly object _treesGate = new();

    /// <summary>A backend whose modules compile against the assembly files <paramref name="referencePaths"/>.</summary>
    public RoslynBackend(IEnumerable<string> referencePaths)
    {
        var paths = referencePaths.Distinct(StringComparer.Ordinal).ToList();
        _references = new(() => [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))]);
        _empty = new(() => CSharpCompilation.Create("fluentai", [], _references.Value, Options));
    }

    /// <summary>
    /// The assembly files generated code compiles against: the core library, the FluentAI Abstractions,
    /// and <paramref name="assemblies"/> (those that hold the library the binder resolved names against).
    /// </summary>
    public static List<string> ReferencePaths(IEnumerable<Assembly> assemblies)
    {
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES"))?.Split(Path.PathSeparator) ?? [];
        string[] wanted = ["System.Private.CoreLib", "System.Runtime", "netstandard"];
        var paths = tpa.Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p), StringComparer.Ordinal)).ToList();
        paths.Add(typeof(Slot).Assembly.Location);
        foreach (var assembly in assemblies)
        {
            if (assembly.IsDynamic || assembly.Location.Length == 0)
            {
                throw new ArgumentException($"{assembly.GetName().Name} has no file that generated code could be compiled against", nameof(assemblies));
            }

            paths.Add(assembly.Location);
        }

        return [.. paths.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Starts, once per backend and on another thread, what the first compile would do first: reading
    /// the references' metadata into the shared compilation. The compile that follows waits for it.
    /// </summary>
    public void Prepare()
    {
        if (Interlocked.Exchange(ref _prepared, 1) == 0 && !_empty.IsValueCreated)
        {
            _ = Task.Run(() => _empty.Value.GetSpecialType(SpecialType.System_Object));
        }
    }

    public (byte[]? Image, byte[]? Pdb, IReadOnlyList<Diagnostics.Diagnostic> Diagnostics) Compile(string assemblyName, string csharp, string generatedPath, IEnumerable<string>? extraReferences = null)
    {
        var tree = Parse(csharp, generatedPath);
        var compilation = extraReferences is null
            ? _empty.Value.AddSyntaxTrees(tree).WithAssemblyName(assemblyName)
            : CSharpCompilation.Create(assemblyName, [tree], _references.Value.AddRange(extraReferences.Distinct(StringComparer.Ordinal).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))), Options);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe, options: EmitOptions);
        var diagnostics = result.Diagnostics
            .Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .Select(ToDiagnostic)
            .ToList();
        return result.Success ? (pe.ToArray(), null, diagnostics) : (null, null, diagnostics);
    }

    /// <summary>
    /// The syntax tree of <paramref name="csharp"/>: the previous tree of <paramref name="path"/> with the
    /// span between the common prefix and suffix re-parsed, or a full parse when there is none.
    /// </summary>
    internal SyntaxTree Parse(string csharp, string path)
    {
        (string Text, SyntaxTree Tree)? previous = null;
        lock (_treesGate)
        {
            if (_trees.TryGetValue(path, out var node))
            {
                previous = node.Value;
            }
        }

        SyntaxTree tree;
        if (previous is var (oldText, oldTree) && oldTree.TryGetText(out var old))
        {
            tree = ChangedSpan(oldText, csharp) is { } change ? oldTree.WithChangedText(old.WithChanges(change)) : oldTree;
        }
        else
        {
            tree = CSharpSyntaxTree.ParseText(SourceText.From(csharp, Encoding.UTF8), ParseOptions, path);
        }

        Remember(path, csharp, tree);
        return tree;
    }

    /// <summary>The one change that turns <paramref name="old"/> into <paramref name="text"/>: the span between their common prefix and suffix (null when they are equal).</summary>
    internal static TextChange? ChangedSpan(string old, string text)
    {
        var prefix = old.AsSpan().CommonPrefixLength(text);
        if (prefix == old.Length && prefix == text.Length)
        {
            return null;
        }

        var max = Math.Min(old.Length, text.Length) - prefix;
        var suffix = 0;
        while (suffix < max && old[old.Length - 1 - suffix] == text[text.Length - 1 - suffix])
        {
            suffix++;
        }

        return new TextChange(new TextSpan(prefix, old.Length - prefix - suffix), text.Substring(prefix, text.Length - prefix - suffix));
    }

    /// <summary>How many generated files the backend keeps a tree of.</summary>
    internal int KnownTrees
    {
        get
        {
            lock (_treesGate)
            {
                return _trees.Count;
            }
        }
    }

    /// <summary>True when the backend keeps the last tree of <paramref name="path"/>.</summary>
    internal bool KnowsTree(string path)
    {
        lock (_treesGate)
        {
            return _trees.ContainsKey(path);
        }
    }

    private void Remember(string path, string text, SyntaxTree tree)
    {
        lock (_treesGate)
        {
            if (_trees.TryGetValue(path, out var node))
            {
                _recentTrees.Remove(node);
                node.Value = (text, tree);
            }
            else
            {
                node = new LinkedListNode<(string Text, SyntaxTree Tree)>((text, tree));
                _trees[path] = node;
            }

            _recentTrees.AddLast(node);
            while (_trees.Count > TreeCapacity && _recentTrees.First is { } oldest)
            {
                _recentTrees.RemoveFirst();
                _ = _trees.Remove(oldest.Value.Tree.FilePath);
            }
        }
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
