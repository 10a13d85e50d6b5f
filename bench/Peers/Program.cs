using FluentAI.Plugins.Peers;
using FluentAI.Plugins.Peers.Engines;

// bench/Peers: the same programs on FluentAI and the engines a .NET host would embed instead, one
// process per engine, each result checked, one table (bench/README.md "Peers"; bench/peers.sh runs it).
//   FluentAI.Plugins.Peers [--engine fluentai,v8,...] [--workload fib,map,...] [--sizes full|small]
// A child (started by the parent) gets --child and exactly one engine.
string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("usage: FluentAI.Plugins.Peers [--engine " + string.Join(',', PeerNames.All.Select(e => e.Name)) + "] [--workload " + string.Join(',', Workload.All.Select(w => w.Id)) + "] [--sizes full|small]");
    return 0;
}

var engines = Option("--engine")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? PeerNames.All.Select(e => e.Name).ToArray();
var workloads = Option("--workload")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Workload.Named).ToList() ?? [.. Workload.All];
var sizesName = Option("--sizes") ?? "full";
var sizes = sizesName switch
{
    "full" => Sizes.Full,
    "small" => Sizes.Small,
    _ => throw new ArgumentException("--sizes is full or small"),
};
foreach (var engine in engines)
{
    if (PeerNames.All.All(e => e.Name != engine))
    {
        Console.Error.WriteLine($"no engine '{engine}' (there are {string.Join(", ", PeerNames.All.Select(e => e.Name))})");
        return 2;
    }
}

if (args.Contains("--child"))
{
    return engines.Length == 1 && Runner.Measure(engines[0], workloads, sizes, Console.Out) ? 0 : 1;
}

return Table.Run(engines, workloads, sizesName, Console.Out) ? 0 : 1;
