using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.TestingHost;

namespace FluentAI.Plugins.Orleans.Tests;

/// <summary>
/// Three in-process silos sharing a durable grain storage and a fake clock for the rollout grain (its ramp and host
/// leases), with one FleetHost per silo following the grain through that silo.
/// </summary>
internal sealed class FleetCluster : IAsyncDisposable
{
    public const string Module = "pricing.ai";

    public const string V1 = "(define (price n) (* n 3))";

    public const string V2 = "(define (price n) (* n 4))";

    private readonly Dictionary<FleetHost, InProcessSiloHandle> _silos = [];

    private FleetCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

    public SharedGrainStorage Storage { get; } = new();

    public List<FleetHost> Hosts { get; } = [];

    public IModuleRolloutGrain Grain => Cluster.Client.GetGrain<IModuleRolloutGrain>(Module);

    public static async Task<FleetCluster> StartAsync(int hosts = 3)
    {
        FleetCluster? fleet = null;
        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddFluentAIFleet(o =>
            {
                o.TimeProvider = fleet!.Clock;
                o.TickInterval = TimeSpan.FromMilliseconds(50);
                o.HostLease = TimeSpan.FromSeconds(5);
            });
            silo.Services.AddGrainStorage(FleetGrainOptions.StorageName, (_, _) => fleet!.Storage);
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                // A killed silo is declared dead within a few seconds, not the production default's tens of seconds.
                o.ProbeTimeout = TimeSpan.FromMilliseconds(500);
                o.NumMissedProbesLimit = 1;
                o.NumVotesForDeathDeclaration = 1;
            });
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5)));
        fleet = new FleetCluster(builder.Build());
        await fleet.Cluster.DeployAsync();
        for (var i = 0; i < hosts; i++)
        {
            await fleet.AddHostAsync(fleet.Cluster.Silos[i % fleet.Cluster.Silos.Count]);
        }

        return fleet;
    }

    public async Task<FleetHost> AddHostAsync(InProcessSiloHandle silo, string source = V1, Func<Loader.ReloadCheck, bool>? postCheck = null, TimeSpan? pollInterval = null)
    {
        var host = await FleetHost.StartAsync($"host-{Hosts.Count + 1}", silo.ServiceProvider.GetRequiredService<IGrainFactory>(), source, postCheck, pollInterval);
        Hosts.Add(host);
        _silos[host] = silo;
        return host;
    }

    public IEnumerable<FleetHost> Live => Hosts.Where(h => !h.Disposed);

    /// <summary>The silo the rollout grain is activated on.</summary>
    public async Task<InProcessSiloHandle> GrainSiloAsync()
    {
        var address = await Cluster.Client.GetGrain<IManagementGrain>(0).GetActivationAddress(Grain);
        return Cluster.Silos.Single(s => s.SiloAddress.Equals(address));
    }

    /// <summary>Kills <paramref name="silo"/> without a shutdown, with the hosts on it (their process goes with it).</summary>
    public async Task KillAsync(InProcessSiloHandle silo)
    {
        foreach (var host in _silos.Where(p => p.Value == silo).Select(p => p.Key).ToList())
        {
            await host.DisposeAsync();
        }

        await Cluster.KillSiloAsync(silo);
    }

    /// <summary>Waits until every live host applied the grain's current generation.</summary>
    public async Task<FleetRolloutState> ConvergedAsync(Func<FleetRolloutState, bool> done, string what)
    {
        var state = await Eventually.Until(() => Grain.GetState(), done, what);
        await Eventually.Until(() => Live.All(h => h.Member.Generation >= state.Generation), $"every host at generation {state.Generation} ({what})");
        return state;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }
}
