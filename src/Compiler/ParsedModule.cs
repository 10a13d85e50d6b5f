using FluentAI.Plugins.Compiler.Binding;
using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler;

/// <summary>A module read from text: its syntax, its declarations (manifest) and the problems found reading it.</summary>
public sealed class ParsedModule
{
    private ParsedModule(string file, string text, IReadOnlyList<Node> forms, ModuleManifest manifest, IReadOnlyList<Diagnostic> diagnostics)
    {
        File = file;
        Text = text;
        Forms = forms;
        Manifest = manifest;
        Diagnostics = diagnostics;
    }

    /// <summary>The file path the module was read from; spans and <c>#line</c> directives name it.</summary>
    public string File { get; }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>The top-level forms.</summary>
    public IReadOnlyList<Node> Forms { get; }

    /// <summary>The module's declarations.</summary>
    public ModuleManifest Manifest { get; }

    /// <summary>Read errors (and declaration errors such as exporting an undefined name).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>True when reading found an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);

    /// <summary>A module with no source, only declarations: host functions and other modules the host provides.</summary>
    public static ParsedModule Virtual(ModuleManifest manifest) => new(manifest.File, "", [], manifest, []);

    /// <summary>Reads <paramref name="text"/> as the module in <paramref name="file"/>.</summary>
    public static ParsedModule Parse(string text, string file)
    {
        var bag = new DiagnosticBag();
        var forms = Reader.Read(text, file, bag);
        var manifest = Declarations.Scan(forms, file, bag);
        return new ParsedModule(file, text, forms, manifest, bag.Items);
    }
}
