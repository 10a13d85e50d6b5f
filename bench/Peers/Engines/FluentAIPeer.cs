using FluentAI.Plugins.Benchmarks;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>
/// FluentAI: Programs/peers.ai loaded in a <see cref="PluginHost"/> and called through slots; JSON is
/// the host's <see cref="StateJson"/>, registered as <c>to-json</c> / <c>from-json</c>; the reload
/// workloads reload bench/Sources.cs <c>Module100</c> in a host of their own.
/// </summary>
internal sealed class FluentAIPeer : IPeer
{
    private const string File = "peers.ai";
    private readonly ModuleFolder _folder;
    private readonly PluginHost _host;
    private ModuleFolder? _reloadFolder;
    private PluginHost? _reloadHost;

    public FluentAIPeer()
    {
        _folder = new ModuleFolder("peers");
        _folder.Write(File, ProgramText.Read(File));
        _host = _folder.CreateHost();
        _host.Register("to-json", v => StateJson.Serialize(v));
        _host.Register("from-json", v => StateJson.Deserialize((string)v!));
        _host.Load(File);
    }

    /// <summary>The outcome of the last reload of the reload workloads (the tests check its contexts unload).</summary>
    public ReloadResult? LastReload { get; private set; }

    public Body? Prepare(Workload workload, Sizes sizes)
    {
        switch (workload.Id)
        {
            case "fib":
                return OneArgument("fib", sizes.Fib);
            case "map":
                return OneArgument("map-sum", sizes.MapEntries);
            case "string":
                return OneArgument("build-string", sizes.Pieces);
            case "pipeline":
                return OneArgument("pipeline", sizes.Records);
            case "json":
                return OneArgument("json-round-trip", sizes.Documents);
            case "reload" or "reload-first":
                return Reload();
            case "call":
                var proxy = _host.As<IPeerCalls>(File);
                return new Body(() =>
                {
                    long r = 0;
                    for (var i = 0; i < sizes.Calls; i++)
                    {
                        r = proxy.Bump(r);
                    }

                    return r;
                });
            case "call-slot":
                var bump = _host.GetSlot(File, "bump");
                return new Body(() =>
                {
                    object? r = 0L;
                    for (var i = 0; i < sizes.Calls; i++)
                    {
                        r = bump.Invoke(r);
                    }

                    return r;
                });
            default:
                return null;
        }
    }

    public void Dispose()
    {
        _host.Dispose();
        _folder.Dispose();
        _reloadHost?.Dispose();
        _reloadFolder?.Dispose();
    }

    private Body OneArgument(string function, long n)
    {
        var slot = _host.GetSlot(File, function);
        object argument = n;
        return new Body(() => slot.Invoke(argument));
    }

    private Body Reload()
    {
        const string Base = "base.ai";
        var constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        _reloadFolder ??= new ModuleFolder("peers-reload");
        _reloadFolder.Write(Base, ReloadScripts.FluentAI(constant));
        _reloadHost ??= _reloadFolder.CreateHost();
        var f99 = _reloadHost.GetSlot(Base, "f99");
        object zero = 0L;
        return new Body(
            () =>
            {
                LastReload = _reloadHost.Reload(Base);
                return ProgramText.Exact(f99.Invoke(zero)) - constant;
            },
            () =>
            {
                // The replaced version's unload is checked in the background; let it finish untimed, so a
                // reload measures the reload, not the verification of the one before.
                LastReload?.UnloadVerification.GetAwaiter().GetResult();
                _reloadFolder.Write(Base, ReloadScripts.FluentAI(++constant));
            });
    }
}
