using System.Globalization;
using System.Text.Json;
using FluentAI.Plugins;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Orleans;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet;

/// <summary>
/// One host process: a silo, a PluginHost over its module folder with its audit log, the FleetMember following the
/// module's rollout grain, and traffic (keyed calls to <c>price</c>) so the versions have figures to report.
/// </summary>
internal static class HostCommand
{
    public const string V1 = "(define (price n) (* n 3))";

    public static async Task<int> RunAsync(Args args)
    {
        var index = args.Int("index", 0);
        var id = args.Text("id", $"host-{index + 1}");
        var dir = Path.GetFullPath(args.Text("dir", Path.Combine(Path.GetTempPath(), "fai-fleet", id)));
        var audit = Path.GetFullPath(args.Text("audit", Path.Combine(dir, "audit.jsonl")));
        var basePort = args.Int("base-port", 21111);
        Directory.CreateDirectory(dir);
        Directory.CreateDirectory(Path.GetDirectoryName(audit)!);
        var file = Path.Combine(dir, Cluster.Module);
        if (!File.Exists(file))
        {
            File.WriteAllText(file, V1);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

        using var silo = Cluster.Silo(basePort, index);
        await silo.StartAsync(stop.Token);
        using var plugins = PluginHost.Create(dir, new PluginHostOptions { AuditLogPath = audit, CacheDirectory = Path.Combine(dir, ".cache") });
        plugins.Load(Cluster.Module);
        var fleetLog = Path.ChangeExtension(audit, ".fleet.jsonl");
        await using var member = new FleetMember(plugins, silo.Services.GetRequiredService<IGrainFactory>(), Cluster.Module, new FleetMemberOptions
        {
            HostId = id,
            PollInterval = TimeSpan.FromMilliseconds(args.Int("poll-ms", 1000)),
            ReportInterval = TimeSpan.FromMilliseconds(args.Int("report-ms", 1000)),
        });
        member.Applied += (_, a) =>
        {
            // Beside the host's own audit log: what the fleet asked for, with the generation that asked.
            Console.WriteLine($"{a.HostId} generation {a.Generation}: {a.Action} {a.Detail}");
            File.AppendAllText(fleetLog, JsonSerializer.Serialize(new { time = DateTimeOffset.UtcNow, host = a.HostId, module = a.Module, generation = a.Generation, action = a.Action, detail = a.Detail }) + "\n");
        };
        await member.StartAsync(stop.Token);
        Console.WriteLine($"{id} ready: silo 127.0.0.1:{Cluster.SiloPort(basePort, index).ToString(CultureInfo.InvariantCulture)}, module {file}, audit {audit}");

        long calls = 0;
        var errors = 0L;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using (PluginHost.RouteBy($"user-{(calls++ % 500).ToString(CultureInfo.InvariantCulture)}"))
                {
                    try
                    {
                        plugins.Call(Cluster.Module, "price", 10L);
                    }
                    catch (FluentAIException)
                    {
                        errors++;
                    }
                }

                await Task.Delay(2, stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        Console.WriteLine($"{id} stopping after {calls} calls, {errors} failed");
        await silo.StopAsync(CancellationToken.None);
        return 0;
    }
}
