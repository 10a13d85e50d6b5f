using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Running code stops when its flow's interrupt scope is cancelled: at function entry, loop back-edges and in iterating builtins.</summary>
public sealed class InterruptTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData("(define (spin n) (spin n))\n(define (run) (started 1) (spin 1))", 1)]
    [InlineData("(define (count n) (if (< n 0) n (count (+ n 1))))\n(define (run) (started 1) (count 0))", 1)]
    [InlineData("(define (deep n) (+ 1 (deep2 n)))\n(define (deep2 n) (if (> n 1000) (begin (started 1) (loop n)) (deep (+ n 1))))\n(define (loop n) (loop n))\n(define (run) (deep 0))", 3)]
    public async Task ARunawayCallStopsWithALocatedInterruptOnceItsScopeIsCancelled(string source, int line)
    {
        using var folder = new ModuleFolder();
        using var started = new SemaphoreSlim(0);
        folder.Host.Register("started", _ => { started.Release(); return null; });
        folder.Write("m.ai", "(import \"host\" (started))\n" + source);
        var error = await InterruptOnceStarted(folder.Host.GetSlot("m.ai", "run"), started);
        Assert.Equal(ErrorCodes.Interrupted, error.Code);
        Assert.True((Path.GetFileName(error.Location!.Value.File), error.Location.Value.Line) == ("m.ai", line + 1), error.ToString() + "\n" + error.StackTrace);
        Assert.False(Interrupts.Requested);
    }

    [Theory]
    [InlineData("(define (run) (started 1) (sleep 1000000))")]
    [InlineData("(define (run) (started 1) (recv! (chan)))")]
    [InlineData("(define (run) (started 1) (await (promise (lambda (resolve reject) nil))))")]
    [InlineData("(define (run) (let ((ch (chan))) (started 1) (select ((recv! ch) \"got\"))))")]
    public async Task AWaitThatNeverEndsStopsOnceItsScopeIsCancelled(string source)
    {
        using var folder = new ModuleFolder();
        using var started = new SemaphoreSlim(0);
        folder.Host.Register("started", _ => { started.Release(); return null; });
        folder.Write("m.ai", "(import \"host\" (started))\n" + source);
        var error = await InterruptOnceStarted(folder.Host.GetSlot("m.ai", "run"), started);
        Assert.Equal((ErrorCodes.Interrupted, 2), (error.Code, error.Location!.Value.Line));
    }

    [Fact]
    public async Task WorkATimeoutGaveUpOnStopsEvenWhenItNeverBlocksSoItsVersionUnloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (spin n) (spin n))\n(define (run!) (try (timeout 20 (spawn (spin 1))) (catch (e) \"gave up\")))");
        Assert.Equal("gave up", folder.Host.Call("m.ai", "run!"));
        folder.Write("m.ai", "(define (run!) 0)");
        var result = folder.Host.Reload("m.ai");
        Assert.All(await result.UnloadVerification.WaitAsync(Limit), r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task ATaskToldOfItsCancellationWhileComputingMayCatchItAndItsHandlerRunsOn()
    {
        // The compute loop is told once (FAI3013, catchable); the handler loops 100,000 times more,
        // past many polls, and reports; a second catch never fires.
        using var folder = new ModuleFolder();
        folder.Write("m.ai", """
            (define (spin n) (spin n))
            (define (count-to n i) (if (= i n) i (count-to n (+ i 1))))
            (define reported (chan 1))
            (define (run!)
              (try (timeout 20 (spawn (try (spin 1) (catch (e) (send! reported (list (count-to 100000 0) e))))))
                (catch (e) "gave up")))
            (define (report) (recv! reported))
            """);
        Assert.Equal("gave up", folder.Host.Call("m.ai", "run!"));
        var report = Assert.IsType<FList>(await Task.Run(() => folder.Host.Call("m.ai", "report")).WaitAsync(Limit)).ToList();
        Assert.Equal(100000L, report[0]);
        Assert.Equal("the task was cancelled (its timeout ran out, or the load that started it was rejected)", report[1]);
        folder.Write("m.ai", "(define (run!) 0)");
        var result = folder.Host.Reload("m.ai");
        Assert.All(await result.UnloadVerification.WaitAsync(Limit), r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task CatchCannotSwallowAnInterruptAndFinallyStillRuns()
    {
        using var folder = new ModuleFolder();
        using var started = new SemaphoreSlim(0);
        var cleaned = 0;
        folder.Host.Register("started", _ => { started.Release(); return null; });
        folder.Host.Register("cleanup", _ => { Interlocked.Increment(ref cleaned); return null; });
        folder.Write("m.ai", "(import \"host\" (started cleanup))\n(define (spin n) (spin n))\n(define (run) (try (begin (started 1) (spin 1)) (catch _ \"swallowed\") (finally (cleanup 1))))");
        Assert.Equal(ErrorCodes.Interrupted, (await InterruptOnceStarted(folder.Host.GetSlot("m.ai", "run"), started)).Code);
        Assert.Equal(1, cleaned);
    }

    [Fact]
    public void IteratingBuiltinsPollEvenWhenTheFunctionTheyCallNeverDoes()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (sum xs) (fold (lambda (a x) (+ a x)) 0 xs))\n(define (squares xs) (map (lambda (x) (* x x)) xs))\n(define (upto n) (range n))");
        var sum = folder.Host.GetSlot("m.ai", "sum");
        var squares = folder.Host.GetSlot("m.ai", "squares");
        var upto = folder.Host.GetSlot("m.ai", "upto");
        var numbers = Enumerable.Range(0, 1000).Select(i => (long)i).ToArray();
        Assert.Equal(499500L, sum.Invoke(numbers));

        using var stop = new CancellationTokenSource();
        stop.Cancel();
        using (Interrupts.Scope(stop.Token))
        {
            Assert.Equal(ErrorCodes.Interrupted, Assert.Throws<InterruptedError>(() => sum.Invoke(numbers)).Code);
            Assert.Equal(ErrorCodes.Interrupted, Assert.Throws<InterruptedError>(() => squares.Invoke(numbers)).Code);
            Assert.Equal(ErrorCodes.Interrupted, Assert.Throws<InterruptedError>(() => upto.Invoke(1000L)).Code);
        }

        // Outside the scope, and in other flows meanwhile, nothing is interrupted.
        Assert.Equal(499500L, sum.Invoke(numbers));
    }

    [Fact]
    public async Task OnlyTheFlowWhoseScopeIsCancelledStops()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (sum xs) (fold (lambda (a x) (+ a x)) 0 xs))");
        var sum = folder.Host.GetSlot("m.ai", "sum");
        var numbers = Enumerable.Range(0, 1000).Select(i => (long)i).ToArray();
        using var stop = new CancellationTokenSource();
        using var other = new CancellationTokenSource();
        stop.Cancel();
        using (Interrupts.Scope(stop.Token))
        {
            var elsewhere = await Task.Run(() =>
            {
                using (Interrupts.Scope(other.Token))
                {
                    // A scope of its own, not cancelled: but it is nested in the cancelled one on this flow.
                    return Record.Exception(() => sum.Invoke(numbers));
                }
            });
            Assert.IsType<InterruptedError>(elsewhere);
        }

        var unrelated = await Task.Run(() =>
        {
            using (Interrupts.Scope(other.Token))
            {
                return sum.Invoke(numbers);
            }
        });
        Assert.Equal(499500L, unrelated);
    }

    /// <summary>Calls <paramref name="run"/> in an interrupt scope on the thread pool, cancels the scope once the code says it started, and returns the error the call ends with.</summary>
    private static async Task<FluentAIException> InterruptOnceStarted(Slot run, SemaphoreSlim started)
    {
        using var stop = new CancellationTokenSource();
        var call = Task.Run(() =>
        {
            using (Interrupts.Scope(stop.Token))
            {
                return run.Invoke();
            }
        });
        Assert.True(await started.WaitAsync(Limit));
        await stop.CancelAsync();
        return await Assert.ThrowsAsync<InterruptedError>(() => call.WaitAsync(Limit));
    }
}
