namespace Pipeline;

/// <summary>
/// Numbers every take from the input channel (1, 2, 3, ... across all workers) and knows which numbers are
/// still being processed, so a reload can define its switch point exactly: <see cref="DrainTaken"/> returns the
/// last number taken before the reload and returns only once every record up to it has been processed; every
/// take after the reload returned gets a number above <see cref="Taken"/> read then.
/// </summary>
internal sealed class TakeLedger
{
    // A worker's slot: the number it is processing, Taking while it reads the channel, Idle otherwise.
    private const long Taking = 0;
    private const long Idle = long.MaxValue;

    // One cache line per worker, so workers do not write to each other's line.
    private const int Stride = 8;

    private readonly long[] _inFlight;
    private long _taken;

    public TakeLedger(int workers)
    {
        Workers = workers;
        _inFlight = new long[workers * Stride];
        for (var w = 0; w < workers; w++)
        {
            _inFlight[w * Stride] = Idle;
        }
    }

    public int Workers { get; }

    /// <summary>The last number taken so far.</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>Worker <paramref name="worker"/> is about to read the channel.</summary>
    public void BeginTake(int worker) => Volatile.Write(ref _inFlight[worker * Stride], Taking);

    /// <summary>Worker <paramref name="worker"/> took a record: its number (the full fence orders it after <see cref="BeginTake"/>).</summary>
    public long Take(int worker)
    {
        var seq = Interlocked.Increment(ref _taken);
        Volatile.Write(ref _inFlight[worker * Stride], seq);
        return seq;
    }

    /// <summary>Worker <paramref name="worker"/> has processed its record, or found the channel empty.</summary>
    public void Done(int worker) => Volatile.Write(ref _inFlight[worker * Stride], Idle);

    /// <summary>
    /// The last number taken now, once every record up to it has been processed (each worker is at most one
    /// call away, so this waits microseconds); workers go on taking meanwhile.
    /// </summary>
    public long DrainTaken()
    {
        var last = Taken;
        SpinWait.SpinUntil(() => Drained(last));
        return last;
    }

    /// <summary>
    /// True when no worker is processing a record numbered up to <paramref name="last"/>, nor between reading the
    /// channel and numbering what it read (it might get a number up to <paramref name="last"/>).
    /// </summary>
    public bool Drained(long last)
    {
        for (var w = 0; w < Workers; w++)
        {
            if (Volatile.Read(ref _inFlight[w * Stride]) <= last)
            {
                return false;
            }
        }

        return true;
    }
}
