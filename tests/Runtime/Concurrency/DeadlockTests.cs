using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Concurrency;

/// <summary>
/// A watched program (<see cref="Deadlocks.Watch"/>, as <c>fluentai run</c> watches one) whose main flow
/// waits on what none of its tasks can ever do ends with FAI3015; nothing else ever does.
/// </summary>
public sealed class DeadlockTests
{
    /// <summary>Bounded only so a regression fails instead of hanging.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static Fn Thunk(Func<object?> body) => new Lambda0("task", body);

    private static FluentAIException Deadlocked(Func<object?> program)
    {
        using (Deadlocks.Watch())
        {
            var e = Fails(program);
            Assert.Equal(ErrorCodes.Deadlock, e.Code);
            return e;
        }
    }

    public static TheoryData<string, Func<object?>> LoneWaits() => new()
    {
        { "deadlock: recv! waits on a channel no task can send to (no other task is running, and no timer is pending)", () => Builtins.Recv(Builtins.Chan()) },
        { "deadlock: send! waits on a channel no task can receive from (no other task is running, and no timer is pending)", () => Builtins.Send(Builtins.Chan(0L), 1L) },
        {
            "deadlock: send! waits on a channel no task can receive from (no other task is running, and no timer is pending)",
            () =>
            {
                var ch = Builtins.Chan(1L);
                Builtins.Send(ch, 1L);
                return Builtins.Send(ch, 2L);
            }
        },
        { "deadlock: await waits on a promise no task can settle (no other task is running, and no timer is pending)", () => Builtins.Await(Builtins.MakePromise(F2((resolve, reject) => null))) },
        {
            "deadlock: select waits on channels no task can send to or receive from (no other task is running, and no timer is pending)",
            () => Runtime.Concurrency.Select(L(L("recv", Builtins.Chan(), null, F1(v => v))), null)
        },
        { "deadlock: promise-race waits on promises no task can settle (no other task is running, and no timer is pending)", () => Builtins.PromiseRace(L(Builtins.MakePromise(F2((resolve, reject) => null)))) },
    };

    [Theory]
    [MemberData(nameof(LoneWaits))]
    public void AWaitNothingCanEndIsADeadlockSaidAtOnce(string message, Func<object?> program) =>
        Assert.Equal(message, Deadlocked(program).Message);

    [Fact]
    public void TheProgramDeadlocksWhenEveryTaskWaitsToo()
    {
        var a = Builtins.Chan();
        var b = Builtins.Chan();
        FPromise? task = null;
        var e = Deadlocked(() =>
        {
            task = (FPromise)Runtime.Concurrency.Spawn(Thunk(() => Builtins.Send(b, Builtins.Recv(a))))!;
            return Builtins.Recv(b);
        });
        Assert.Equal("deadlock: recv! waits on a channel no task can send to (the program's other task is waiting too, and no timer is pending)", e.Message);

        // Its tasks are interrupted where they wait, so nothing of the program is left running.
        Assert.Throws<InterruptedError>(() => Builtins.Await(task));
    }

    [Fact]
    public void PromiseAllCountsEveryTaskItWaitsFor()
    {
        var gate = Builtins.Chan();
        var e = Deadlocked(() => Builtins.PromiseAll(L(
            Runtime.Concurrency.Async(Thunk(() => 1L)),
            Runtime.Concurrency.Async(Thunk(() => Builtins.Recv(gate))),
            Runtime.Concurrency.Async(Thunk(() => Builtins.Recv(gate))))));
        Assert.Equal("deadlock: promise-all waits on promises no task can settle (the program's 2 other tasks are all waiting too, and no timer is pending)", e.Message);
    }

    [Fact]
    public void AnIdleActorAndAMainFlowWaitingForItsReplyAreADeadlock()
    {
        var e = Deadlocked(() =>
        {
            var quiet = Builtins.Actor(0L, F2((n, msg) => n));
            var reply = Builtins.Chan();
            Builtins.Tell(quiet, reply);
            return Builtins.Recv(reply);
        });
        Assert.Equal("deadlock: recv! waits on a channel no task can send to (the program's other task is waiting too, and no timer is pending)", e.Message);
    }

    [Fact]
    public void TryCannotCatchADeadlock() =>
        Assert.False(Rt.Catchable(new FluentAIException(ErrorCodes.Deadlock, "deadlock")));

