using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Loader.Graph;

/// <summary>
/// Which module version each of this host's load contexts holds, and that this host owns it. Weak:
/// an entry lives only as long as its context, and never keeps a context alive (a released
/// generation no longer refers to its context).
/// </summary>
internal sealed class ContextOwners(IHostServices host)
{
    private readonly ConditionalWeakTable<AssemblyLoadContext, Generation> _versions = new();

    public void Add(AssemblyLoadContext context, Generation generation)
    {
        _versions.AddOrUpdate(context, generation);
        HostServices.Register(context, host);
    }

    public bool TryGet(AssemblyLoadContext context, out Generation.Identity identity)
    {
        var found = _versions.TryGetValue(context, out var generation);
        identity = found ? new Generation.Identity(generation!.Node.Path, generation.Version) : null!;
        return found;
    }

    /// <summary>The generation a context holds (staged, running or retired).</summary>
    public bool TryGetGeneration(AssemblyLoadContext context, out Generation generation) => _versions.TryGetValue(context, out generation!);
}
