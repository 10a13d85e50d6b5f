using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.State;

/// <summary>One step of a state migration: <c>Migrated user-cache from v1 to v2 (1523 entries)</c>.</summary>
internal sealed record StateMigration(string Module, string Cell, long From, long To, int Entries)
{
    public override string ToString() => Messages.Migrated(Cell, From, To, Entries);
}

/// <summary>
/// What one transaction does to state: declares new cells, runs the migration chain of a cell whose
/// <c>:version</c> rose, and the one-off <c>:migrate</c> of a reload. Every change goes into the
/// transaction's <see cref="StateStaging"/>, so the running version sees none of it until the commit.
/// </summary>
internal sealed class StateMigrator(StateStore store, StateStaging staging, Action<StateCell> functionStored)
{
    private readonly HashSet<StateCell> _cellsBefore = [.. store.Cells];

    /// <summary>Migration steps run so far, in order.</summary>
    public List<StateMigration> Migrations { get; } = [];

    /// <summary>Warnings about state found while linking (kept version with a changed shape).</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Puts cells back to the versions and values of <paramref name="snapshot"/> (a rollback), staged.</summary>
    public void Restore(StateSnapshot snapshot)
    {
        foreach (var (cell, version, value) in snapshot.Entries)
        {
            staging.Set(cell, version, value);
        }
    }

    /// <summary>
    /// <c>(define-stateful name :version N :state init :migrate-from {...})</c> in <paramref name="module"/>:
    /// the existing cell (migrated up to N when older), or a new one holding <paramref name="init"/>'s value.
    /// </summary>
    public StateCell Declare(string module, string name, object? version, object? init, object? migrations)
    {
        if (version is not long target)
        {
            throw new FluentAIException(ErrorCodes.TypeMismatch, Messages.StateVersionNotInteger(name, Runtime.Errors.Describe(version)));
        }

        var cell = store.Find(module, name);
        if (cell is null)
        {
            var value = Runtime.Rt.Call(init);
            CheckPlain(name, value, Messages.SourceInitialState);
            cell = new StateCell(module, name, target, value) { FunctionStored = functionStored };
            store.Add(cell);
            return cell;
        }

        if (target == cell.Version)
        {
            var fresh = Runtime.Rt.Call(init);
            if (Runtime.Errors.TypeName(fresh) != Runtime.Errors.TypeName(cell.Value) && cell.Value is not null)
            {
                Warnings.Add(Messages.StateShapeChanged(name, target, Runtime.Errors.TypeName(cell.Value), Runtime.Errors.TypeName(fresh)));
            }

            return cell;
        }

        if (target < cell.Version)
        {
            throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.StateVersionLowered(name, cell.Version, target));
        }

        // Hold the cell before reading it: a write by the running version now waits for this reload
        // instead of being overwritten by the migrated value.
        staging.Hold(cell);
        var steps = migrations as FMap ?? FMap.Empty;
        var current = cell.Value;
        for (var from = cell.Version; from < target; from++)
        {
            if (steps[from] is not Fn step)
            {
                var have = steps.Count == 0 ? "none" : string.Join(", ", steps.Keys.Select(Printer.Print));
                throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.MigrationMissing(name, from, have));
            }

            try
            {
                current = step.Invoke(current);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var inner = FluentAIException.Locate(e);
                throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.MigrationFailed(name, from, inner.Message), inner.Location, inner);
            }

            CheckPlain(name, current, Messages.SourceMigration(from));
            Migrations.Add(new StateMigration(module, name, from, from + 1, StateStore.Entries(current)));
        }

        staging.Set(cell, target, current);
        return cell;
    }

    /// <summary>
    /// <c>(hot-reload "f.ai" :migrate fn)</c>: with one state cell, fn gets its value; with several, a
    /// map from cell name to value, and returns such a map.
    /// </summary>
    public void MigrateOnce(string module, Fn migrate)
    {
        var cells = store.OfModule(module).ToList();
        if (cells.Count == 0)
        {
            throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.NoStateToMigrate(Path.GetFileName(module)));
        }

        foreach (var cell in cells)
        {
            staging.Hold(cell);
        }

        object? result;
        try
        {
            result = cells.Count == 1
                ? migrate.Invoke(cells[0].Value)
                : migrate.Invoke(FMap.From(cells.Select(c => new KeyValuePair<object?, object?>(Keyword.Intern(c.Name), c.Value))));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var inner = FluentAIException.Locate(e);
            throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.OneOffMigrationFailed(inner.Message), inner.Location, inner);
        }

        foreach (var cell in cells)
        {
            var value = cells.Count == 1 ? result : (result as FMap ?? throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.OneOffMigrationNeedsMap))[Keyword.Intern(cell.Name)];
            CheckPlain(cell.Name, value, Messages.SourceOneOffMigration);
            staging.Set(cell, cell.Version, value);
            Migrations.Add(new StateMigration(module, cell.Name, cell.Version, cell.Version, StateStore.Entries(value)));
        }
    }

    /// <summary>
    /// The <c>:migrate-to {M (lambda (new) ...) ...}</c> of cell <paramref name="name"/> at <paramref name="version"/>
    /// (nil: none), checked: every key an integer version lower than <paramref name="version"/>, every value a
    /// function of one argument that carries a value of this version back to that one (SPEC §6.2, used by a rollback).
    /// </summary>
    public static IReadOnlyDictionary<long, Fn> DownMigrations(string name, long version, object? downMigrations)
    {
        if (downMigrations is null)
        {
            return new Dictionary<long, Fn>();
        }

        if (downMigrations is not FMap map)
        {
            throw new FluentAIException(ErrorCodes.TypeMismatch, Messages.DownMigrationsNotMap(name, Runtime.Errors.Describe(downMigrations)));
        }

        var steps = new Dictionary<long, Fn>();
        foreach (var (key, value) in map)
        {
            if (key is not long target || target >= version)
            {
                throw new FluentAIException(ErrorCodes.TypeMismatch, Messages.DownMigrationKey(name, version, Runtime.Errors.Describe(key)));
            }

            if (value is not Fn fn || (fn.Arity != 1 && !(fn.IsVariadic && fn.Arity <= 1)))
            {
                throw new FluentAIException(ErrorCodes.TypeMismatch, Messages.DownMigrationNotFunction(name, target, Runtime.Errors.Describe(value)));
            }

            steps[target] = fn;
        }

        return steps;
    }

    /// <summary>Forgets the cells this transaction created (it was rejected).</summary>
    public void Abort() => store.RemoveExcept(_cellsBefore);

    private static void CheckPlain(string cell, object? value, string source)
    {
        if (!StateStore.IsPlain(value, out var problem))
        {
            throw new FluentAIException(ErrorCodes.MigrationFailed, Messages.StateNotPlain(cell, source, problem));
        }
    }
}
