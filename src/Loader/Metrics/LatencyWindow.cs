using System.Numerics;

namespace FluentAI.Plugins.Loader.Metrics;

/// <summary>
/// Call latencies over a sliding window of the host's clock, for p50/p99: the window is cut into
/// slices, each a log-scale histogram (four buckets per power of two, so an estimate is within
/// ±10 % of the true value); a slice older than the window is cleared when its turn comes again.
/// </summary>
internal sealed class LatencyWindow
{
    private const int SubBits = 2;
    private const int Buckets = 48 << SubBits;
    private const int SliceCount = 6;

    private readonly Slice[] _slices = new Slice[SliceCount];
    private readonly long _sliceTicks;
    private readonly double _nanosPerTick;
    private readonly bool _ticksAreNanos;

    /// <summary>The slice calls go to now, until <see cref="Slice.Ends"/>: one comparison per call, no division.</summary>
    private volatile Slice _current;

    public LatencyWindow(TimeProvider time, TimeSpan window)
    {
        _sliceTicks = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency / SliceCount));
        _nanosPerTick = 1e9 / time.TimestampFrequency;
        _ticksAreNanos = time.TimestampFrequency == 1_000_000_000;
        for (var i = 0; i < SliceCount; i++)
        {
            _slices[i] = new Slice();
        }

        _current = _slices[0];
    }

    /// <summary>Records a call that ended at <paramref name="now"/> (a timestamp) and took <paramref name="elapsed"/> ticks.</summary>
    public void Record(long now, long elapsed)
    {
        var slice = _current;
        if (now >= slice.Ends || now < slice.Starts)
        {
            slice = Turn(now);
        }

        var nanos = _ticksAreNanos ? (ulong)Math.Max(0, elapsed) : (ulong)Math.Max(0, elapsed * _nanosPerTick);
        Interlocked.Increment(ref slice.Counts[Bucket(nanos)]);
    }

    /// <summary>The clock moved past the current slice: the slice of <paramref name="now"/>, cleared if it held an older period.</summary>
    private Slice Turn(long now)
    {
        var epoch = now / _sliceTicks;
        var slice = _slices[(int)(epoch % SliceCount)];
        var seen = Volatile.Read(ref slice.Epoch);
        if (seen != epoch && Interlocked.CompareExchange(ref slice.Epoch, epoch, seen) == seen)
        {
            // A record racing the clear may be lost: the window is an estimate, the call counts are exact.
            Array.Clear(slice.Counts);
            slice.Starts = epoch * _sliceTicks;
            slice.Ends = slice.Starts + _sliceTicks;
        }

        _current = slice;
        return slice;
    }

    /// <summary>The latency below which <paramref name="quantile"/> of the window's calls took (zero without calls).</summary>
    public TimeSpan Quantile(long now, double quantile)
    {
        var epoch = now / _sliceTicks;
        var totals = new long[Buckets];
        long count = 0;
        foreach (var slice in _slices)
        {
            var e = Volatile.Read(ref slice.Epoch);
            if (e > epoch - SliceCount && e <= epoch)
            {
                for (var b = 0; b < Buckets; b++)
                {
                    var c = Volatile.Read(ref slice.Counts[b]);
                    totals[b] += c;
                    count += c;
                }
            }
        }

        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * count));
        long seenCount = 0;
        for (var b = 0; b < Buckets; b++)
        {
            seenCount += totals[b];
            if (seenCount >= rank)
            {
                return TimeSpan.FromTicks((long)(Midpoint(b) / 100));
            }
        }

        return TimeSpan.FromTicks((long)(Midpoint(Buckets - 1) / 100));
    }

    /// <summary>The bucket of a latency in nanoseconds: the power of two, then the next two bits.</summary>
    internal static int Bucket(ulong nanos)
    {
        if (nanos < (1UL << SubBits))
        {
            return (int)nanos;
        }

        var log = BitOperations.Log2(nanos);
        var sub = (int)(nanos >> (log - SubBits)) & ((1 << SubBits) - 1);
        return Math.Min(Buckets - 1, ((log - SubBits + 1) << SubBits) + sub);
    }

    /// <summary>The middle of a bucket, in nanoseconds.</summary>
    internal static double Midpoint(int bucket)
    {
        if (bucket < (1 << SubBits))
        {
            return bucket;
        }

        var log = (bucket >> SubBits) + SubBits - 1;
        var sub = bucket & ((1 << SubBits) - 1);
        var low = (double)(1UL << log) * (1 + (sub / (double)(1 << SubBits)));
        var width = (double)(1UL << log) / (1 << SubBits);
        return low + (width / 2);
    }

    private sealed class Slice
    {
        public readonly long[] Counts = new long[Buckets];
        public long Epoch = -1;
        public long Starts = long.MaxValue;
        public long Ends = long.MinValue;
    }
}
