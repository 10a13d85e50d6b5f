using System.Runtime.Loader;
using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Concurrency;

public sealed class PromiseTests
{
    private static Fn Thunk(Func<object?> body) => new Lambda0("async", body);

    [Fact]
    public void AwaitGivesTheValueOfAnAsyncBody() =>
        Assert.Equal(3L, Builtins.Await(Runtime.Concurrency.Async(Thunk(() => 3L))));

    [Fact]
    public void SpawnOfAFunctionValueCallsIt()
    {
        var f = Thunk(() => 42L);
        Assert.Equal(42L, Builtins.Await(Runtime.Concurrency.Spawn(Thunk(() => f))));
    }

    [Fact]
    public void SpawnOfAFunctionTakingArgumentsGivesTheFunction()
    {
        var f = F1(x => x);
        Assert.Same(f, Builtins.Await(Runtime.Concurrency.Spawn(Thunk(() => f))));
    }

    [Fact]
    public void AsyncOfAFunctionValueGivesTheFunction()
    {
        var f = Thunk(() => 42L);
        Assert.Same(f, Builtins.Await(Runtime.Concurrency.Async(Thunk(() => f))));
    }

    [Fact]
    public void AwaitRethrowsTheFluentAIErrorOfAFailedTask()
    {
        var p = Runtime.Concurrency.Spawn(Thunk(() => throw new FluentAIThrow("boom")));
        var e = Assert.Throws<FluentAIThrow>(() => Builtins.Await(p));
        Assert.Equal("boom", e.Value);
    }

    [Fact]
    public void AsyncAndAwaitCheckTheirArguments()
    {
        FailsWithWrongType("async", () => Runtime.Concurrency.Async(1L));
        FailsWithWrongType("spawn", () => Runtime.Concurrency.Spawn(null));
        Assert.Equal("await expects a promise, got 1 (an integer)", Fails(() => Builtins.Await(1L)).Message);
    }

    [Fact]
    public void PromiseAllGivesEveryValueInOrder()
    {
        // The first promise finishes last: the result still follows the order of the list.
        using var gate = new ManualResetEventSlim();
        var slow = Runtime.Concurrency.Async(Thunk(() =>
        {
            gate.Wait();
            return 1L;
        }));
        var fast = Runtime.Concurrency.Async(Thunk(() => 2L));
        Assert.Equal(2L, Builtins.Await(fast));
        gate.Set();
        Assert.Equal(L(1L, 2L), Builtins.PromiseAll(L(slow, fast)));
        Assert.Equal(L(), Builtins.PromiseAll(L()));
    }

    [Fact]
    public void PromiseAllFailsWithTheFirstError()
    {
        var ok = Runtime.Concurrency.Async(Thunk(() => 1L));
        var bad = Runtime.Concurrency.Async(Thunk(() => throw new FluentAIThrow("no")));
        Assert.Equal("no", Assert.Throws<FluentAIThrow>(() => Builtins.PromiseAll(L(ok, bad))).Value);
        FailsWithWrongType("promise-all", () => Builtins.PromiseAll(L(1L)));
    }

    [Fact]
    public void PromiseRaceGivesTheFirstToSettle()
    {
        var never = Builtins.MakePromise(F2((_, _) => null));
        var soon = Runtime.Concurrency.Async(Thunk(() => "soon"));
        Assert.Equal("soon", Builtins.PromiseRace(L(never, soon)));
        Assert.Equal("promise-race: needs at least one promise", Fails(() => Builtins.PromiseRace(L())).Message);
    }

    [Fact]
    public void APromiseIsSettledByItsExecutor()
    {
        object? resolve = null;
        var p = Builtins.MakePromise(F2((res, _) => resolve = res));
        Assert.Equal("#<promise pending>", P(p));
        Rt.Call(resolve, 42L);
        Assert.Equal(42L, Builtins.Await(p));
        Assert.Equal("#<promise resolved>", P(p));

        var rejected = Builtins.MakePromise(F2((_, rej) => Rt.Call(rej, "bad")));
        Assert.Equal("bad", Assert.Throws<FluentAIThrow>(() => Builtins.Await(rejected)).Value);

        var throwing = Builtins.MakePromise(F2((_, _) => throw new FluentAIThrow("thrown")));
        Assert.Equal("thrown", Assert.Throws<FluentAIThrow>(() => Builtins.Await(throwing)).Value);
        FailsWithWrongType("promise", () => Builtins.MakePromise(1L));
    }

    [Fact]
    public void TimeoutGivesTheValueOfWorkThatFinishesInTime()
    {
        Assert.Equal(5L, Builtins.Timeout(5000L, Thunk(() => 5L)));
        Assert.Equal(6L, Builtins.Timeout(5000L, Runtime.Concurrency.Async(Thunk(() => 6L))));
    }

