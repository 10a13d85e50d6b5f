using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Orleans.Tests;

/// <summary>
/// One host of the fleet: a PluginHost over its own temp folder (own compile cache and audit log) running
/// <see cref="FleetCluster.Module"/>, and the FleetMember that follows the rollout grain through one silo.
/// </summary>
internal sealed class FleetHost : IAsyncDisposable
{
    private readonly List<HostEvent> _events = [];

    private FleetHost(string name, string root, PluginHost host, FleetMember member)
    {
        Name = name;
        Root = root;
        Host = host;
        Member = member;
        host.Events += (_, e) =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        };
    }

    public string Name { get; }

    public string Root { get; }

    public PluginHost Host { get; }

    public FleetMember Member { get; }

    public string AuditLog => Path.Combine(Root, "audit.jsonl");

    public bool Disposed { get; private set; }

    public static async Task<FleetHost> StartAsync(string name, IGrainFactory grains, string source, Func<ReloadCheck, bool>? postCheck = null, TimeSpan? pollInterval = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "fai-fleet-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, FleetCluster.Module), source);
        var host = PluginHost.Create(root, new PluginHostOptions
        {
            CacheDirectory = Path.Combine(root, ".cache"),
            AuditLogPath = Path.Combine(root, "audit.jsonl"),
        });
        host.Load(FleetCluster.Module);
        var member = new FleetMember(host, grains, FleetCluster.Module, new FleetMemberOptions
        {
            HostId = name,
            PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(50),
            ReportInterval = TimeSpan.FromMilliseconds(100),
            PostCheck = postCheck,
        });
        var fleetHost = new FleetHost(name, root, host, member);
        await member.StartAsync();
        return fleetHost;
    }

    /// <summary>The result of <c>(price n)</c> on this host, routed by <paramref name="key"/> when given.</summary>
    public long Price(long n, string? key = null)
    {
        using var route = key is null ? null : PluginHost.RouteBy(key);
        return (long)Host.Call(FleetCluster.Module, "price", n)!;
    }

    public string? Phase => Host.RolloutStatus(FleetCluster.Module)?.Phase;

    /// <summary>
    /// The local rollout is in <paramref name="phase"/> and the member finished applying the fleet's generation.
    /// The local phase changes first; the file's restore and the member's own phase come after it.
    /// </summary>
    public bool Applied(FleetPhase phase) =>
        Member.Phase == phase && string.Equals(Phase, phase.ToString(), StringComparison.OrdinalIgnoreCase);

    public string FileText => File.ReadAllText(Path.Combine(Root, FleetCluster.Module));

    /// <summary>Waits until this host verified that <paramref name="version"/> of the module unloaded; fails if it reported it did not.</summary>
    public async Task AssertUnloadedAsync(long version)
    {
        HostEvent? verdict = null;
        await Eventually.Until(
            () =>
            {
                lock (_events)
                {
                    verdict = _events.FirstOrDefault(e => e.Kind is HostEventKind.Unload or HostEventKind.UnloadFailed && e.FromVersion == version);
                }

                return verdict is not null;
            },
            $"{Name}: the unload verdict of v{version}",
            seconds: 40);
        Assert.True(verdict!.Ok, verdict.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (Disposed)
        {
            return;
        }

        Disposed = true;
        await Member.DisposeAsync();
        Host.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
