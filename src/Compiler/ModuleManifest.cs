using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler;

/// <summary>A name a module exports: functions carry their arity so importers are checked at compile time.</summary>
public sealed record ExportInfo(string Name, string LocalName, bool IsFunction, int Arity, bool IsVariadic)
{
    /// <summary>The signature text that goes into a dependent's content hash.</summary>
    public string Signature => IsFunction ? $"{Name}/{Arity}{(IsVariadic ? "+" : "")}" : Name;
}

/// <summary>One name brought in by an import (<c>(import "m" (a b as c))</c>).</summary>
public sealed record ImportedName(string Name, string Alias);

/// <summary>An <c>(import ...)</c> form: <see cref="Names"/> is null for <c>*</c> or a qualified import.</summary>
public sealed record ImportInfo(string Path, SourceSpan Span, IReadOnlyList<ImportedName>? Names, bool All, string? Alias);

/// <summary>
/// What the declarations of a module say, read without binding it: its name, imports, exports
/// and top-level definitions. The loader builds the module graph from manifests, and importers
/// are checked against them.
/// </summary>
public sealed class ModuleManifest
{
    /// <summary>Creates a manifest.</summary>
    public ModuleManifest(string name, string file, IReadOnlyList<ImportInfo> imports, IReadOnlyList<ExportInfo> exports, IReadOnlyList<ExportInfo> definitions, IReadOnlyList<string> reloadables)
    {
        Name = name;
        File = file;
        Imports = imports;
        Exports = exports;
        Definitions = definitions;
        Reloadables = reloadables;
    }

    /// <summary>The module's name: from <c>(module name)</c>, else the file name without extension.</summary>
    public string Name { get; }

    /// <summary>The source file.</summary>
    public string File { get; }

    /// <summary>The imports in source order.</summary>
    public IReadOnlyList<ImportInfo> Imports { get; }

    /// <summary>The exports. A module with no export form exports every top-level definition.</summary>
    public IReadOnlyList<ExportInfo> Exports { get; }

    /// <summary>Every top-level definition (exported or not), as the REPL sees it.</summary>
    public IReadOnlyList<ExportInfo> Definitions { get; }

    /// <summary>Names defined with <c>define-reloadable</c>.</summary>
    public IReadOnlyList<string> Reloadables { get; }

    /// <summary>The export named <paramref name="name"/>, or null.</summary>
    public ExportInfo? FindExport(string name) => Exports.FirstOrDefault(e => e.Name == name);

    /// <summary>The signature of the export surface, for dependents' content hashes.</summary>
    public string Signature => string.Join(';', Exports.Select(e => e.Signature));
}
