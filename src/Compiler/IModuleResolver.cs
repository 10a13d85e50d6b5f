namespace FluentAI.Plugins.Compiler;

/// <summary>Finds the manifest of a module that another imports; implemented by the loader over its module graph.</summary>
public interface IModuleResolver
{
    /// <summary>The manifest of <paramref name="path"/> as imported by <paramref name="importingFile"/>, or null when there is none.</summary>
    ModuleManifest? Resolve(string importingFile, string path);

    /// <summary>
    /// Why <paramref name="path"/>, imported by <paramref name="importingFile"/>, may not be read as a module (it lies
    /// outside the host's module roots, or is not an <c>.ai</c> file), or null when nothing forbids it.
    /// </summary>
    string? Refusal(string importingFile, string path) => null;
}

/// <summary>A name that is visible without an import, reached through a link: REPL definitions, a REPL's module scope.</summary>
/// <param name="Module">The module key the environment resolves (for example the defining file's full path).</param>
/// <param name="Export">The name and its shape.</param>
public sealed record ImplicitName(string Module, ExportInfo Export);
