using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader;

/// <summary>A module (or one it imports) could not be read, compiled or loaded; nothing was swapped.</summary>
public sealed class ModuleLoadException : Exception
{
    /// <summary>Creates the exception from the diagnostics that caused it.</summary>
    public ModuleLoadException(IReadOnlyList<Diagnostic> diagnostics)
        : base(string.Join(Environment.NewLine, diagnostics.Where(d => d.IsError).Select(d => d.ToString())))
    {
        Diagnostics = diagnostics;
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
        : this("module load failed")
    {
    }

    /// <summary>Every diagnostic, errors and warnings.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
