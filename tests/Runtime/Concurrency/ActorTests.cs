using System.Runtime.Loader;
using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Concurrency;

/// <summary>
/// <c>(actor init handler)</c>, <c>(! a msg)</c> and <c>(become v)</c> called as compiled code calls them;
/// <c>receive</c> is a form (its cases are in tests/Compiler/Cases/008-actors), here through the helpers it compiles to.
/// </summary>
public sealed class ActorTests
{
    /// <summary>Bounded only so a regression fails instead of hanging.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A handler that answers a channel with its state and otherwise gives <paramref name="next"/> of its state and the message.</summary>
    private static Fn Answering(Func<object?, object?, object?> next) =>
        F2((state, msg) =>
        {
            if (msg is FChannel reply)
            {
                Builtins.Send(reply, state);
                return state;
            }

            return next(state, msg);
        });

    private static object? Ask(object? actor)
    {
        var reply = Builtins.Chan();
        Builtins.Tell(actor, reply);
        return Builtins.Recv(reply);
    }

    [Fact]
    public void TheHandlersValueIsTheStateForTheNextMessageAndMessagesComeInOrder()
    {
        var log = Builtins.Actor(FList.Empty, Answering((seen, msg) => Builtins.Cons(msg, seen)));
        for (var i = 0L; i < 200; i++)
        {
            Assert.Null(Builtins.Tell(log, i));
        }

        Assert.Equal(Builtins.Range(0L, 200L), Builtins.Reverse(Ask(log)));
    }

    [Fact]
    public void SendingNeverWaitsEvenWhileTheHandlerIsBusy()
    {
        var gate = Builtins.Chan();
        var counter = Builtins.Actor(0L, Answering((n, msg) =>
        {
            if (msg is "wait")
            {
                Builtins.Recv(gate);
            }

            return (long)n! + 1;
        }));

        // The first message holds the handler; the others queue in the unbounded mailbox at once.
        Builtins.Tell(counter, "wait");
        for (var i = 0; i < 10_000; i++)
        {
            Builtins.Tell(counter, "count");
        }

        Builtins.Send(gate, true);
        Assert.Equal(10_001L, Ask(counter));
    }

    [Fact]
    public void BecomeMakesTheNextStateWhateverTheHandlerThenGives()
    {
        var cell = Builtins.Actor("initial", Answering((state, msg) =>
        {
            Builtins.Become("first");
            Assert.Null(Builtins.Become(msg));
            return "ignored";
        }));
        Builtins.Tell(cell, "changed");
        Assert.Equal("changed", Ask(cell));
    }

    [Fact]
    public void ReceiveSeesTheMessageAndStateOfTheCallItRunsIn()
    {
        var seen = Builtins.Chan(2L);
        var actor = Builtins.Actor(41L, F2((state, msg) =>
        {
            Builtins.Send(seen, L(Actors.Message(), Actors.Unhandled(), Actors.TimedOut()));
            return state;
        }));
        Builtins.Tell(actor, K("hello"));
        Assert.Equal("(:hello 41 #f)", P(Builtins.Recv(seen)));
    }