    [Fact]
    public void TimeoutFailsWithATimeoutErrorWhenTheWorkTakesTooLong()
    {
        var ch = Builtins.Chan();
        try
        {
            var e = Fails(() => Builtins.Timeout(20L, Thunk(() => Builtins.Recv(ch))));
            Assert.Equal(ErrorCodes.Timeout, e.Code);
            Assert.Equal("timeout: the work did not finish within 20 ms", e.Message);
        }
        finally
        {
            Builtins.CloseChannel(ch);
        }
    }

    [Fact]
    public async Task TimeoutCancelsTheWorkItStartedAtItsNextBlockingOperation()
    {
        var ch = Builtins.Chan();
        var stopped = new TaskCompletionSource<FluentAIException>();
        var e = Fails(() => Builtins.Timeout(20L, Thunk(() =>
        {
            try
            {
                return Builtins.Recv(ch);
            }
            catch (FluentAIException error)
            {
                stopped.SetResult(error);
                throw;
            }
        })));
        Assert.Equal("timeout: the work did not finish within 20 ms", e.Message);

        // Bounded only so a regression fails instead of hanging.
        var cancelled = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ErrorCodes.Timeout, cancelled.Code);
        Assert.Equal("recv!: the task was cancelled (its timeout ran out, or the load that started it was rejected)", cancelled.Message);
    }

    [Fact]
    public async Task TimeoutCancelsAnAsyncTaskAndTheTasksItStarted()
    {
        var inner = new TaskCompletionSource<FluentAIException>();
        var outer = Runtime.Concurrency.Async(Thunk(() =>
        {
            var child = Runtime.Concurrency.Async(Thunk(() =>
            {
                try
                {
                    return Builtins.Sleep(600_000L);
                }
                catch (FluentAIException error)
                {
                    inner.SetResult(error);
                    throw;
                }
            }));
            return Builtins.Await(child);
        }));

        Assert.Equal(ErrorCodes.Timeout, Fails(() => Builtins.Timeout(20L, outer)).Code);

        // Awaited from outside any task: waits for the outer task to stop, at its await (or with the
        // child's error, when the child stops first).
        var stopped = Fails(() => Builtins.Await(outer));
        Assert.Equal(ErrorCodes.Timeout, stopped.Code);
        Assert.EndsWith(": the task was cancelled (its timeout ran out, or the load that started it was rejected)", stopped.Message, StringComparison.Ordinal);
        Assert.Equal("sleep: the task was cancelled (its timeout ran out, or the load that started it was rejected)", (await inner.Task.WaitAsync(TimeSpan.FromSeconds(30))).Message);
    }

    [Fact]
    public void ASendStoppedByItsTimeoutWithdrawsTheValueItOffered()
    {
        var ch = Builtins.Chan(0L);
        Assert.Equal(ErrorCodes.Timeout, Fails(() => Builtins.Timeout(20L, Thunk(() => Builtins.Send(ch, 1L)))).Code);

        // The sender was told it failed, so no receiver may get its value later.
        Assert.Equal("(#f nil)", Printer.Print(Builtins.TryRecv(ch)));
        Assert.True(Builtins.TrySend(ch, 3L) is true);
        Assert.Equal(3L, Builtins.Recv(ch));
    }

    [Fact]
    public void TimeoutPassesOnTheWorksOwnError()
    {
        Assert.Equal("inner", Assert.Throws<FluentAIThrow>(() => Builtins.Timeout(5000L, Thunk(() => throw new FluentAIThrow("inner")))).Value);
    }

    [Fact]
    public void TimeoutChecksItsArguments()
    {
        FailsWithWrongType("timeout", () => Builtins.Timeout("1", Thunk(() => null)));
        FailsWithWrongType("timeout", () => Builtins.Timeout(1L, 2L));
        Assert.Equal("timeout: -1 is not a number of milliseconds from 0 to 2147483647", Fails(() => Builtins.Timeout(-1L, Thunk(() => null))).Message);
    }

    [Fact]
    public void TaskTrackerCountsRunningTasksPerLoadContext()
    {
        var owner = new AssemblyLoadContext("owner", isCollectible: true);
        var gate = Builtins.Chan();
        Assert.Equal(0, TaskTracker.Running(owner));
        var p = Runtime.Concurrency.Start("spawn", Thunk(() => Builtins.Recv(gate)), owner);
        Assert.Equal(1, TaskTracker.Running(owner));
        Builtins.Send(gate, "go");
        Assert.Equal("go", p.Wait());
        Assert.Equal(0, TaskTracker.Running(owner));
        owner.Unload();
    }

    [Fact]
    public void SpawnCountsItsTaskForTheCallersLoadContext()
    {
        var context = AssemblyLoadContext.GetLoadContext(typeof(PromiseTests).Assembly)!;
        var gate = Builtins.Chan();
        var p = Runtime.Concurrency.Spawn(Thunk(() => Builtins.Recv(gate)));
        Assert.True(TaskTracker.Running(context) >= 1);
        Builtins.Send(gate, "go");
        Assert.Equal("go", Builtins.Await(p));
    }
}
