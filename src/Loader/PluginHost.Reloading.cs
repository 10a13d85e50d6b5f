using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>
    /// Re-reads <paramref name="file"/> and re-instantiates it and every module that imports it,
    /// dependencies first, in one transaction: every new version is published at once. Replaced
    /// contexts are released and verified to unload (<see cref="ReloadResult.UnloadVerification"/>).
    /// A module that is not loaded yet is loaded.
    /// </summary>
    /// <exception cref="ModuleLoadException">
    /// The reload was rejected (the file is missing, does not compile, breaks an import or a slot the
    /// host holds, or its top-level forms or a migration failed): the running versions and their state are untouched.
    /// </exception>
    public ReloadResult Reload(string file) => Reload(file, (Fn?)null);

    /// <summary>
    /// Reloads <paramref name="file"/> as <see cref="Reload(string)"/> does, then applies
    /// <paramref name="migrate"/> to the module's state inside the same transaction (SPEC §2.4 <c>:migrate</c>).
    /// </summary>
    /// <exception cref="ModuleLoadException">The reload or the migration was rejected; nothing changed.</exception>
    public ReloadResult Reload(string file, Fn? migrate)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _retirement.Exclusive(() => Linking(() => _pipeline.Reload(FullPath(file), migrate)));
    }

    /// <summary>Reloads <paramref name="file"/> with a one-off migration written in C# (see <see cref="Reload(string, Fn?)"/>).</summary>
    /// <exception cref="ModuleLoadException">The reload or the migration was rejected; nothing changed.</exception>
    public ReloadResult Reload(string file, Func<object?, object?> migrate) => Reload(file, new Lambda1("migrate", migrate));

    /// <summary>
    /// Goes back to the source and state that ran before the last successful reload of
    /// <paramref name="file"/> (its compiled image comes from the cache), re-instantiating its
    /// dependents as a reload does.
    /// </summary>
    /// <exception cref="InvalidOperationException">The module has no earlier version to go back to.</exception>
    /// <exception cref="ModuleLoadException">The earlier version could not be re-instantiated; nothing changed.</exception>
    public ReloadResult Rollback(string file)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _retirement.Exclusive(() => Linking(() => _pipeline.Rollback(FullPath(file))));
    }
}
