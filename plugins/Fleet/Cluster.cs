using System.Net;
using FluentAI.Plugins.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet;

/// <summary>Localhost clustering on 127.0.0.1: host i has silo port base+i and gateway port base+1000+i; host 0 is the primary.</summary>
internal static class Cluster
{
    public const string Module = "pricing.ai";

    public const string ServiceId = "fluentai-fleet-demo";

    public static int SiloPort(int basePort, int index) => basePort + index;

    public static int GatewayPort(int basePort, int index) => basePort + 1000 + index;

    public static IHost Silo(int basePort, int index)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Connections reset by a host being stopped are expected in the demo; errors still show.
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(SiloPort(basePort, index), GatewayPort(basePort, index), new IPEndPoint(IPAddress.Loopback, SiloPort(basePort, 0)), ServiceId, ServiceId);
            // The demo keeps the rollout state in memory; a real fleet gives the grain a database (docs/fleet.md).
            silo.AddMemoryGrainStorage(FleetGrainOptions.StorageName);
            silo.AddFluentAIFleet();
        });
        return builder.Build();
    }

    public static async Task<(IHost Host, IGrainFactory Grains)> ClientAsync(int basePort, int hosts)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.UseOrleansClient(client => client.UseLocalhostClustering([.. Enumerable.Range(0, hosts).Select(i => GatewayPort(basePort, i))], ServiceId, ServiceId));
        var host = builder.Build();
        await host.StartAsync();
        return (host, host.Services.GetRequiredService<IGrainFactory>());
    }
}
