using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader;

/// <summary>Why a module was part of a reload.</summary>
/// <param name="Path">The module file.</param>
/// <param name="FromVersion">The version that was running.</param>
/// <param name="ToVersion">The version now running.</param>
/// <param name="Reason"><c>changed</c>, or <c>depends on X</c>.</param>
public sealed record ReloadedModule(string Path, long FromVersion, long ToVersion, string Reason);

/// <summary>The outcome of a reload: applied in full, or rejected with nothing changed.</summary>
public sealed class ReloadResult
{
    internal ReloadResult(bool ok, IReadOnlyList<ReloadedModule> modules, int functions, int migrated, IReadOnlyList<Diagnostic> diagnostics, Exception? error)
    {
        Ok = ok;
        Modules = modules;
        Functions = functions;
        MigratedStateValues = migrated;
        Diagnostics = diagnostics;
        Error = error;
    }

    /// <summary>True when the new versions are running.</summary>
    public bool Ok { get; }

    /// <summary>The modules re-instantiated, in the order they were.</summary>
    public IReadOnlyList<ReloadedModule> Modules { get; }

    /// <summary>How many functions the reloaded modules define.</summary>
    public int Functions { get; }

    /// <summary>How many state values were migrated.</summary>
    public int MigratedStateValues { get; }

    /// <summary>Compile diagnostics (errors when rejected).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>Completes when every replaced context has been checked: unloaded, or reported with what likely holds it.</summary>
    public Task<IReadOnlyList<UnloadReport>> UnloadVerification { get; init; } = Task.FromResult<IReadOnlyList<UnloadReport>>([]);

    /// <summary>Each migration step: <c>Migrated user-cache from v1 to v2 (1523 entries)</c>.</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];

    /// <summary>Warnings about state (a kept version whose <c>:state</c> shape changed).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The migration lines, then the summary line: what the CLI and REPL print.</summary>
    public string Report => string.Join('\n', Migrations.Append(ToString()));

    /// <summary>The error that rejected the reload, if any.</summary>
    public Exception? Error { get; }

    /// <summary><c>Reloaded 3 functions, migrated 0 state values</c>.</summary>
    public override string ToString() => Ok
        ? $"Reloaded {Functions} functions, migrated {MigratedStateValues} state values"
        : "Reload rejected: " + (Error?.Message ?? string.Join("; ", Diagnostics.Where(d => d.IsError)));
}
