using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// The concurrency forms compiled code calls: <c>(async body...)</c>, <c>(spawn body...)</c> and
/// <c>(select clause... [(default body...)])</c>. The library functions (<c>chan</c>, <c>send!</c>,
/// <c>recv!</c>, <c>await</c>, ...) are in <see cref="Builtins"/>.
/// </summary>
/// <remarks>
/// Each task runs on a thread of its own (<see cref="TaskCreationOptions.LongRunning"/>), because
/// FluentAI code blocks its thread when it waits (<c>recv!</c>, <c>send!</c>, <c>await</c>) and
/// many blocked thread-pool threads would starve the pool. Effect handlers installed around
/// <c>async</c> / <c>spawn</c> stay installed inside the task. A task's error is kept in its
/// promise and rethrown by <c>await</c>. A <c>spawn</c>ed task runs for its effects and is often
/// never awaited, so its failure is also reported at once through <see cref="SpawnFailed"/> (the
/// host turns it into a <c>task-failed</c> event), like a crash report for an Erlang process.
/// </remarks>
public static class Concurrency
{
    /// <summary>
    /// Raised on the failing task's thread when a task started by <c>spawn</c> fails, with the load
    /// context of the code that spawned it (null when unknown) and the error, before the error
    /// settles the task's promise. A handler that throws is ignored.
    /// </summary>
    public static event Action<AssemblyLoadContext?, Exception>? SpawnFailed;

    /// <summary><c>(async body...)</c>: runs the body (a function of no arguments) on a task; gives its promise.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? Async(object? body) => Start("async", body, Owner(Assembly.GetCallingAssembly()));

    /// <summary>
    /// <c>(spawn body...)</c>: like <c>async</c>, for work run for its effects; gives its promise.
    /// When the body's value is a function of no arguments (<c>(spawn f)</c>), the task calls it
    /// and the promise holds what it returns.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? Spawn(object? body) => Start("spawn", body, Owner(Assembly.GetCallingAssembly()));

    /// <summary>
    /// <c>(select clause... [(default body...)])</c>. <paramref name="clauses"/> is a list of
    /// <c>(kind channel value fn)</c>: kind <c>"recv"</c> takes a value from the channel, kind
    /// <c>"send"</c> puts value into it. The first clause that can go ahead, in order, runs: its fn
    /// is called with the value received (or sent) and its result is the result of the select.
    /// When none can, <paramref name="otherwise"/> (a function of no arguments) runs if given;
    /// else the select blocks until one can. A receive clause on a closed, drained channel fails
    /// with <see cref="ErrorCodes.ChannelClosed"/>, as <c>recv!</c> does.
    /// </summary>
    public static object? Select(object? clauses, object? otherwise)
    {
        var parsed = ParseClauses(clauses);
        if (otherwise is not null and not Fn)
        {
            throw Errors.WrongType("select", "a default body function", otherwise);
        }

        if (parsed.Length == 0 && otherwise is null)
        {
            throw Errors.BadArgument("select", "needs at least one clause or a default");
        }

        while (true)
        {
            foreach (var c in parsed)
            {
                if (c.IsReceive)
                {
                    if (c.Channel.TryReceive(out var received))
                    {
                        return c.Body.Invoke(received);
                    }

                    if (c.Channel.IsDrained)
                    {
                        throw FChannel.Closed("select", "receive from");
                    }
                }
                else
                {
                    if (c.Channel.IsClosed)
                    {
                        throw FChannel.Closed("select", "send to");
                    }

                    if (c.Channel.TrySend(c.Value))
                    {
                        return c.Body.Invoke(c.Value);
                    }
                }
            }

            if (otherwise is Fn fallback)
            {
                return fallback.Invoke();
            }

            // Cancelled afterwards, so a select run again and again leaves no waiters on quiet channels.
            using var stop = new CancellationTokenSource();
            // A receive waits on the channel's own operation (read once more for its status, by Deadlocks); a send on its room signal.
#pragma warning disable CA2012
            var receives = parsed.Where(c => c.IsReceive).Select(c => c.Channel.WaitToReceive(stop.Token)).ToArray();
#pragma warning restore CA2012
            var waits = receives.Select(o => (Task)o.AsTask()).Concat(parsed.Where(c => !c.IsReceive).Select(c => c.Channel.WaitToSend())).ToArray();
            var cancel = TaskCancellation.Current;
            try
            {
                using (Deadlocks.Block("select", waits, receives))
                {
                    Task.WaitAny(waits, cancel);
                }

                Deadlocks.ThrowIfFound(cancel);
            }
            catch (OperationCanceledException)
            {
                throw TaskCancellation.Cancelled("select");
            }
            finally
            {
                stop.Cancel();
            }
        }
    }

