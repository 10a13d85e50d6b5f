namespace Pipeline;

/// <summary>
/// When the reloads happen: spread over the middle 80 % of the records, reload k starts once the sink has
/// received <see cref="TriggerAt"/>(k) records. So that all of them happen while records flow, the producer
/// writes no record past <see cref="HoldAfter"/>(k) until reload k has finished (a slow reload holds it; the
/// figures count how often); every version therefore processes at least half an interval of records.
/// </summary>
internal sealed class ReloadSchedule
{
    private readonly long _first;
    private readonly long _interval;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _done;

    public ReloadSchedule(long records, int reloads)
    {
        Count = reloads;
        _first = records / 10;
        _interval = reloads == 0 ? records : Math.Max(2, records * 8 / 10 / reloads);
    }

    public int Count { get; }

    /// <summary>How many times the producer waited for a reload to finish.</summary>
    public int Holds { get; private set; }

    public long TriggerAt(int reload) => _first + (reload * _interval);

    public long HoldAfter(int reload) => TriggerAt(reload) + (_interval / 2);

    /// <summary>Reload <paramref name="reload"/> is over (applied or rejected).</summary>
    public void Completed(int reload)
    {
        Volatile.Write(ref _done, reload + 1);
        Interlocked.Exchange(ref _progress, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>No more reloads will happen: the producer is never held again.</summary>
    public void Finish() => Completed(Count - 1);

    /// <summary>Waits, if record <paramref name="id"/> is past the hold of a reload that has not finished.</summary>
    public async ValueTask BeforeProducingAsync(long id, CancellationToken cancel)
    {
        while (true)
        {
            var progress = Volatile.Read(ref _progress);
            var done = Volatile.Read(ref _done);
            if (done >= Count || id <= HoldAfter(done))
            {
                return;
            }

            Holds++;
            await progress.Task.WaitAsync(cancel).ConfigureAwait(false);
        }
    }
}