    [Fact]
    public void ReceiveAndBecomeFailOutsideAnActorsHandler()
    {
        var receive = Fails(Actors.Message);
        Assert.Equal(ErrorCodes.RuntimeError, receive.Code);
        Assert.Equal("receive: only an actor's handler can receive (it works on the message the handler was called with), and this code is not running in one", receive.Message);
        Assert.Equal(ErrorCodes.RuntimeError, Fails(Actors.Unhandled).Code);
        Assert.Equal(ErrorCodes.RuntimeError, Fails(() => Actors.After(10L)).Code);
        Assert.StartsWith("become: only an actor's handler can become a new state", Fails(() => Builtins.Become(1L)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReceiveAndBecomeDoNotReachIntoTasksTheHandlerStarts()
    {
        var reply = Builtins.Chan();
        var actor = Builtins.Actor(0L, F2((state, msg) =>
        {
            var inner = Runtime.Concurrency.Async(new Lambda0("inner", () => Builtins.Become(99L)));
            Builtins.Send(reply, Fails(() => Builtins.Await(inner)).Message);
            return state;
        }));
        Builtins.Tell(actor, 1L);
        Assert.StartsWith("become: only an actor's handler", (string)Builtins.Recv(reply)!, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHandlerIsAFunctionOfStateAndMessage()
    {
        Assert.Equal("actor expects a handler function of (state msg), got #<fn f> (a function)", Fails(() => Builtins.Actor(0L, F1(x => x))).Message);
        FailsWithWrongType("actor", () => Builtins.Actor(0L, 5L));
        FailsWithWrongType("actor", () => Builtins.Actor(0L, null));

        // A function taking any number of arguments will do, as + does.
        var sum = Builtins.Actor(0L, BuiltinTable.Get("+"));
        Builtins.Tell(sum, 5L);
        Assert.Equal(typeof(FActor), sum!.GetType());
    }

    [Fact]
    public void SendingToSomethingElseIsAnError()
    {
        Assert.Equal("! expects an actor (or a channel), got 5 (an integer)", Fails(() => Builtins.Tell(5L, 1L)).Message);
        Assert.Equal(ErrorCodes.TypeMismatch, Fails(() => Builtins.Tell(null, 1L)).Code);
    }

    [Fact]
    public void SendingToAChannelIsSendBang()
    {
        var ch = Builtins.Chan(0L);
        var received = Runtime.Concurrency.Async(new Lambda0("r", () => Builtins.Recv(ch)));
        Assert.Null(Builtins.Tell(ch, "reply"));
        Assert.Equal("reply", Builtins.Await(received));
    }

    [Fact]
    public void AnActorPrintsAsTheReferencePrintsOneWithItsNumber()
    {
        var first = (FActor)Builtins.Actor(0L, F2((s, m) => s))!;
        var second = (FActor)Builtins.Actor(0L, F2((s, m) => s))!;
        Assert.Matches(@"^#<actor:\d+>$", P(first));
        Assert.True(second.Number > first.Number);
        Assert.Equal($"#<actor:{second.Number}>", P(second));
        Assert.Equal("an actor", Errors.TypeName(first));
    }

    [Fact]
    public async Task AFailingHandlerStopsItsActorWhichIsReportedAndDropsLaterMessages()
    {
        var handled = 0;
        var actor = (FActor)Builtins.Actor(0L, F2((state, msg) =>
        {
            Interlocked.Increment(ref handled);
            return Builtins.Car(msg);
        }))!;
        var reported = new TaskCompletionSource<(AssemblyLoadContext?, Exception)>();
        void OnFailed(AssemblyLoadContext? owner, FActor failed, Exception error)
        {
            if (ReferenceEquals(failed, actor))
            {
                reported.TrySetResult((owner, error));
            }
        }

        Actors.ActorFailed += OnFailed;
        try
        {
            Builtins.Tell(actor, 5L);
            var (owner, error) = await reported.Task.WaitAsync(Patience);
            Assert.Same(AssemblyLoadContext.GetLoadContext(typeof(ActorTests).Assembly), owner);
            Assert.Equal(ErrorCodes.TypeMismatch, Assert.IsType<FluentAIException>(error).Code);
        }
        finally
        {
            Actors.ActorFailed -= OnFailed;
        }

        await actor.Completion.WaitAsync(Patience);
        Assert.False(actor.IsRunning);
        Assert.Equal($"#<actor:{actor.Number} failed>", P(actor));
        Assert.Null(Builtins.Tell(actor, L(1L)));
        Assert.Equal(1, Volatile.Read(ref handled));
    }

    [Fact]
    public async Task ACancelledActorStopsWithoutAReportAndLetsGoOfItsStateAndHandler()
    {
        var reports = 0;
        void OnFailed(AssemblyLoadContext? owner, FActor failed, Exception error) => Interlocked.Increment(ref reports);
        var group = new TaskGroup();
        FActor actor;
        WeakReference state;
        try
        {
            (actor, state) = StartHolding();
        }
        finally
        {
            group.Dispose();
        }

        Actors.ActorFailed += OnFailed;
        try
        {
            // A rejected load cancels its group: the actor stops at its wait for the next message.
            group.Cancel();
            await actor.Completion.WaitAsync(Patience);
        }
        finally
        {
            Actors.ActorFailed -= OnFailed;
        }

        Assert.Equal($"#<actor:{actor.Number} stopped>", P(actor));
        Assert.Equal(0, reports);
        Assert.Null(Builtins.Tell(actor, 1L));
        for (var i = 0; i < 10 && state.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(state.IsAlive, "a stopped actor still holds its state");
        GC.KeepAlive(actor);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (FActor, WeakReference) StartHolding()
    {
        var state = new object[] { "big" };
        var actor = (FActor)Builtins.Actor(state, F2((s, m) => s))!;
        Builtins.Tell(actor, L(state));
        return (actor, new WeakReference(state));
    }

    [Fact]
    public void ManyTasksSendingAtOnceLoseNothing()
    {
        var counter = Builtins.Actor(0L, Answering((n, msg) => (long)n! + (long)msg!));
        var senders = Enumerable.Range(0, 8)
            .Select(_ => Runtime.Concurrency.Spawn(new Lambda0("sender", () =>
            {
                for (var i = 0; i < 500; i++)
                {
                    Builtins.Tell(counter, 1L);
                }

                return null;
            })))
            .ToArray();
        Builtins.PromiseAll(FList.From(senders));
        Assert.Equal(4000L, Ask(counter));
    }
}
