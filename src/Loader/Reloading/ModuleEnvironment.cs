using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.State;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// What one generation sees of the host while it is linked: its imports as links (staged to the
/// new versions of modules in the same transaction), its state cells, and a record of its definitions.
/// </summary>
internal sealed class ModuleEnvironment(Transaction transaction, Generation generation) : IModuleEnvironment
{
    public Link Import(string module, string name)
    {
        var target = transaction.Services.Graph.Resolve(generation.Node.Path, module)
            ?? throw new FluentAIException(ErrorCodes.ModuleNotFound, Messages.ImportNotLoaded(module, generation.Node.Path));
        var local = target.Manifest?.FindExport(name)?.LocalName ?? name;
        return transaction.LinkTo(generation, target, local);
    }

    public Link Own(string name) => transaction.LinkTo(generation, generation.Node, name, own: true);

    public object? State(object? name, object? version, object? init, object? migrations) =>
        transaction.State.Declare(generation.Node.Path, (string)name!, version, init, migrations);

    /// <summary>Declares the cell as above, then records its <c>:migrate-to</c> functions on this generation, for a rollback.</summary>
    public object? State(object? name, object? version, object? init, object? migrations, object? downMigrations)
    {
        var cell = State(name, version, init, migrations);
        var cellName = (string)name!;
        generation.DownMigrations[cellName] = StateMigrator.DownMigrations(cellName, (long)version!, downMigrations);
        return cell;
    }

    public bool TryGetPreserved(string name, out object? value) =>
        transaction.Services.Preserved.TryGet(generation.Node, name, out value);

    public void Define(string name, object? value)
    {
        generation.Defined[name] = value;
        transaction.Defined(generation.Node, name, value);
    }
}
