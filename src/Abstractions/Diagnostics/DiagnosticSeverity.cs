namespace FluentAI.Plugins.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; the module still compiles.</summary>
    Warning,

    /// <summary>The module cannot be compiled or loaded.</summary>
    Error,
}
