namespace FluentAI.Plugins.Hosting;

/// <summary>
/// What a compiled module sees of its host while it is linked: the generated <c>Run</c> method
/// asks it for its imports and hands it every top-level definition. Implemented by the loader.
/// </summary>
public interface IModuleEnvironment
{
    /// <summary>The link to <paramref name="name"/> exported by <paramref name="module"/> (a module key as the compiler resolved it).</summary>
    Link Import(string module, string name);

    /// <summary>The link to this module's own slot for <paramref name="name"/> (used for <c>define-reloadable</c>).</summary>
    Link Own(string name);

    /// <summary>
    /// The state cell <paramref name="name"/> of this module at <paramref name="version"/>: the existing
    /// cell (migrated through <paramref name="migrations"/> when its version is older), or a new one
    /// holding the result of <paramref name="init"/>.
    /// </summary>
    object? State(object? name, object? version, object? init, object? migrations);

    /// <summary>
    /// <see cref="State(object?, object?, object?, object?)"/> with the cell's declared down-migrations
    /// (<c>:migrate-to {M (lambda (new) ...) ...}</c>, SPEC §6.2): how to carry a value of this version
    /// back to version M when a reload is rolled back. Generated code calls it only when the form has
    /// <c>:migrate-to</c>; an environment that does not roll state back may ignore them (the default).
    /// </summary>
    object? State(object? name, object? version, object? init, object? migrations, object? downMigrations) =>
        State(name, version, init, migrations);

    /// <summary>
    /// True, with the running version's value, when the top-level name <paramref name="name"/> is
    /// preserved across reloads (development mode's <c>:preserve</c>): its defining form is then not run again.
    /// </summary>
    bool TryGetPreserved(string name, out object? value);

    /// <summary>Records the value of a top-level definition as soon as it is made.</summary>
    void Define(string name, object? value);

    /// <summary>
    /// Records several definitions in order, as <see cref="Define"/> would one by one: generated code
    /// publishes a run of function definitions with one call (one call site to link and JIT, not one per function).
    /// </summary>
    void DefineAll(string[] names, object?[] values)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < names.Length; i++)
        {
            Define(names[i], values[i]);
        }
    }
}
