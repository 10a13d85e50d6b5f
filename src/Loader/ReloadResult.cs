namespace FluentAI.Plugins.Loader;

/// <summary>Why a module was part of a reload.</summary>
/// <param name="Path">The module file.</param>
/// <param name="FromVersion">The version that was running.</param>
/// <param name="ToVersion">The version now running.</param>
/// <param name="Reason"><c>changed</c>, <c>depends on X</c>, <c>new import</c>, <c>rolled back</c> or <c>loaded</c>.</param>
public sealed record ReloadedModule(string Path, long FromVersion, long ToVersion, string Reason);

/// <summary>
/// What a reload or rollback did: it took effect in full (a rejected one throws
/// <see cref="ModuleLoadException"/> instead, and changes nothing).
/// </summary>
public sealed class ReloadResult
{
    internal ReloadResult(IReadOnlyList<ReloadedModule> modules, int functions, int migrated)
    {
        Modules = modules;
        Functions = functions;
        MigratedStateValues = migrated;
    }

    /// <summary>The modules re-instantiated, in the order they were.</summary>
    public IReadOnlyList<ReloadedModule> Modules { get; }

    /// <summary>How many functions the reloaded modules define.</summary>
    public int Functions { get; }

    /// <summary>How many state values were migrated.</summary>
    public int MigratedStateValues { get; }

    /// <summary>Completes when every replaced context has been checked: unloaded, or reported with what likely holds it.</summary>
    public Task<IReadOnlyList<UnloadReport>> UnloadVerification { get; init; } = Task.FromResult<IReadOnlyList<UnloadReport>>([]);

    /// <summary>Each migration step: <c>Migrated user-cache from v1 to v2 (1523 entries)</c>.</summary>
    public IReadOnlyList<string> Migrations { get; init; } = [];

    /// <summary>Warnings about state (a kept version whose <c>:state</c> shape changed).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// For a safe reload or a canary: where it stands (the rollback window is open, the canary serves its share).
    /// Null for a plain reload or rollback.
    /// </summary>
    public RolloutStatus? Rollout { get; init; }

    /// <summary>The migration lines, then the summary line: what the CLI and REPL print.</summary>
    public string Report => string.Join('\n', Migrations.Append(ToString()));

    internal ReloadResult With(RolloutStatus? rollout, Task<IReadOnlyList<UnloadReport>> verification) =>
        new(Modules, Functions, MigratedStateValues) { Migrations = Migrations, Warnings = Warnings, Rollout = rollout, UnloadVerification = verification };

    /// <summary><c>Reloaded 3 functions, migrated 0 state values</c>.</summary>
    public override string ToString() => Messages.Reloaded(Functions, MigratedStateValues);
}
