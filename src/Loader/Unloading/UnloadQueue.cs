using FluentAI.Plugins.Loader.Events;
using FluentAI.Plugins.Loader.Graph;

namespace FluentAI.Plugins.Loader.Unloading;

/// <summary>
/// Releases replaced generations and verifies that their contexts unload, on one background worker
/// per host: verifications queued by a burst of reloads are checked together once the reloads pause
/// (or after <see cref="UnloadVerifier.MaxPostponement"/>), so the forced collections neither compete
/// with a reload nor pile up. Each caller gets exactly the reports of what it queued.
/// </summary>
internal sealed class UnloadQueue(EventLog events, HolderSearch holders, Retirement retirement)
{
    private readonly List<Batch> _batches = [];
    private bool _running;

    /// <summary>When the last load or reload started (<see cref="Environment.TickCount64"/>): verification waits for a pause.</summary>
    private long _lastActivity;

    /// <summary>Notes that a load or reload starts now.</summary>
    public void Busy() => Volatile.Write(ref _lastActivity, Environment.TickCount64);

    /// <summary>
    /// Retires <paramref name="generations"/> (their <c>on-retire</c> hooks run, then the host drops its
    /// references to them: now, or once the host's lock is released, see <see cref="Retirement"/>) and
    /// verifies their unload in the background.
    /// </summary>
    public Task<IReadOnlyList<UnloadReport>> Enqueue(List<Generation> generations)
    {
        var batch = new Batch(Targets(generations), events.Start());
        retirement.Retire(generations, () => Schedule(batch));
        generations.Clear();
        return batch.Done.Task;
    }

    /// <summary>Retires <paramref name="generations"/> on this thread, then checks on it that they unload.</summary>
    public List<UnloadReport> ReleaseAndVerify(List<Generation> generations)
    {
        var started = events.Start();
        var targets = Targets(generations);
        retirement.RetireNow(generations);
        generations.Clear();
        var reports = UnloadVerifier.Verify(targets);
        Report(reports, started);
        return reports;
    }

    /// <summary>Retires <paramref name="generations"/> (hooks, then every strong reference the host holds dropped, starting their unload); returns what to verify.</summary>
    public List<UnloadTarget> Release(List<Generation> generations)
    {
        var targets = Targets(generations);
        retirement.Retire(generations);
        generations.Clear();
        return targets;
    }

    /// <summary>Waits, at most <paramref name="limit"/>, until every queued verification has reported (a host being disposed calls it, so no verdict is lost).</summary>
    public void Drain(TimeSpan limit)
    {
        var deadline = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        lock (_batches)
        {
            while ((_running || _batches.Count > 0) && Environment.TickCount64 < deadline)
            {
                Monitor.Wait(_batches, TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64)));
            }
        }
    }

    private List<UnloadTarget> Targets(List<Generation> generations) =>
        [.. generations.Select(g => new UnloadTarget(g.Node.Path, g.Version, g.Context, () => holders.Find(g.Context)))];

    private void Schedule(Batch batch)
    {
        lock (_batches)
        {
            _batches.Add(batch);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(Run);
            }
        }
    }

    private void Run()
    {
        while (true)
        {
            List<Batch> batches;
            lock (_batches)
            {
                if (_batches.Count == 0)
                {
                    _running = false;
                    Monitor.PulseAll(_batches);
                    return;
                }

                batches = [.. _batches];
                _batches.Clear();
            }

            try
            {
                var reports = UnloadVerifier.Verify([.. batches.SelectMany(b => b.Targets)], () => Volatile.Read(ref _lastActivity));
                foreach (var batch in batches)
                {
                    var own = reports.Where(r => batch.Targets.Any(t => t.Module == r.Module && t.Version == r.Version)).ToList();
                    Report(own, batch.Started);
                    batch.Done.SetResult(own);
                }
            }
#pragma warning disable CA1031 // Handed to every waiting caller.
            catch (Exception e)
#pragma warning restore CA1031
            {
                batches.ForEach(b => b.Done.TrySetException(e));
            }
        }
    }

    private void Report(List<UnloadReport> reports, long started)
    {
        foreach (var r in reports)
        {
            events.Emit(HostEvent.Unloaded(events.Now, r, events.Since(started)));
        }
    }

    /// <summary>Replaced contexts waiting for the verifier, and who waits for the result.</summary>
    private sealed record Batch(List<UnloadTarget> Targets, long Started)
    {
        public TaskCompletionSource<IReadOnlyList<UnloadReport>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
