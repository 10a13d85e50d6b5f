using System.Collections.Concurrent;

namespace FluentAI.Plugins.Loader.Tests;

public interface ITypedMath
{
    long Fib(long n);

    long Add(long a, long b);

    long Tag(long n);
}

/// <summary>
/// Proxy methods on <see cref="long"/> call a module function's typed entry when it has one: the
/// same results and errors as the boxed call, the current version after every reload, and every
/// replaced context unloads.
/// </summary>
public sealed class TypedProxyTests
{
    private const int Reloads = 20;

    [Fact]
    public void ALongProxyMethodCallsTheTypedEntryAndGivesTheBoxedResult()
    {
        using var folder = new ModuleFolder();
        folder.Write("math.ai", Version(1));
        var proxy = folder.Host.As<ITypedMath>("math.ai");
        var fib = folder.Host.GetSlot("math.ai", "fib");
        Assert.True(IsTyped(fib.Target));
        Assert.True(IsTyped(folder.Host.GetSlot("math.ai", "add").Target));

        // tag returns a string for negative input: no typed entry, the proxy converts the boxed result.
        Assert.False(IsTyped(folder.Host.GetSlot("math.ai", "tag").Target));
        var random = new Random(15);
        for (var i = 0; i < 200; i++)
        {
            var n = random.Next(0, 25);
            Assert.Equal((long)fib.Invoke((long)n)!, proxy.Fib(n));
            var a = random.NextInt64(long.MinValue / 2, long.MaxValue / 2);
            var b = random.NextInt64(long.MinValue / 2, long.MaxValue / 2);
            Assert.Equal(a + b + 1, proxy.Add(a, b));
        }

        Assert.Equal(7L, proxy.Tag(7));
        var mismatch = Assert.Throws<FluentAIException>(() => proxy.Tag(-1));
        Assert.Equal(ErrorCodes.TypeMismatch, mismatch.Code);
    }

    [Fact]
    public void OverflowThroughATypedProxyNamesTheLine()
    {
        using var folder = new ModuleFolder();
        var file = folder.Write("math.ai", Version(1));
        var proxy = folder.Host.As<ITypedMath>("math.ai");
        var error = Assert.Throws<FluentAIException>(() => proxy.Add(long.MaxValue, 0));
        Assert.Equal(ErrorCodes.IntegerOverflow, error.Code);
        Assert.Equal(file, error.Location!.Value.File);
        Assert.Equal(3, error.Location!.Value.Line);
    }

    [Fact]
    public void DeepRecursionThroughATypedProxyIsStackTooDeep()
    {
        using var folder = new ModuleFolder();
        folder.Write("deep.ai", "(define (fib n) (if (= n 0) 0 (+ 1 (fib (- n 1)))))\n(define (add a b) (+ a b))\n(define (tag n) n)\n");
        var proxy = folder.Host.As<ITypedMath>("deep.ai");
        Assert.Equal(1000L, proxy.Fib(1000));
        var error = Assert.Throws<FluentAIException>(() => proxy.Fib(100_000_000));
        Assert.Equal(ErrorCodes.StackTooDeep, error.Code);
    }

    [Fact]
    public async Task TypedCallsSeeEachReloadAtOnceAndEveryReplacedContextUnloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("math.ai", Version(1));
        var proxy = folder.Host.As<ITypedMath>("math.ai");
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var caller = Task.Factory.StartNew(
            () =>
            {
                var n = 0L;
                do
                {
                    // Either version's answer, never a mix: add gives a + b + version.
                    var r = proxy.Add(n, n);
                    if (r != (2 * n) + 1 && r != (2 * n) + 2)
                    {
                        failures.Enqueue($"add {n} {n} = {r}");
                    }

                    n = (n + 1) % 1000;
                }
                while (!stop.IsCancellationRequested);
            },
            TaskCreationOptions.LongRunning);

        var verifications = new List<Task<IReadOnlyList<UnloadReport>>>();
        try
        {
            for (var reload = 1; reload <= Reloads; reload++)
            {
                var version = reload % 2 == 1 ? 2 : 1;
                folder.Write("math.ai", Version(version));
                var result = folder.Host.Reload("math.ai");
                verifications.Add(result.UnloadVerification);
                Assert.Equal(10L + version, proxy.Add(5, 5));
                Assert.Equal(55L, proxy.Fib(10));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await caller;
        }

        Assert.Empty(failures);
        var reports = (await Task.WhenAll(verifications)).SelectMany(r => r).ToList();
        Assert.Equal(Reloads, reports.Count);
        Assert.All(reports, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void TheGeneratedProxyCallsTheTypedEntryForLongInAndOut()
    {
        var source = Proxies.ProxyGenerator.GenerateSource(typeof(ITypedMath));
        Assert.Contains("return ProxyConvert.CallInt64(_s1, @n, \"fib\");", source, StringComparison.Ordinal);
        Assert.Contains("return ProxyConvert.CallInt64(_s0, @a, @b, \"add\");", source, StringComparison.Ordinal);
    }

    /// <summary>Whether a compiled function carries a typed entry (internal to the library: read by reflection).</summary>
    private static bool IsTyped(Values.Fn? fn) =>
        fn is not null && (bool)fn.GetType().GetProperty("IsTyped", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(fn)!;

    private static string Version(int version) => $$"""
        (define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
        (define (add a b)
          (+ (+ a b) {{version}}))
        (define (tag n) (if (< n 0) "negative" n))
        """;
}
