namespace FluentAI.Plugins.Diagnostics;

/// <summary>A message about a source file, rendered as <c>path(line,col): error FAI0001: message</c>.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceSpan Span)
{
    /// <summary>True for errors.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Span.File}({Span.Line},{Span.Column}): {(IsError ? "error" : "warning")} {Code}: {Message}";
}
