using System.Reflection;
using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Channels and promises (see FChannel, FPromise and Concurrency for the semantics).
public static partial class Builtins
{
    /// <summary>
    /// <c>(chan)</c>: a new channel buffering one value, as FluentAI's reference
    /// (<c>mpsc::channel(1)</c>): a <c>send!</c> to an empty one returns at once. <c>(chan 0)</c> is the hand-off channel.
    /// </summary>
    [Builtin("chan")]
    public static object? Chan() => new FChannel(1);

    /// <summary><c>(chan n)</c>: a new channel buffering n values (0: unbuffered, a hand-off).</summary>
    [Builtin("chan")]
    public static object? Chan(object? capacity)
    {
        var n = capacity as long? ?? throw Errors.WrongType("chan", "a buffer size (an integer)", capacity);
        if (n is < 0 or > int.MaxValue)
        {
            throw Errors.BadArgument("chan", $"the buffer size must be from 0 to {int.MaxValue}, got {n}");
        }

        return new FChannel((int)n);
    }

    /// <summary><c>(send! ch v)</c>: sends v, blocking while the channel is full (unbuffered: until v is received); gives nil.</summary>
    [Builtin("send!")]
    public static object? Send(object? channel, object? value)
    {
        ChannelArg("send!", channel).Send(value);
        return null;
    }

    /// <summary><c>(recv! ch)</c>: receives a value, blocking until one is sent; fails once the channel is closed and drained.</summary>
    [Builtin("recv!")]
    public static object? Recv(object? channel) => ChannelArg("recv!", channel).Receive();

    /// <summary><c>(try-send! ch v)</c>: sends v if that needs no waiting; #t when sent, #f when the channel is full or closed.</summary>
    [Builtin("try-send!")]
    public static object? TrySend(object? channel, object? value) => Boxes.Bool(ChannelArg("try-send!", channel).TrySend(value));

    /// <summary><c>(try-recv! ch)</c>: <c>(#t v)</c> when a value was waiting, else <c>(#f nil)</c>.</summary>
    [Builtin("try-recv!")]
    public static object? TryRecv(object? channel) =>
        ChannelArg("try-recv!", channel).TryReceive(out var value) ? FList.Of(Boxes.True, value) : FList.Of(Boxes.False, null);

    /// <summary><c>(close! ch)</c>: closes the channel; values already sent can still be received. Gives nil.</summary>
    [Builtin("close!")]
    public static object? CloseChannel(object? channel)
    {
        ChannelArg("close!", channel).Close();
        return null;
    }

    /// <summary><c>(channel? x)</c>: #t for a channel.</summary>
    [Builtin("channel?")]
    public static object? IsChannel(object? value) => Boxes.Bool(value is FChannel);

    /// <summary><c>(promise? x)</c>: #t for a promise.</summary>
    [Builtin("promise?")]
    public static object? IsPromise(object? value) => Boxes.Bool(value is FPromise);

    /// <summary><c>(await p)</c>: blocks until the promise settles; its value, or its error rethrown.</summary>
    [Builtin("await")]
    public static object? Await(object? promise) => PromiseArg("await", promise).Wait();

    /// <summary>
    /// <c>(promise (lambda (resolve reject) ...))</c>: a promise settled by the executor calling
    /// <c>(resolve v)</c> or <c>(reject e)</c> (now or later, from any task), as in JavaScript.
    /// An error thrown by the executor rejects the promise.
    /// </summary>
    [Builtin("promise")]
    public static object? MakePromise(object? executor)
    {
        var fn = executor as Fn ?? throw Errors.WrongType("promise", "a function of (resolve reject)", executor);
        var source = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var resolve = new Lambda1("resolve", v => Boxes.Bool(source.TrySetResult(v)));
        var reject = new Lambda1("reject", e => Boxes.Bool(source.TrySetException(e as Exception ?? new FluentAIThrow(e))));
        try
        {
            fn.Invoke(resolve, reject);
        }
        catch (Exception e) when (Rt.Catchable(e))
        {
            source.TrySetException(e);
        }

        return new FPromise(source.Task);
    }

    /// <summary><c>(promise-all ps)</c>: waits for every promise in the list; the list of their values, or the first error.</summary>
    [Builtin("promise-all")]
    public static object? PromiseAll(object? promises)
    {
        var tasks = PromiseList("promise-all", promises);
        TaskCancellation.Wait(Task.WhenAll(tasks), "promise-all", tasks, all: true);
        try
        {
            Task.WaitAll(tasks);
        }
        catch (AggregateException)
        {
            // Rethrown below as the first failed promise's own error, in list order.
        }

        return FList.From(tasks.Select(t => (object?)t.GetAwaiter().GetResult()));
    }

    /// <summary><c>(promise-race ps)</c>: the value (or error) of whichever promise in the list settles first.</summary>
    [Builtin("promise-race")]
    public static object? PromiseRace(object? promises)
    {
        var tasks = PromiseList("promise-race", promises);
        if (tasks.Length == 0)
        {
            throw Errors.BadArgument("promise-race", "needs at least one promise");
        }

        var first = Task.WhenAny(tasks);
        TaskCancellation.Wait(first, "promise-race", tasks, all: false);
        return first.GetAwaiter().GetResult().GetAwaiter().GetResult();
    }

    /// <summary>
    /// <c>(timeout ms work)</c>: the value of work (a promise, or a function of no arguments run
    /// on a task) if it settles within ms milliseconds of <see cref="RuntimeClock.TimeProvider"/>;
    /// else a <see cref="ErrorCodes.Timeout"/> error, and the work is cancelled: a task started by
    /// <c>async</c>, <c>spawn</c> or this <c>timeout</c> stops at its next blocking operation
    /// (see <see cref="TaskCancellation"/>).
    /// </summary>
    [Builtin("timeout")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? Timeout(object? ms, object? work)
    {
        var span = DefaultHandlers.Millis("timeout", ms);
        var promise = work switch
        {
            FPromise p => p,
            Fn => Concurrency.Start("timeout", work, Concurrency.Owner(Assembly.GetCallingAssembly())),
            _ => throw Errors.WrongType("timeout", "a promise or a function of no arguments", work),
        };
        var cancel = TaskCancellation.Current;
        try
        {
            return promise.Task.WaitAsync(span, RuntimeClock.TimeProvider, cancel).GetAwaiter().GetResult();
        }
        catch (TimeoutException) when (!promise.Task.IsCompleted)
        {
            promise.Cancel();
            throw new FluentAIException(ErrorCodes.Timeout, $"timeout: the work did not finish within {Printer.Print(ms)} ms");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            promise.Cancel();
            throw TaskCancellation.Cancelled("timeout");
        }
    }

    private static FChannel ChannelArg(string function, object? value) =>
        value as FChannel ?? throw Errors.WrongType(function, "a channel", value);

    private static FPromise PromiseArg(string function, object? value) =>
        value as FPromise ?? throw Errors.WrongType(function, "a promise", value);

    private static Task<object?>[] PromiseList(string function, object? promises) =>
        ListArg(function, promises).Select(p => PromiseArg(function, p).Task).ToArray();
}
