using System.Diagnostics;
using FluentAI.Plugins;
using FluentAI.Plugins.Loader;

namespace Pipeline;

/// <summary>
/// One run of the sample: copies the rules to a temporary folder, hosts them, pushes the records through the
/// pipeline while the schedule's reloads edit the copy, then checks the result and waits for every replaced
/// version's unload verification.
/// </summary>
internal static class PipelineRun
{
    // log: progress lines (null: quiet); sinkStart: the sink reads nothing until its task completes (a test's slow sink).
    public static async Task<PipelineResult> RunAsync(PipelineOptions options, TextWriter? log, CancellationToken cancel, Func<RecordPipeline, Task>? sinkStart = null)
    {
        var folder = Directory.CreateTempSubdirectory("fluentai-pipeline-");
        try
        {
            var rules = Path.Combine(folder.FullName, Rules.File);
            File.Copy(Path.Combine(options.RulesFolder, Rules.File), rules);
            using var host = PluginHost.Create(folder.FullName);
            var processor = Load(host, folder.FullName, options.RulesFolder);
            var startVersion = host.VersionOf(Rules.File);
            var sink = new Sink(options.Records)
            {
                ProgressEvery = Math.Max(1, options.Records / 10),
                Progress = count => log?.WriteLine($"  {count,12:N0} records out, rules v{host.VersionOf(Rules.File)}"),
            };
            var pipeline = new RecordPipeline(processor, options.Records, options.Workers, options.Capacity, sink);
            sink.Start = sinkStart is null ? null : () => sinkStart(pipeline);
            var schedule = new ReloadSchedule(options.Records, options.Reloads);
            var reloader = new Reloader(host, rules, pipeline, schedule, options.BrokenEvery)
            {
                Reloaded = mark =>
                {
                    if (mark.Failed)
                    {
                        log?.WriteLine($"  reload {mark.Reload + 1} rejected, v{mark.OldVersion} keeps processing: {mark.Error}");
                    }
                },
            };

            var reloads = reloader.RunAsync(cancel);
            await pipeline.RunAsync(schedule, cancel).ConfigureAwait(false);
            await reloads.ConfigureAwait(false);
            var check = PipelineCheck.Of(pipeline, reloader.Marks, Rules.Expected);
            var unloads = (await Task.WhenAll(reloader.Unloads).ConfigureAwait(false)).SelectMany(u => u).ToList();
            host.Release(processor);
            return new PipelineResult(options, pipeline, schedule, reloader, check, unloads, startVersion);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static Slot Load(PluginHost host, string copy, string rulesFolder)
    {
        try
        {
            return host.GetSlot(Rules.File, "process-record");
        }
        catch (ModuleLoadException e)
        {
            // The diagnostics name the copy; the reader edits the original.
            throw new InvalidDataException(e.Message.Replace(copy, rulesFolder, StringComparison.Ordinal), e);
        }
    }
}

/// <summary>A finished run: the check, the reloads and the figures.</summary>
internal sealed record PipelineResult(
    PipelineOptions Options,
    RecordPipeline Pipeline,
    ReloadSchedule Schedule,
    Reloader Reloader,
    PipelineCheck Check,
    IReadOnlyList<UnloadReport> Unloads,
    long StartVersion)
{
    public IReadOnlyList<SwitchMark> Marks => Reloader.Marks;

    /// <summary>Records per second before the first reload, from its start to the end of the last, and after.</summary>
    public (double Before, double During, double After) Throughput
    {
        get
        {
            var (start, end) = (Pipeline.StartTicks, Pipeline.EndTicks);
            if (Marks.Count == 0)
            {
                return (Rate(Check.Received, start, end), double.NaN, double.NaN);
            }

            var (first, last) = (Reloader.FirstStart, Reloader.LastEnd);
            return (Rate(first.Count, start, first.Ticks), Rate(last.Count - first.Count, first.Ticks, last.Ticks), Rate(Check.Received - last.Count, last.Ticks, end));
        }
    }

    /// <summary>Records per second while <c>host.Reload</c> calls ran (compiling on the same cores), over all of them.</summary>
    public double WhileReloading => Marks.Count == 0
        ? double.NaN
        : Marks.Sum(m => m.OutAtEnd - m.OutAtStart) / Marks.Sum(m => m.Latency.TotalSeconds);

    private static double Rate(long records, long from, long to) =>
        to > from ? records / Stopwatch.GetElapsedTime(from, to).TotalSeconds : double.NaN;
}