    [Fact]
    public void TasksThatAnswerAndEndAtOnceNeverLookDeadlocked()
    {
        // The windows a checker can get wrong: a task that sent, settled its promise or replied and then
        // ended (or blocked) before the main flow woke. Thousands of times, every way.
        using (Deadlocks.Watch())
        {
            var echo = Builtins.Actor(0L, F2((n, msg) =>
            {
                Builtins.Tell(msg, n);
                return n;
            }));
            for (var i = 0L; i < 1500; i++)
            {
                var handoff = Builtins.Chan(0L);
                Runtime.Concurrency.Spawn(Thunk(() => Builtins.Send(handoff, i)));
                Assert.Equal(i, Builtins.Recv(handoff));

                Assert.Equal(i, Builtins.Await(Runtime.Concurrency.Spawn(Thunk(() => i))));

                var buffered = Builtins.Chan();
                Runtime.Concurrency.Spawn(Thunk(() => Builtins.Send(buffered, i)));
                Assert.Equal(i, Runtime.Concurrency.Select(L(L("recv", buffered, null, F1(v => v))), null));

                // A full channel the task empties: the main flow's send waits for room.
                var full = Builtins.Chan(1L);
                Builtins.Send(full, 0L);
                var drained = Runtime.Concurrency.Spawn(Thunk(() => Builtins.Recv(full)));
                Builtins.Send(full, i);
                Builtins.Await(drained);

                var reply = Builtins.Chan();
                Builtins.Tell(echo, reply);
                Assert.Equal(0L, Builtins.Recv(reply));
            }
        }
    }

    [Fact]
    public async Task ADeadlockReachedRightAfterTasksAnsweredIsStillFoundEveryTime()
    {
        // The other side of the windows above: a task that woke the main flow and went back to waiting
        // at once must not be taken for one still waking. Run off the test's thread so a miss fails, bounded.
        var found = await Task.Run(() =>
        {
            var count = 0;
            for (var i = 0L; i < 300; i++)
            {
                var reply = Builtins.Chan();
                var handoff = Builtins.Chan(0L);
                var e = Deadlocked(() =>
                {
                    var echo = Builtins.Actor(0L, F2((n, msg) =>
                    {
                        Builtins.Tell(msg, n);
                        return n;
                    }));
                    Builtins.Tell(echo, reply);
                    Builtins.Recv(reply);
                    Runtime.Concurrency.Spawn(Thunk(() =>
                    {
                        Builtins.Send(handoff, i);
                        return Builtins.Recv(handoff);
                    }));
                    Builtins.Recv(handoff);
                    return Builtins.Recv(reply);
                });
                if (e.Message == "deadlock: recv! waits on a channel no task can send to (the program's 2 other tasks are all waiting too, and no timer is pending)")
                {
                    count++;
                }
            }

            return count;
        }).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(300, found);
    }

    [Fact]
    public void ASleepingOrComputingTaskIsNoDeadlock()
    {
        using (Deadlocks.Watch())
        {
            var ch = Builtins.Chan();
            Runtime.Concurrency.Spawn(Thunk(() =>
            {
                Builtins.Sleep(20L);
                return Builtins.Send(ch, "late");
            }));
            Assert.Equal("late", Builtins.Recv(ch));

            Assert.Equal(2_000_000L, Builtins.Await(Runtime.Concurrency.Spawn(Thunk(() =>
            {
                var n = 0L;
                for (var i = 0; i < 2_000_000; i++)
                {
                    n++;
                }

                return n;
            }))));
        }
    }

    [Fact]
    public void AWaitWithATimeoutIsNoDeadlock()
    {
        using (Deadlocks.Watch())
        {
            Assert.Equal(ErrorCodes.Timeout, Fails(() => Builtins.Timeout(20L, Thunk(() => Builtins.Recv(Builtins.Chan())))).Code);
        }
    }

    [Fact]
    public async Task AFlowThatIsNotWatchedIsNeverToldItDeadlocked()
    {
        // As a host holding a channel: the waiting flow has no other FluentAI party, and the host sends.
        var ch = Builtins.Chan();
        var waiting = Task.Run(() => Builtins.Recv(ch));
        Builtins.Send(ch, "from the host");
        Assert.Equal("from the host", await waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task AProgramThatReloadsIsNotCheckedFromThenOn()
    {
        var ch = Builtins.Chan();
        using (Deadlocks.Watch())
        {
            // What the reload forms do first: the host will run code of the program on threads of its own.
            Deadlocks.Unwatch();
            var host = Task.Run(async () =>
            {
                await Task.Yield();
                Builtins.Send(ch, "sent by the host's thread");
            });
            Assert.Equal("sent by the host's thread", Builtins.Recv(ch));
            await host.WaitAsync(Patience);
        }
    }

    [Fact]
    public async Task AClosedScopeChecksNothingMore()
    {
        var ch = Builtins.Chan();
        var scope = Deadlocks.Watch();
        scope.Dispose();
        scope.Dispose();
        var sent = Task.Run(() => Builtins.Send(ch, 1L));
        Assert.Equal(1L, Builtins.Recv(ch));
        await sent.WaitAsync(Patience);
    }
}
