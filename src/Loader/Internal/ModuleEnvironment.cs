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
