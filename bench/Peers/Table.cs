using System.Diagnostics;
using System.Globalization;
using FluentAI.Plugins.Peers.Engines;

namespace FluentAI.Plugins.Peers;

/// <summary>
/// The parent side: starts this program once per engine (and once more per engine for each
/// workload that needs a fresh process), collects the children's lines, prints one table.
/// </summary>
internal static class Table
{
    /// <summary>Runs every selected engine in its own process and prints the table; false when any workload failed.</summary>
    public static bool Run(IReadOnlyList<string> engines, IReadOnlyList<Workload> workloads, string sizes, TextWriter output)
    {
        var measurements = new List<Measurement>();
        var ok = true;
        foreach (var engine in engines)
        {
            var groups = new List<List<Workload>> { workloads.Where(w => !w.FreshProcess).ToList() };
            groups.AddRange(workloads.Where(w => w.FreshProcess).Select(w => new List<Workload> { w }));
            foreach (var group in groups.Where(g => g.Count > 0))
            {
                output.WriteLine($"-- {engine}: {string.Join(", ", group.Select(w => w.Id))}");
                ok &= RunChild(engine, group, sizes, measurements, output);
            }
        }

        output.WriteLine();
        Print(measurements, engines, workloads, output);
        if (sizes != "full")
        {
            // The row titles name the full sizes; a small run checks that every body works, it measures nothing.
            output.WriteLine($"Sizes '{sizes}': a smoke run (one unwarmed run of each body at small sizes, e.g. fib({Sizes.Small.Fib}), {Sizes.Small.MapEntries:N0} map entries); the titles name the full sizes, so compare nothing in this table.");
        }

        return ok && measurements.All(m => m.Error is null);
    }

    /// <summary>The table of <paramref name="measurements"/>: median per run (per call for calls) and each peer's ratio to FluentAI.</summary>
    public static void Print(IReadOnlyList<Measurement> measurements, IReadOnlyList<string> engines, IReadOnlyList<Workload> workloads, TextWriter output)
    {
        var columns = PeerNames.All.Where(e => engines.Contains(e.Name)).ToList();
        output.WriteLine("| measure | " + string.Join(" | ", columns.Select(c => c.Title)) + " |");
        output.WriteLine("| --- |" + string.Concat(columns.Select(_ => " ---: |")));
        foreach (var workload in workloads)
        {
            var row = measurements.Where(m => m.Workload == workload.Id).ToList();
            if (row.Count == 0)
            {
                continue;
            }

            var fluent = row.FirstOrDefault(m => m.Engine == "fluentai" && m.Error is null);
            var cells = columns.Select(c => row.FirstOrDefault(m => m.Engine == c.Name) switch
            {
                null => "–",
                { Error: not null } => "FAILED",
                var m when fluent is null || m == fluent => Time(m.MedianNs, workload.PerCall),
                var m => $"{Time(m.MedianNs, workload.PerCall)} ({Ratio(m.MedianNs / fluent.MedianNs)})",
            });
            output.WriteLine($"| {workload.Title} | {string.Join(" | ", cells)} |");
        }

        output.WriteLine();
        output.WriteLine("Medians; in brackets each engine's time over FluentAI's (below 1x: faster than FluentAI).");
        foreach (var m in measurements.Where(m => m.Error is not null))
        {
            output.WriteLine($"FAILED {m.Engine} {m.Workload}: {m.Error}");
        }
    }

    private static bool RunChild(string engine, List<Workload> group, string sizes, List<Measurement> measurements, TextWriter output)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Table).Assembly.Location);
        }

        foreach (var arg in new[] { "--child", "--engine", engine, "--workload", string.Join(',', group.Select(w => w.Id)), "--sizes", sizes })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var seen = 0;
        while (child.StandardOutput.ReadLine() is { } line)
        {
            if (Runner.Parse(line) is { } m)
            {
                measurements.Add(m);
                seen++;
                output.WriteLine(m.Error is null
                    ? $"   {m.Workload}: {Time(m.MedianNs, Workload.Named(m.Workload).PerCall)} (min {Time(m.MinNs, Workload.Named(m.Workload).PerCall)}, max {Time(m.MaxNs, Workload.Named(m.Workload).PerCall)}, {m.Repetitions} runs)"
                    : $"   {m.Workload}: FAILED {m.Error}");
            }
            else
            {
                output.WriteLine("   " + line);
            }
        }

        child.WaitForExit();
        if (child.ExitCode != 0)
        {
            output.WriteLine($"   {engine} exited with {child.ExitCode}");
        }

        return child.ExitCode == 0;
    }

    private static string Time(double ns, bool perCall) =>
        perCall ? Significant(ns) + " ns" : Significant(ns / 1e6) + " ms";

    private static string Ratio(double ratio) => Significant(ratio) + "x";

    private static string Significant(double v) => v switch
    {
        >= 1000 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => v.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("F2", CultureInfo.InvariantCulture),
        _ => v.ToString("G2", CultureInfo.InvariantCulture),
    };
}
