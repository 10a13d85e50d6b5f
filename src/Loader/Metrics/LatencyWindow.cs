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

    public LatencyWindow(TimeProvider time, TimeSpan window)
    {
        _sliceTicks = Math.Max(1, (long)(window.TotalSeconds * time.TimestampFrequency / SliceCount));
        _nanosPerTick = 1e9 / time.TimestampFrequency;
        for (var i = 0; i < SliceCount; i++)
        {
            _slices[i] = new Slice();
        }
    }

    /// <summary>Records a call that ended at <paramref name="now"/> (a timestamp) and took <paramref name="elapsed"/> ticks.</summary>
    public void Record(long now, long elapsed)
    {
        var epoch = now / _sliceTicks;
        var slice = _slices[(int)(epoch % SliceCount)];
        var seen = Volatile.Read(ref slice.Epoch);
        if (seen != epoch && Interlocked.CompareExchange(ref slice.Epoch, epoch, seen) == seen)
        {
            // A record racing the clear may be lost: the window is an estimate, the call counts are exact.
            Array.Clear(slice.Counts);
        }

        Interlocked.Increment(ref slice.Counts[Bucket((ulong)Math.Max(0, elapsed * _nanosPerTick))]);
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
    }
}
