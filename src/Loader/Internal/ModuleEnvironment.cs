using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>
/// What one generation sees of the host while it is linked: its imports as links (staged to the
/// new versions of modules in the same transaction), and a record of its definitions.
/// </summary>
internal sealed class ModuleEnvironment(Transaction transaction, Generation generation, bool publishImmediately) : IModuleEnvironment
{
    public Link Import(string module, string name)
    {
        var target = transaction.Host.Graph.Resolve(generation.Node.Path, module)
            ?? throw new FluentAIException(ErrorCodes.ModuleNotFound, $"module '{module}' imported by {generation.Node.Path} is not loaded");
        var local = target.Manifest?.FindExport(name)?.LocalName ?? name;
        return transaction.LinkTo(target, local);
    }

    public Link Own(string name) => transaction.LinkTo(generation.Node, name);

    public object? State(object? name, object? version, object? init, object? migrations)
    {
        var cellName = (string)name!;
        if (version is not long target)
        {
            throw new FluentAIException(ErrorCodes.TypeMismatch, $"define-stateful {cellName}: :version must be an integer, got {Runtime.Errors.Describe(version)}");
        }

        var store = transaction.Host.State;
        var module = generation.Node.Path;
        var cell = store.Find(module, cellName);
        if (cell is null)
        {
            var value = Runtime.Rt.Call(init);
            CheckPlain(cellName, value, "its :state");
            cell = new Values.StateCell(module, cellName, target, value) { FunctionStored = transaction.Host.FunctionStoredInState };
            store.Add(cell);
            return cell;
        }

        if (target == cell.Version)
        {
            var fresh = Runtime.Rt.Call(init);
            if (Runtime.Errors.TypeName(fresh) != Runtime.Errors.TypeName(cell.Value) && cell.Value is not null)
            {
                transaction.StateWarnings.Add($"{cellName} stays at v{target} with its value ({Runtime.Errors.TypeName(cell.Value)}), but its :state is now {Runtime.Errors.TypeName(fresh)}: raise :version and add a migration");
            }

            return cell;
        }

        if (target < cell.Version)
        {
            throw new FluentAIException(ErrorCodes.MigrationFailed, $"state {cellName} is at v{cell.Version}, but the new code declares v{target}: a lower version is rejected (roll back to go back)");
        }

        // Hold the cell before reading it: a write by the running version now waits for this reload
        // instead of being overwritten by the migrated value.
        transaction.Staging.Hold(cell);
        var steps = migrations as Values.FMap ?? Values.FMap.Empty;
        var current = cell.Value;
        for (var from = cell.Version; from < target; from++)
        {
            if (steps[from] is not Values.Fn step)
            {
                var have = steps.Count == 0 ? "none" : string.Join(", ", steps.Keys.Select(Values.Printer.Print));
                throw new FluentAIException(ErrorCodes.MigrationFailed, $"no migration from v{from} to v{from + 1} for state {cellName} (:migrate-from has: {have})");
            }

            try
            {
                current = step.Invoke(current);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var inner = RuntimeErrors.Wrap(e);
                throw new FluentAIException(ErrorCodes.MigrationFailed, $"migration of state {cellName} from v{from} to v{from + 1} failed: {inner.Message}", inner.Location, inner);
            }

            CheckPlain(cellName, current, $"migration from v{from} to v{from + 1}");
            transaction.Migrations.Add(new StateMigration(module, cellName, from, from + 1, StateStore.Entries(current)));
        }

        transaction.Staging.Set(cell, target, current);
        return cell;
    }

    private static void CheckPlain(string cell, object? value, string source)
    {
        if (!StateStore.IsPlain(value, out var problem))
        {
            throw new FluentAIException(ErrorCodes.MigrationFailed, $"state {cell}: {source} gave {problem}; state holds only FluentAI data");
        }
    }

    public bool TryGetPreserved(string name, out object? value) =>
        transaction.Host.TryGetPreserved(generation.Node, name, out value);

    public void Define(string name, object? value)
    {
        generation.Defined[name] = value;
        if (publishImmediately)
        {
            generation.Node.Slot(name).Publish(value, generation.Version);
        }

        transaction.Defined(generation.Node, name, value);
    }
}
