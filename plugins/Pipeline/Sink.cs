using System.Threading.Channels;

namespace Pipeline;

/// <summary>
/// Reads the output channel and keeps, per take number, which record it was, which worker took it and
/// which version processed it; counts duplicates, per-version records, and an order-independent hash
/// over (id, version, result) that <see cref="PipelineCheck"/> compares with the C# rules.
/// </summary>
internal sealed class Sink
{
    private readonly long[] _idBySeq;
    private readonly long[] _versionBySeq;
    private readonly int[] _workerBySeq;
    private readonly bool[] _seenId;
    private readonly Dictionary<long, long> _perVersion = [];
    private Waiter? _waiter;
    private long _count;
    private volatile bool _finished;

    public Sink(long capacity)
    {
        _idBySeq = new long[capacity + 1];
        _versionBySeq = new long[capacity + 1];
        _workerBySeq = new int[capacity + 1];
        _seenId = new bool[capacity + 1];
    }

    /// <summary>Records received so far.</summary>
    public long Count => Interlocked.Read(ref _count);

    public long Duplicates { get; private set; }

    public long IdSum { get; private set; }

    public ulong Hash { get; private set; }

    public long Errors { get; private set; }

    public string? FirstError { get; private set; }

    public IReadOnlyDictionary<long, long> PerVersion => _perVersion;

    public bool Finished => _finished;

    /// <summary>Called every <c>ProgressEvery</c> records with the count (on the sink's thread).</summary>
    public Action<long>? Progress { get; init; }

    public long ProgressEvery { get; init; } = long.MaxValue;

    /// <summary>Called before the sink reads anything; it reads once the task completes (a test makes a slow sink with it).</summary>
    public Func<Task>? Start { get; set; }

    public long IdAt(long seq) => _idBySeq[seq];

    public long VersionAt(long seq) => _versionBySeq[seq];

    public int WorkerAt(long seq) => _workerBySeq[seq];

    public bool Saw(long id) => _seenId[id];

    /// <summary>Completes when <paramref name="count"/> records have arrived, or the output ended (one waiter at a time).</summary>
    public Task WhenCount(long count)
    {
        var waiter = new Waiter(count);
        Volatile.Write(ref _waiter, waiter);
        if (Count >= count || Finished)
        {
            waiter.Done.TrySetResult();
        }

        return waiter.Done.Task;
    }

    public async Task RunAsync(ChannelReader<Processed> output)
    {
        try
        {
            await (Start?.Invoke() ?? Task.CompletedTask).ConfigureAwait(false);
            while (await output.WaitToReadAsync().ConfigureAwait(false))
            {
                while (output.TryRead(out var item))
                {
                    Add(item);
                }
            }
        }
        finally
        {
            _finished = true;
            Volatile.Read(ref _waiter)?.Done.TrySetResult();
        }
    }

    private void Add(Processed item)
    {
        if (_seenId[item.Id])
        {
            Duplicates++;
        }

        _seenId[item.Id] = true;
        _idBySeq[item.Seq] = item.Id;
        _versionBySeq[item.Seq] = item.Version;
        _workerBySeq[item.Seq] = item.Worker;
        IdSum += item.Id;
        Hash = unchecked(Hash + Mix(item.Id, item.Version, item.Value));
        if (item.Error is not null)
        {
            Errors++;
            FirstError ??= item.Error;
        }

        _perVersion[item.Version] = _perVersion.GetValueOrDefault(item.Version) + 1;
        var count = Interlocked.Increment(ref _count);
        if (Volatile.Read(ref _waiter) is { } waiter && count >= waiter.Target)
        {
            waiter.Done.TrySetResult();
        }

        if (count % ProgressEvery == 0)
        {
            Progress?.Invoke(count);
        }
    }

    /// <summary>A 64-bit mix of one result (SplitMix64's finaliser over the three fields), summed so order does not matter.</summary>
    public static ulong Mix(long id, long version, long? value)
    {
        var x = unchecked(((ulong)id * 0x9E3779B97F4A7C15UL) ^ ((ulong)version * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)(value ?? -1));
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        return x ^ (x >> 31);
    }

    private sealed class Waiter(long target)
    {
        public long Target { get; } = target;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
