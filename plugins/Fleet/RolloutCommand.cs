using System.Collections.Immutable;
using System.Globalization;
using FluentAI.Plugins.Orleans;

namespace Fleet;

/// <summary>The operator's side: <c>rollout start|weight|promote|abort|status</c> against the hosts' gateways.</summary>
internal static class RolloutCommand
{
    public const string Usage = "rollout [--base-port 21111 --hosts 3 --module pricing.ai] start --file F [--weight 10 --steps 25,50 --ramp SECONDS --max-error-rate 0.01 --min-calls 20] | weight --to P | promote | abort [--reason R] | status";

    public static async Task<int> RunAsync(Args args)
    {
        if (args.Words.Count == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var (client, grains) = await Cluster.ClientAsync(args.Int("base-port", 21111), args.Int("hosts", 3));
        using (client)
        {
            var grain = grains.GetGrain<IModuleRolloutGrain>(args.Text("module", Cluster.Module));
            try
            {
                var state = args.Words[0] switch
                {
                    "start" => await grain.StartCanary(Canary(args, await File.ReadAllTextAsync(args.Text("file") ?? throw new ArgumentException("start needs --file")))),
                    "weight" => await grain.SetWeight(args.Number("to", double.NaN)),
                    "promote" => await grain.Promote(),
                    "abort" => await grain.Abort(args.Text("reason", "aborted by the operator")),
                    "status" => await grain.GetState(),
                    _ => throw new ArgumentException(Usage),
                };
                StatusTable.Write(Console.Out, state);
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                Console.Error.WriteLine(e.Message);
                return 1;
            }
            finally
            {
                await client.StopAsync();
            }
        }
    }

    public static FleetCanary Canary(Args args, string source) => new()
    {
        Source = source,
        Weight = args.Number("weight", 10),
        Steps = args.Text("steps") is { } steps ? [.. steps.Split(',').Select(s => double.Parse(s, CultureInfo.InvariantCulture))] : ImmutableArray<double>.Empty,
        RampDuration = args.Text("ramp") is { } ramp ? TimeSpan.FromSeconds(double.Parse(ramp, CultureInfo.InvariantCulture)) : null,
        MaxErrorRate = args.Number("max-error-rate", 0.01),
        MinCalls = args.Int("min-calls", 20),
    };
}
