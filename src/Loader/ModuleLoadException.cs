using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader;

/// <summary>
/// A module could not be loaded, reloaded or rolled back, and nothing changed: the running versions
/// and their state are as they were. Every host method that loads or changes modules throws this for
/// every failure of a module — a missing file, a read or compile error (<see cref="Diagnostics"/>), an
/// import or a held slot the new version breaks, or an error raised by its top-level forms or a state
/// migration (<see cref="Error"/>, with its <c>.ai</c> location).
/// </summary>
public sealed class ModuleLoadException : Exception
{
    /// <summary>Creates the exception from the diagnostics that caused it, which it keeps (and its message lists) in source order.</summary>
    public ModuleLoadException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, InSourceOrder(diagnostics ?? throw new ArgumentNullException(nameof(diagnostics))).Where(d => d.IsError).Select(d => d.ToString())))
    {
        Diagnostics = InSourceOrder(diagnostics);
    }

    /// <summary>Creates the exception for an error the module's code raised while it was linked.</summary>
    public ModuleLoadException(FluentAIException error)
        : base((error ?? throw new ArgumentNullException(nameof(error))).Render(), error)
    {
        Diagnostics = [];
        Error = error;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ModuleLoadException(string message)
        : base(message)
    {
        Diagnostics = [];
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ModuleLoadException(string message, Exception inner)
        : base(message, inner)
    {
        Diagnostics = [];
    }

    /// <summary>Creates an empty exception.</summary>
    public ModuleLoadException()
        : this(Messages.LoadFailed)
    {
    }

    /// <summary>A module file that is not there: one FAI4001 diagnostic at the file, so code can tell this failure from the others.</summary>
    internal static ModuleLoadException Missing(string path, string message) =>
        new([new Diagnostic(DiagnosticSeverity.Error, ErrorCodes.ModuleNotFound, message, SourceSpan.At(path, 1, 1))]);

    /// <summary>
    /// Every diagnostic, errors and warnings (empty when the failure was not a compile-time one), in source
    /// order: syntax errors (FAI0xxx, the cause of what follows them) first, then by file, line and column, and as reported where those are equal (modules of one reload are
    /// built one after another, and each pass of the compiler reports in its own order).
    /// </summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    private static List<Diagnostic> InSourceOrder(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.OrderBy(d => d.Code.StartsWith("FAI0", StringComparison.Ordinal) ? 0 : 1).ThenBy(d => d.Span.File, StringComparer.Ordinal).ThenBy(d => d.Span.Line).ThenBy(d => d.Span.Column)];

    /// <summary>The error raised by the module's code (its top-level forms, a migration), with its <c>.ai</c> location; null otherwise.</summary>
    public FluentAIException? Error { get; }
}
