using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FluentAI.Plugins.Loader.DevMode;
using FluentAI.Plugins.Loader.Unloading;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// Module code a load or reload runs (top-level forms, migrations, checks) runs under the host's budget on
/// its clock: over it, the code is interrupted where it runs, nothing of it is published and the running
/// version keeps serving. Host calls and proxy methods take a token that interrupts them the same way.
/// </summary>
public sealed class BudgetTests : IDisposable
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
    private const string Started = "(import \"host\" (started))\n";

    private readonly SemaphoreSlim _started = new(0);
    private readonly List<WeakReference> _contexts = [];

    private ModuleFolder Folder(FakeTimeProvider time, Action<PluginHostOptions>? configure = null)
    {
        var folder = new ModuleFolder(o =>
        {
            o.TimeProvider = time;
            configure?.Invoke(o);
        });
        folder.Host.Register("started", _ =>
        {
            lock (_contexts)
            {
                if (CallingModuleContext() is { } context)
                {
                    _contexts.Add(context);
                }
            }

            _started.Release();
            return null;
        });
        return folder;
    }

    [Fact]
    public async Task AReloadOverBudgetIsRejectedAtTheFormThatRanAndTheRunningVersionKeepsServingWithItsState()
    {
        var time = new FakeTimeProvider();
        using var folder = Folder(time);
        folder.Write("m.ai", "(define-stateful hits :version 1 :state 0)\n(define (hit!) (swap! hits inc))\n(define (f) 1)");
        folder.Host.Load("m.ai");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Host.Call("m.ai", "hit!");
        var path = folder.Host.FullPath("m.ai");

        folder.Write("m.ai", Started + "(define (spin n) (spin n))\n(define-stateful hits :version 1 :state 0)\n(define (hit!) (swap! hits inc))\n(define (f) 2)\n(started 1)\n(define stuck (spin 1))");
        var reload = Task.Run(() => folder.Host.Reload("m.ai"));
        Assert.True(await _started.WaitAsync(Safety));

        // Still running at 9.9 s; at 10 s it is interrupted.
        time.Advance(TimeSpan.FromSeconds(9.9));
        Assert.False(reload.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => reload.WaitAsync(Safety));

        Assert.Equal(ErrorCodes.Interrupted, error.Error!.Code);
        Assert.Equal((path, 7, 1), (error.Error.Location!.Value.File, error.Error.Location.Value.Line, error.Error.Location.Value.Column));
        Assert.Contains("the load of m.ai ran over its budget of 10 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("the top-level form at m.ai(7,1) was still running, interrupted at m.ai(2,", error.Message, StringComparison.Ordinal);
        Assert.Contains("nothing of it was published", error.Message, StringComparison.Ordinal);

        // The running version and its state are as they were; the interrupted version unloads.
        Assert.Equal(1L, f.Invoke());
        Assert.Equal(1L, folder.Host.VersionOf("m.ai"));
        Assert.Equal(2L, folder.Host.Call("m.ai", "hit!"));
        await AssertUnloads(path, 2, Single());

        // The next save reloads normally, on the state the interrupted version never touched.
        folder.Write("m.ai", "(define-stateful hits :version 1 :state 0)\n(define (hit!) (swap! hits inc))\n(define (f) 3)");
        var result = folder.Host.Reload("m.ai");
        Assert.Equal(3L, f.Invoke());
        Assert.Equal(3L, folder.Host.Call("m.ai", "hit!"));
        Assert.All(await result.UnloadVerification.WaitAsync(Safety), r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task AFirstLoadOverBudgetStopsTheWaitItIsInAndTheTasksItStarted()
    {
        var time = new FakeTimeProvider();
        using var folder = Folder(time, o => o.LoadBudget = TimeSpan.FromSeconds(2));
        folder.Write("m.ai", Started + "(define (spin n) (spin n))\n(define worker (spawn (lambda () (spin 1))))\n(define gate (chan))\n(started 1)\n(recv! gate)");
        var load = Task.Run(() => folder.Host.Load("m.ai"));
        Assert.True(await _started.WaitAsync(Safety));
        time.Advance(TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => load.WaitAsync(Safety));

        Assert.Equal(ErrorCodes.Interrupted, error.Error!.Code);
        Assert.Equal(6, error.Error.Location!.Value.Line);
        Assert.Contains("budget of 2 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(0L, folder.Host.VersionOf("m.ai"));

        // The spinning worker never blocks: it unloads only because it was interrupted too.
        await AssertUnloads(folder.Host.FullPath("m.ai"), 1, Single());
    }

    [Fact]
    public async Task ARejectedLoadStopsTheTasksItStartedEvenWhenTheyNeverBlock()
    {
        using var folder = Folder(new FakeTimeProvider());
        folder.Write("m.ai", Started + "(define (spin n) (spin n))\n(define worker (spawn (lambda () (started 1) (spin 1))))\n(await (spawn (lambda () (started 1) nil)))\n(car 5)");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai"));
        Assert.True(await _started.WaitAsync(Safety));
        await AssertUnloads(folder.Host.FullPath("m.ai"), 1, Single());
    }

    [Fact]
    public async Task APreCheckOverBudgetIsNamedAndNothingChanges()
    {
        var time = new FakeTimeProvider();
        using var folder = Folder(time);
        folder.Write("m.ai", "(define (f) 1)");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", Started + "(define (spin n) (spin n))\n(define (f) (started 1) (spin 2))");
        var reload = Task.Run(() => folder.Host.SafeReload("m.ai", new SafeReloadOptions { PreCheck = check => check.Call("f") is not null }));
        Assert.True(await _started.WaitAsync(Safety));
        time.Advance(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAsync<ModuleLoadException>(() => reload.WaitAsync(Safety));

        Assert.Contains("the :pre-check of m.ai was still running, interrupted at m.ai(2,", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, folder.Host.Call("m.ai", "f"));
        Assert.Null(folder.Host.RolloutStatus("m.ai"));
        await AssertUnloads(folder.Host.FullPath("m.ai"), 2, Single());
    }

    [Fact]
    public async Task APostCheckOverItsTimeoutIsInterruptedSoItReleasesItsThread()
    {
        var time = new FakeTimeProvider();
        using var folder = Folder(time);
        folder.Write("m.ai", "(define (f) 1)");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", Started + "(define (spin n) (spin n))\n(define (f) 2)\n(define (probe) (started 1) (spin 2))");
        using var ended = new SemaphoreSlim(0);
        string? stopped = null;
        var result = folder.Host.SafeReload("m.ai", new SafeReloadOptions
        {
            PostCheck = check =>
            {
                try
                {
                    return check.Call("probe") is not null;
                }
                catch (FluentAIException e)
                {
                    // The code only: the exception's stack would keep the version it ran in loaded.
                    stopped = e.Code;
                    throw;
                }
                finally
                {
                    ended.Release();
                }
            },
            CheckTimeout = TimeSpan.FromSeconds(5),
        });
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await _started.WaitAsync(Safety));
        time.Advance(TimeSpan.FromSeconds(5));

        Assert.True(await ended.WaitAsync(Safety), "the post-check went on running after its timeout");
        Assert.Equal(ErrorCodes.Interrupted, stopped);
        Assert.Equal("rolled-back", folder.Host.RolloutStatus("m.ai")!.Phase);
        Assert.Equal(1L, folder.Host.Call("m.ai", "f"));
        Assert.All(await result.UnloadVerification.WaitAsync(Safety), r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task ARunawaySaveInDevModeIsRejectedAndTheNextGoodSaveReloads()
    {
        // The watcher reloads in its timer's callback: a fake clock would have to be advanced from inside
        // that callback to end the budget, so this host runs on the system clock, with a short budget.
        using var folder = new ModuleFolder(o => o.LoadBudget = TimeSpan.FromMilliseconds(300));
        folder.Host.Register("started", _ => { _started.Release(); return null; });
        var errors = new List<string>();
        var file = folder.Write("h.ai", "(define (f) 1)");
        folder.Host.Load("h.ai");
        using var watcher = folder.Host.Watch(new DevModeOptions { OnError = (_, message) => { lock (errors) { errors.Add(message); } }, WatchFileSystem = false });

        folder.Write("h.ai", Started + "(define (spin n) (spin n))\n(define (f) 2)\n(started 1)\n(define stuck (spin 1))");
        watcher.Notify(file);
        Assert.True(await _started.WaitAsync(Safety));
        await Until(() => { lock (errors) { return errors.Count > 0; } });
        var error = Assert.Single(errors);
        Assert.True(error.Contains("FAI3014", StringComparison.Ordinal) && error.Contains("the top-level form at h.ai(5,1)", StringComparison.Ordinal), error);
        Assert.Equal(1L, folder.Host.Call("h.ai", "f"));

        folder.Write("h.ai", "(define (f) 3)");
        watcher.Notify(file);
        await Until(() => watcher.Reloads == 1);
        Assert.Equal(3L, folder.Host.Call("h.ai", "f"));
        Assert.Single(errors);
    }

    private static async Task Until(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Safety, "timed out");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task ACallTakesATokenThatInterruptsItWhereItRuns()
    {
        using var folder = Folder(new FakeTimeProvider());
        folder.Write("m.ai", Started + "(define (spin n) (started 1) (spin2 n))\n(define (spin2 n) (spin2 n))\n(define (wait-for n) (started 1) (recv! (chan)))\n(define (twice n) (* 2 n))");
        folder.Host.Load("m.ai");

        using var stop = new CancellationTokenSource();
        Assert.Equal(42L, folder.Host.Call("m.ai", "twice", stop.Token, 21L));
        foreach (var (name, line) in new[] { ("spin", 3), ("wait-for", 4) })
        {
            using var cancel = new CancellationTokenSource();
            var call = Task.Run(() => folder.Host.Call("m.ai", name, cancel.Token, 1L));
            Assert.True(await _started.WaitAsync(Safety));
            await cancel.CancelAsync();
            var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Safety));
            Assert.Equal(cancel.Token, error.CancellationToken);
            var stoppedAt = Assert.IsType<Runtime.InterruptedError>(error.InnerException);
            Assert.Equal((ErrorCodes.Interrupted, line), (stoppedAt.Code, stoppedAt.Location!.Value.Line));
            Assert.StartsWith($"the call of {name} was cancelled and stopped at m.ai({line},", error.Message, StringComparison.Ordinal);
        }

        // A token cancelled before the call runs nothing.
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.Throws<OperationCanceledException>(() => folder.Host.Call("m.ai", "spin", cancelled.Token, 1L));
        Assert.Equal(0, _started.CurrentCount);
    }

    [Fact]
    public async Task AProxyMethodWithATokenLastIsInterruptedByIt()
    {
        using var folder = Folder(new FakeTimeProvider());
        folder.Write("m.ai", Started + "(define (spin n) (if (= n 0) 0 (begin (started 1) (spin2 n))))\n(define (spin2 n) (spin2 n))");
        var spinner = folder.Host.As<ISpinner>("m.ai");
        Assert.Equal(0L, spinner.Spin(0));
        Assert.Equal(0L, spinner.Spin(0, CancellationToken.None));

        using var cancel = new CancellationTokenSource();
        var call = Task.Run(() => spinner.Spin(1, cancel.Token));
        Assert.True(await _started.WaitAsync(Safety));
        await cancel.CancelAsync();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Safety));
        Assert.Equal(ErrorCodes.Interrupted, Assert.IsType<Runtime.InterruptedError>(error.InnerException).Code);

        var problem = Assert.Throws<InvalidOperationException>(() => folder.Host.As<ITokenFirst>("m.ai"));
        Assert.Contains("ITokenFirst.Spin takes the CancellationToken stop before other parameters", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBudgetIsPositiveOrInfinite()
    {
        var options = new PluginHostOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), options.LoadBudget);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.LoadBudget = TimeSpan.Zero);
        options.LoadBudget = Timeout.InfiniteTimeSpan;
        Assert.Equal(Timeout.InfiniteTimeSpan, options.LoadBudget);
    }

    public void Dispose() => _started.Dispose();

    /// <summary>The one module context the code that called <c>started</c> ran in (its weak reference).</summary>
    private WeakReference Single()
    {
        lock (_contexts)
        {
            return Assert.Single(_contexts.DistinctBy(c => c.Target));
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference? CallingModuleContext()
    {
        foreach (var frame in new StackTrace().GetFrames())
        {
            if (frame.GetMethod()?.DeclaringType?.Assembly is { IsCollectible: true } assembly)
            {
                return new WeakReference(AssemblyLoadContext.GetLoadContext(assembly));
            }
        }

        return null;
    }

    /// <summary>Checks off the caller's frame that <paramref name="context"/> is collected.</summary>
    private static async Task AssertUnloads(string module, long version, WeakReference context)
    {
        var report = Assert.Single(await Task.Run(() => UnloadVerifier.Verify([new UnloadTarget(module, version, context, () => null)])));
        Assert.True(report.Unloaded, $"{Path.GetFileName(module)} v{version} stayed loaded");
    }
}

public interface ISpinner
{
    long Spin(long n);

    long Spin(long n, CancellationToken stop);
}

#pragma warning disable CA1068 // The mistake the proxy names.
public interface ITokenFirst
{
    long Spin(CancellationToken stop, long n);
}
#pragma warning restore CA1068
