using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Loader.Graph;

/// <summary>Which module version each of this host's load contexts holds, and that this host owns it (weak: never keeps a context alive).</summary>
internal sealed class ContextOwners(IHostServices host)
{
    private readonly ConditionalWeakTable<AssemblyLoadContext, Generation.Identity> _versions = new();

    public void Add(AssemblyLoadContext context, Generation.Identity identity)
    {
        _versions.AddOrUpdate(context, identity);
        HostServices.Register(context, host);
    }

    public bool TryGet(AssemblyLoadContext context, out Generation.Identity identity) => _versions.TryGetValue(context, out identity!);
}
