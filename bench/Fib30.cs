using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>fib(30): FluentAI through a slot vs the same function in C# on boxed longs vs on typed longs.</summary>
[ShortRunJob]
[MemoryDiagnoser]
public class Fib30
{
    private static readonly object Thirty = 30L;
    private ModuleFolder _folder = null!;
    private PluginHost _host = null!;
    private Slot _fib = null!;

    /// <summary>Loads the FluentAI module.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _folder = new ModuleFolder("fib");
        _folder.Write("fib.ai", Sources.Fib);
        _host = _folder.CreateHost();
        _host.Load("fib.ai");
        _fib = _host.GetSlot("fib.ai", "fib");
    }

    /// <summary>Unloads it.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _host.Dispose();
        _folder.Dispose();
    }

    /// <summary>FluentAI, compiled into its own collectible context, called through its slot.</summary>
    [Benchmark]
    public object? FluentAI() => _fib.Invoke(Thirty);

    /// <summary>C# with <c>object</c> everywhere: every argument and result a boxed long.</summary>
    [Benchmark(Baseline = true)]
    public object BoxedCSharp() => FibBoxed(Thirty);

    /// <summary>C# on <c>long</c>.</summary>
    [Benchmark]
    public long TypedCSharp() => FibTyped(30);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object FibBoxed(object n) =>
        (long)n < 2L ? n : (long)FibBoxed((long)n - 1L) + (long)FibBoxed((long)n - 2L);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static long FibTyped(long n) => n < 2 ? n : FibTyped(n - 1) + FibTyped(n - 2);
}
