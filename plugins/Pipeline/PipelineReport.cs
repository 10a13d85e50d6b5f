using System.Globalization;

namespace Pipeline;

/// <summary>The figures the sample prints at the end.</summary>
internal static class PipelineReport
{
    public static void Write(PipelineResult result, TextWriter output)
    {
        var (check, pipeline, marks) = (result.Check, result.Pipeline, result.Marks);
        var (before, during, after) = result.Throughput;
        var applied = marks.Where(m => !m.Failed).ToList();
        var latencies = marks.Select(m => m.Latency.TotalMilliseconds).Order().ToList();
        var perVersion = pipeline.Sink.PerVersion.OrderBy(p => p.Key).ToList();
        var unloaded = result.Unloads.Count(u => u.Unloaded);

        output.WriteLine();
        output.WriteLine(Line("records in / out", $"{check.Produced:N0} / {check.Received:N0}"
            + (check.Produced < result.Options.Records ? $" (stopped early: {result.Options.Records:N0} asked)" : "")));
        output.WriteLine(Line("lost / duplicates", $"{check.Lost} / {check.Duplicates}"));
        output.WriteLine(Line("checksum", check.IdSumOk && check.ChecksumOk ? "ok (id sum and hash of (id, version, result) match the C# rules)" : "WRONG"));
        output.WriteLine(Line("errors raised", $"{check.Errors}{(pipeline.Sink.FirstError is { } first ? $" (first: {first})" : "")}"));
        output.WriteLine(Line("switch points", check.SwitchViolations.Count == 0 && check.BackwardsWorkers.Count == 0
            ? $"exact at all {marks.Count} reloads; no worker went back a version"
            : $"{check.SwitchViolations.Count + check.BackwardsWorkers.Count} violations, first: {check.SwitchViolations.Concat(check.BackwardsWorkers).First()}"));
        output.WriteLine(Line("reloads", $"{applied.Count} applied, {marks.Count - applied.Count} rejected; rules v{result.StartVersion} to v{(marks.Count > 0 ? marks[^1].NewVersion : result.StartVersion)}"));
        output.WriteLine(Line("records per version", Summary(perVersion)));
        output.WriteLine(Line("throughput (records/s)", marks.Count == 0
            ? $"{Rate(before)} (no reloads)"
            : $"before reloads {Rate(before)}, during {Rate(during)} (inside the Reload calls {Rate(result.WhileReloading)}), after {Rate(after)}"));
        output.WriteLine(Line("producer", $"waited on a full input channel {pipeline.ProducerWaits:N0} times (the most it held: {pipeline.MaxInputCount} of {pipeline.Capacity}); held for an unfinished reload {result.Schedule.Holds} times"));
        if (latencies.Count > 0)
        {
            output.WriteLine(Line("reload latency", $"p50 {latencies[latencies.Count / 2]:F1} ms, max {latencies[^1]:F1} ms"));
        }

        output.WriteLine(Line("replaced versions unloaded", $"{unloaded} of {result.Unloads.Count}"));
    }

    private static string Line(string name, string value) => $"{name,-27} {value}";

    private static string Rate(double perSecond) => double.IsNaN(perSecond) ? "-" : perSecond.ToString("N0", CultureInfo.InvariantCulture);

    private static string Summary(List<KeyValuePair<long, long>> perVersion)
    {
        if (perVersion.Count == 0)
        {
            return "-";
        }

        var counts = perVersion.Select(p => p.Value).Order().ToList();
        var shown = perVersion.Count <= 4
            ? string.Join(", ", perVersion.Select(p => $"v{p.Key}: {p.Value:N0}"))
            : $"v{perVersion[0].Key}: {perVersion[0].Value:N0}, ..., v{perVersion[^1].Key}: {perVersion[^1].Value:N0}";
        return $"{perVersion.Count} versions ({shown}; min {counts[0]:N0}, median {counts[counts.Count / 2]:N0})";
    }
}
