using FluentAI.Plugins.Runtime.Tests.Library;
using FluentAI.Plugins.Values;
using Microsoft.Extensions.Time.Testing;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Concurrency;

/// <summary>A receive's <c>(timeout ms body...)</c> on an injected clock: no test here waits for time to pass.</summary>
[Collection(nameof(GlobalStateCollection))]
public sealed class ActorTimeoutTests
{
    /// <summary>
    /// What compiled <c>(receive ((add x) ...) (timeout 100 ...))</c> does: a :timeout call runs the clause's
    /// body with the state as it is then; any other message arms the timeout again and is answered on <paramref name="log"/>.
    /// </summary>
    private static Fn Batcher(object? log) => F2((batch, msg) =>
    {
        if (Actors.TimedOut() is true)
        {
            Builtins.Send(log, L(K("flushed"), Builtins.Reverse(batch)));
            return FList.Empty;
        }

        Actors.After(100L);
        Builtins.Send(log, L(K("added"), msg));
        return Builtins.Cons(msg, batch);
    });

    [Fact]
    public void TheTimeoutCallsTheHandlerWithTheStateOfTheLastMessageOnceTheActorIsIdle()
    {
        var clock = new FakeTimeProvider();
        var saved = RuntimeClock.TimeProvider;
        RuntimeClock.TimeProvider = clock;
        try
        {
            var log = Builtins.Chan(10L);
            var batcher = Builtins.Actor(FList.Empty, Batcher(log));
            Builtins.Tell(batcher, 1L);
            Assert.Equal("(:added 1)", P(Builtins.Recv(log)));

            // A message within the window starts it again (the first timer is dropped).
            clock.Advance(TimeSpan.FromMilliseconds(60));
            Builtins.Tell(batcher, 2L);
            Assert.Equal("(:added 2)", P(Builtins.Recv(log)));
            clock.Advance(TimeSpan.FromMilliseconds(60));

            // 160 ms after the first message, 100 after the second: the next entry is one flush of both.
            clock.Advance(TimeSpan.FromMilliseconds(40));
            Assert.Equal("(:flushed (1 2))", P(Builtins.Recv(log)));

            // The flush armed nothing: however long the actor stays idle, it is not called again.
            clock.Advance(TimeSpan.FromSeconds(10));
            Builtins.Tell(batcher, 3L);
            Assert.Equal("(:added 3)", P(Builtins.Recv(log)));
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Equal("(:flushed (3))", P(Builtins.Recv(log)));
        }
        finally
        {
            RuntimeClock.TimeProvider = saved;
        }
    }

    [Fact]
    public async Task AnIdleActorWithATimeoutPendingIsNoDeadlock()
    {
        var clock = new FakeTimeProvider();
        var saved = RuntimeClock.TimeProvider;
        RuntimeClock.TimeProvider = clock;
        try
        {
            using (Deadlocks.Watch())
            {
                var log = Builtins.Chan(10L);
                var batcher = Builtins.Actor(FList.Empty, Batcher(log));
                Builtins.Tell(batcher, 1L);
                Assert.Equal("(:added 1)", P(Builtins.Recv(log)));

                // The main flow waits; the actor waits too, with a timer: the clock (a host's) will end it.
                var flushed = Task.Run(() => clock.Advance(TimeSpan.FromMilliseconds(100)));
                Assert.Equal("(:flushed (1))", P(Builtins.Recv(log)));
                await flushed.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            RuntimeClock.TimeProvider = saved;
        }
    }

    [Fact]
    public void ATimeoutIsANumberOfMilliseconds()
    {
        var log = Builtins.Chan(10L);
        var actor = Builtins.Actor(null, F2((state, msg) =>
        {
            Builtins.Send(log, Fails(() => Actors.After("soon")).Message);
            return state;
        }));
        Builtins.Tell(actor, 1L);
        Assert.Equal("receive expects a number of milliseconds, got \"soon\" (a string)", Builtins.Recv(log));
    }
}