    /// <summary>Starts <paramref name="body"/> on a task counted for <paramref name="owner"/>.</summary>
    internal static FPromise Start(string function, object? body, AssemblyLoadContext? owner)
    {
        if (body is not Fn fn)
        {
            throw Errors.WrongType(function, "a function of no arguments", body);
        }

        var spawn = function == "spawn";
        return Run(
            () =>
            {
                var result = fn.Invoke();

                // (spawn f) with f a function value runs f, as FluentAI's reference does.
                return spawn && result is Fn { Arity: 0 } spawned ? spawned.Invoke() : result;
            },
            owner,
            spawn ? e => Report(owner, e) : null);
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a task of its own, counted for <paramref name="owner"/>
    /// (<see cref="TaskTracker"/>), with a cancellation linked to the starting flow's (a rejected load
    /// cancels it), interrupted with that flow, and counted by a watched program (<see cref="Deadlocks"/>).
    /// <paramref name="failed"/>, when given, is told of an error of the body that is neither its
    /// cancellation nor an interrupt, before the promise holds it.
    /// </summary>
    internal static FPromise Run(Func<object?> body, AssemblyLoadContext? owner, Action<Exception>? failed)
    {
        var counter = TaskTracker.Enter(owner);
        var cancellation = TaskCancellation.ForNewTask();
        var participant = Deadlocks.Starting();
        try
        {
            // A thread of its own: FluentAI code blocks its thread in recv!, send! and await, and
            // hundreds of pool threads blocked at once would starve the thread pool.
            var task = Task.Factory.StartNew(
                () =>
                {
                    TaskCancellation.Enter(cancellation.Token);
                    Deadlocks.Enter(participant);

                    // A task whose starter is interrupted stops even where it never blocks (FAI3014). Its own
                    // cancellation fails its waits and, once, its compute code (FAI3013, catchable: a task may
                    // catch it to clean up).
                    var interrupt = Interrupts.TaskScope(cancellation.Token);
                    try
                    {
                        return body();
                    }
                    catch (Exception e) when (failed is not null && !cancellation.IsCancellationRequested && e is not FluentAIException { Code: ErrorCodes.Interrupted })
                    {
                        // Reported (a task stopped by its timeout or interrupted did not fail), then rethrown unchanged:
                        // the promise still holds the error for await.
                        failed(e);
                        throw;
                    }
                    finally
                    {
                        interrupt.Dispose();
                        cancellation.Dispose();
                        TaskTracker.Exit(counter);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
                TaskScheduler.Default);
            Deadlocks.Started(participant, task);
            return new FPromise(task, cancellation);
        }
        catch
        {
            cancellation.Dispose();
            TaskTracker.Exit(counter);
            Deadlocks.Abandon(participant);
            throw;
        }
    }

    /// <summary>Raises <see cref="SpawnFailed"/>; a handler's own failure is ignored.</summary>
    private static void Report(AssemblyLoadContext? owner, Exception e)
    {
        try
        {
            SpawnFailed?.Invoke(owner, e);
        }
        catch (Exception)
        {
            // A failing handler must not change what the task's promise holds.
        }
    }

    /// <summary>The load context of the code that called a runtime entry point.</summary>
    internal static AssemblyLoadContext? Owner(Assembly caller) => AssemblyLoadContext.GetLoadContext(caller);

    private static Clause[] ParseClauses(object? clauses)
    {
        var list = clauses as FList ?? (clauses is null ? FList.Empty : throw Errors.WrongType("select", "a list of clauses", clauses));
        var result = new Clause[list.Count];
        var i = 0;
        foreach (var item in list)
        {
            if (item is not FList { Count: 4 } c)
            {
                throw Errors.WrongType("select", "a clause (kind channel value fn)", item);
            }

            var parts = c.ToArray();
            var isReceive = parts[0] switch
            {
                "recv" or "recv!" => true,
                "send" or "send!" => false,
                _ => throw Errors.BadArgument("select", $"unknown clause kind {Printer.Print(parts[0])}: expected recv or send"),
            };
            var channel = parts[1] as FChannel ?? throw Errors.WrongType("select", "a channel", parts[1]);
            var body = parts[3] as Fn ?? throw Errors.WrongType("select", "a clause body function", parts[3]);
            result[i++] = new Clause(isReceive, channel, parts[2], body);
        }

        return result;
    }

    private readonly record struct Clause(bool IsReceive, FChannel Channel, object? Value, Fn Body);
}
