using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// 10,000 get + assoc on a map of 8 string keys: FluentAI (fold over a range) vs C# on the
/// library's immutable <see cref="FMap"/> with boxed values vs C# on a mutable Dictionary&lt;string, long&gt;.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class MapLoop
{
    private static readonly object Count = (long)Sources.MapLoopCount;
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7"];
    private ModuleFolder _folder = null!;
    private PluginHost _host = null!;
    private Slot _run = null!;

    /// <summary>Loads the FluentAI module.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = new ModuleFolder("maploop");
        _folder.Write("maploop.ai", Sources.MapLoop);
        _host = _folder.CreateHost();
        _host.Load("maploop.ai");
        _run = _host.GetSlot("maploop.ai", "run");
    }

    /// <summary>Unloads it.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    /// <summary>FluentAI: <c>(fold step (hash-map) (range 0 n))</c>, returns the final map.</summary>
    [Benchmark]
    public object? FluentAI() => _run.Invoke(Count);

    /// <summary>C# on FMap: boxed keys and values, an immutable map per step.</summary>
    [Benchmark(Baseline = true)]
    public object FMapCSharp()
    {
        var m = FMap.Empty;
        var n = (long)Count;
        for (long i = 0; i < n; i++)
        {
            object boxed = i;
            object k = Keys[i % 8];
            var old = m.TryGetValue(k, out var v) ? v : 0L;
            m = m.Assoc(k, (object)((long)old! + (long)boxed));
        }

        return m;
    }

    /// <summary>C# on a mutable Dictionary&lt;string, long&gt;.</summary>
    [Benchmark]
    public Dictionary<string, long> TypedCSharp()
    {
        var d = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Sources.MapLoopCount; i++)
        {
            var k = Keys[i % 8];
            d[k] = d.GetValueOrDefault(k) + i;
        }

        return d;
    }
}
