using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler;

/// <summary>Collects diagnostics instead of throwing, so one pass reports every problem it can.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    /// <summary>
    /// The diagnostics in source order: syntax errors (FAI0xxx) first, since what the reader could not
    /// read makes the rest of the module what it is (an unclosed form swallows the definitions after it,
    /// so an export earlier in the file is "not defined"); then by file, line and column, and in the order
    /// they were reported where those are equal. The passes report in their own order (declarations
    /// before bodies, a value after the name it is bound to), which could put a knock-on error before its cause.
    /// </summary>
    public IReadOnlyList<Diagnostic> Items => InSourceOrder(_items);

    /// <summary>True when any error was reported.</summary>
    public bool HasErrors => _items.Exists(d => d.IsError);

    /// <summary>Reports an error.</summary>
    public void Error(string code, string message, SourceSpan span) => _items.Add(new Diagnostic(DiagnosticSeverity.Error, code, message, span));

    /// <summary>Reports a warning.</summary>
    public void Warning(string code, string message, SourceSpan span) => _items.Add(new Diagnostic(DiagnosticSeverity.Warning, code, message, span));

    /// <summary>Adds diagnostics reported elsewhere.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary><paramref name="diagnostics"/>: syntax errors first, then by file (ordinal), line and column; a stable sort, so equal positions keep their order.</summary>
    public static List<Diagnostic> InSourceOrder(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.Code.StartsWith("FAI0", StringComparison.Ordinal) ? 0 : 1).ThenBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column)];
}
