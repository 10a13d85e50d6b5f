using System.Diagnostics;
using FluentAI.Plugins.Loader;

namespace Pipeline;

/// <summary>
/// Rewrites the rules file with the next <c>rules-version</c> (or, every <c>brokenEvery</c>-th time, with a
/// compile error) and reloads it on the schedule, noting each reload's switch point and latency and keeping
/// every replaced version's unload verification.
/// </summary>
internal sealed class Reloader(PluginHost host, string rulesPath, RecordPipeline pipeline, ReloadSchedule schedule, int brokenEvery)
{
    private readonly string _source = File.ReadAllText(rulesPath);
    private readonly List<SwitchMark> _marks = [];
    private readonly List<Task<IReadOnlyList<UnloadReport>>> _unloads = [];

    public IReadOnlyList<SwitchMark> Marks => _marks;

    public IReadOnlyList<Task<IReadOnlyList<UnloadReport>>> Unloads => _unloads;

    /// <summary>Sink count and time (Stopwatch ticks) when the first reload started and the last ended.</summary>
    public (long Count, long Ticks) FirstStart { get; private set; }

    public (long Count, long Ticks) LastEnd { get; private set; }

    /// <summary>Called after each reload (on the reloading thread).</summary>
    public Action<SwitchMark>? Reloaded { get; init; }

    /// <summary>Runs the schedule on a thread of its own (a reload compiles for tens of milliseconds; no pool thread is held).</summary>
    public Task RunAsync(CancellationToken cancel) =>
        Task.Factory.StartNew(() => Run(cancel), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancel)
    {
        try
        {
            for (var k = 0; k < schedule.Count; k++)
            {
                pipeline.Sink.WhenCount(schedule.TriggerAt(k)).Wait(cancel);
                if (pipeline.Sink.Finished || cancel.IsCancellationRequested)
                {
                    break;
                }

                var mark = ReloadOnce(k);
                _marks.Add(mark);
                schedule.Completed(k);
                Reloaded?.Invoke(mark);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the pipeline drains what it has; no reload is left half done (Reload itself is not interrupted).
        }
        finally
        {
            schedule.Finish();
        }
    }

    private SwitchMark ReloadOnce(int k)
    {
        var oldVersion = host.VersionOf(Rules.File);
        var broken = brokenEvery > 0 && (k + 1) % brokenEvery == 0;
        File.WriteAllText(rulesPath, broken ? Rules.Broken(_source) : Rules.WithVersion(_source, oldVersion + 1));
        var lastBefore = pipeline.Ledger.DrainTaken();
        var start = Stopwatch.GetTimestamp();
        var outAtStart = pipeline.Sink.Count;
        if (k == 0)
        {
            FirstStart = (outAtStart, start);
        }

        string? error = null;
        try
        {
            var result = host.Reload(Rules.File);
            _unloads.Add(result.UnloadVerification);
        }
        catch (ModuleLoadException e)
        {
            error = e.Diagnostics.Count > 0 ? e.Diagnostics[0].ToString() : e.Message;
        }

        var end = Stopwatch.GetTimestamp();
        var firstAfter = pipeline.Ledger.Taken + 1;
        var outAtEnd = pipeline.Sink.Count;
        LastEnd = (outAtEnd, end);
        return new SwitchMark(k, lastBefore, firstAfter, oldVersion, host.VersionOf(Rules.File), error, Stopwatch.GetElapsedTime(start, end), outAtStart, outAtEnd);
    }
}
