using FluentAI.Plugins.Loader.Proxies;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>
    /// A typed proxy for <typeparamref name="TInterface"/> over the module <paramref name="file"/>
    /// (loaded if needed). Each interface method calls the function named by convention
    /// (<c>ProcessRequest</c> ↔ <c>process-request</c>) through its slot, so the proxy stays valid
    /// across reloads. Fails now, naming the method, when a function is missing or its arity differs.
    /// </summary>
    public TInterface As<TInterface>(string file)
        where TInterface : class
    {
        var type = typeof(TInterface);
        if (!type.IsInterface || !type.IsPublic && !type.IsNestedPublic)
        {
            throw new ArgumentException($"{type.FullName} must be a public interface", nameof(TInterface));
        }

        Load(file);
        var node = Graph.Find(FullPath(file))!;
        var definitions = node.Manifest!.Definitions;
        var methods = ProxyGenerator.Methods(type);
        var slots = new Slot[methods.Count];
        var problems = new List<string>();
        for (var i = 0; i < methods.Count; i++)
        {
            var m = methods[i];
            var name = ProxyGenerator.FluentName(m.Name);
            var def = definitions.FirstOrDefault(d => d.Name == name) ?? definitions.FirstOrDefault(d => d.Name == name + "?");
            var given = m.GetParameters().Length;
            if (def is null || !def.IsFunction)
            {
                problems.Add($"{type.Name}.{m.Name} needs a function '{name}', which {Path.GetFileName(node.Path)} does not define");
            }
            else if (def.IsVariadic ? given < def.Arity : given != def.Arity)
            {
                problems.Add($"{type.Name}.{m.Name} takes {given} argument(s) but ({def.Name} ...) takes {(def.IsVariadic ? "at least " : "")}{def.Arity}");
            }
            else if (ProxyGenerator.Problem(m) is { } unsupported)
            {
                problems.Add($"{type.Name}.{m.Name} {unsupported}");
            }
            else
            {
                slots[i] = node.Slot(def.Name);
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        }

        return (TInterface)ProxyGenerator.Create(type, slots);
    }
}
