using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.Proxies;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>
    /// A typed proxy for <typeparamref name="TInterface"/> over the module <paramref name="file"/>
    /// (loaded if needed). Each interface method calls the function named by convention
    /// (<c>ProcessRequest</c> ↔ <c>process-request</c>) through its slot, so the proxy stays valid
    /// across reloads. Fails now, naming the method, when a function is missing or its arity differs.
    /// The host holds the functions the proxy calls as an importer (see <see cref="GetSlot"/>) while
    /// the proxy lives, or until it is given back with <see cref="Release"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="TInterface"/> is not a public interface.</exception>
    /// <exception cref="InvalidOperationException">The module does not provide what the interface needs (every problem is named).</exception>
    public TInterface As<TInterface>(string file)
        where TInterface : class
    {
        var type = typeof(TInterface);
        if (!type.IsInterface || !type.IsPublic && !type.IsNestedPublic)
        {
            throw new ArgumentException(Messages.ProxyNeedsPublicInterface(type.FullName), nameof(TInterface));
        }

        Load(file);
        var node = _graph.Find(FullPath(file))!;
        var definitions = node.Manifest!.Definitions;
        var methods = ProxyGenerator.Methods(type);
        var slots = new Slot[methods.Count];
        var uses = new List<HostHolds.Use>();
        var problems = new List<string>();
        for (var i = 0; i < methods.Count; i++)
        {
            var m = methods[i];
            var name = ProxyGenerator.FluentName(m.Name);
            var def = definitions.FirstOrDefault(d => d.Name == name) ?? definitions.FirstOrDefault(d => d.Name == name + "?");
            var given = ProxyGenerator.Arguments(m).Length;
            if (def is null || !def.IsFunction)
            {
                problems.Add(Messages.ProxyMissingFunction(type.Name, m.Name, name, node.FileName));
            }
            else if (ProxyGenerator.Problem(m) is { } unsupported)
            {
                problems.Add($"{type.Name}.{m.Name} {unsupported}");
            }
            else if (def.IsVariadic ? given < def.Arity : given != def.Arity)
            {
                problems.Add(Messages.ProxyArity(type.Name, m.Name, given, def.Name, def.Arity, def.IsVariadic));
            }
            else
            {
                slots[i] = node.Slot(def.Name);
                uses.Add(new HostHolds.Use(def.Name, def.Name, given, WasFunction: true));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        var proxy = (TInterface)ProxyGenerator.Create(type, slots);
        _holds.AddProxy(node, proxy, type, uses);
        return proxy;
    }
}
