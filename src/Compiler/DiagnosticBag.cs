using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler;

/// <summary>Collects diagnostics instead of throwing, so one pass reports every problem it can.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>The diagnostics in the order they were reported.</summary>
    public IReadOnlyList<Diagnostic> Items => _items;

    /// <summary>True when any error was reported.</summary>
    public bool HasErrors => _items.Exists(d => d.IsError);

    /// <summary>Reports an error.</summary>
    public void Error(string code, string message, SourceSpan span) => _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, span));

    /// <summary>Reports a warning.</summary>
    public void Warning(string code, string message, SourceSpan span) => _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, span));

    /// <summary>Adds diagnostics reported elsewhere.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
