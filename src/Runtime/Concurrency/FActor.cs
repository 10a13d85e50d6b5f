using System.Threading.Channels;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// A FluentAI actor, <c>(actor init (lambda (state msg) ...))</c>: a mailbox (an unbounded
/// <see cref="System.Threading.Channels"/> channel) and one task that reads it, calling the handler
/// with its state and each message in turn; what the handler returns, or what it passed to
/// <c>(become v)</c>, is the state for the next message. See <see cref="Actors"/> for its life.
/// </summary>
public sealed class FActor
{
    private const int Running = 0;
    private const int Stopped = 1;
    private const int Failed = 2;

    private static readonly Keyword TimeoutMessage = Keyword.Intern("timeout");

    // Unbounded: (! a msg) never waits, as the reference's send never does. Continuations run inline because
    // the reader is a thread blocked on the wait's task (see Deadlocks).
    private readonly Channel<object?> _mailbox = Channel.CreateUnbounded<object?>(new UnboundedChannelOptions
    {
        SingleReader = true,
        AllowSynchronousContinuations = true,
    });

    private readonly Actors.Family _family;
    private Fn? _handler;
    private object? _state;
    private int _status;

    internal FActor(long number, Fn handler, object? state, Actors.Family family, System.Runtime.Loader.AssemblyLoadContext? owner)
    {
        Number = number;
        _handler = handler;
        _state = state;
        _family = family;
        Owner = owner;
    }

    /// <summary>The actor's number: the how-manieth actor its host's modules started (the printer shows it).</summary>
    public long Number { get; }

    /// <summary>The load context of the code that created the actor, while it runs (a stopped actor holds nothing of it).</summary>
    internal System.Runtime.Loader.AssemblyLoadContext? Owner { get; private set; }

    /// <summary>True until the actor's task has ended (it stopped, was stopped, or its handler failed).</summary>
    public bool IsRunning => Volatile.Read(ref _status) == Running;

    /// <summary>Completes once the actor has stopped (its version was retired, its load rejected, or its handler failed); never with an error.</summary>
    public Task Completion { get; internal set; } = Task.CompletedTask;

    /// <summary>Puts <paramref name="message"/> in the mailbox; false (the message is dropped) once the actor has stopped or is stopping.</summary>
    internal bool Post(object? message) => _mailbox.Writer.TryWrite(message);

    /// <summary>Closes the mailbox: the actor handles what was sent before, then stops.</summary>
    internal void Close() => _mailbox.Writer.TryComplete();

    /// <summary>The actor's task: handles messages until the mailbox is closed and drained, the task is cancelled, or the handler fails.</summary>
    internal object? Run()
    {
        var reader = _mailbox.Reader;
        Actors.Pending? timeout = null;
        var failed = false;
        try
        {
            while (true)
            {
                if (reader.TryRead(out var message))
                {
                    timeout?.Dispose();
                    timeout = Handle(message, isTimeout: false);
                    continue;
                }

                switch (timeout is null ? (WaitForMessage(reader) ? Wake.Message : Wake.Closed) : WaitForMessage(reader, timeout))
                {
                    case Wake.Closed:
                        return null;
                    case Wake.TimedOut:
                        timeout!.Dispose();
                        timeout = null;
                        timeout = Handle(TimeoutMessage, isTimeout: true);
                        break;
                }
            }
        }
        catch (Exception e) when (!TaskCancellation.Own.IsCancellationRequested && e is not FluentAIException { Code: ErrorCodes.Interrupted })
        {
            // The handler failed: the actor stops, as an Erlang process that crashes does, and says so.
            failed = true;
            Actors.Report(this, e);
            return null;
        }
        catch (Exception e) when (e is FluentAIException or OperationCanceledException)
        {
            // Cancelled (its load was rejected) or interrupted: it stops without a report, as a task does.
            return null;
        }
        finally
        {
            timeout?.Dispose();
            Stop(failed);
        }
    }

    /// <summary>The printed form: <c>#&lt;actor:1&gt;</c>, as the reference prints an actor, then <c>stopped</c> or <c>failed</c> once it has.</summary>
    public override string ToString() => Volatile.Read(ref _status) switch
    {
        Running => $"#<actor:{Number}>",
        Stopped => $"#<actor:{Number} stopped>",
        _ => $"#<actor:{Number} failed>",
    };

    /// <summary>One step: the handler with its state and <paramref name="message"/> (<c>:timeout</c> when a receive timeout expired). Gives the timeout the step armed.</summary>
    private Actors.Pending? Handle(object? message, bool isTimeout)
    {
        var step = new Actors.Step(_state, message, isTimeout);
        var outer = Actors.Enter(step);
        object? result;
        try
        {
            result = _handler!.Invoke(_state, message);
        }
        catch
        {
            step.Timeout?.Dispose();
            throw;
        }
        finally
        {
            Actors.Leave(outer);
        }

        _state = step.Became ? step.NewState : result;
        return step.Timeout;
    }

    /// <summary>Waits for a message with no time limit (the actor counts as blocked); false when the mailbox is closed and drained.</summary>
    private static bool WaitForMessage(ChannelReader<object?> reader)
    {
        var cancel = TaskCancellation.Current;

        // Read once more after AsTask, for its status only (Deadlocks.Block).
#pragma warning disable CA2012
        var wait = reader.WaitToReadAsync(cancel);
#pragma warning restore CA2012
        if (wait.IsCompletedSuccessfully)
        {
            return wait.Result;
        }

        var task = wait.AsTask();
        try
        {
            using (Deadlocks.Block("actor", task, wait))
            {
                return task.GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw TaskCancellation.Cancelled("actor");
        }
    }

    /// <summary>Waits for a message or for <paramref name="timeout"/> to expire, whichever comes first (a message wins a tie).</summary>
    private static Wake WaitForMessage(ChannelReader<object?> reader, Actors.Pending timeout)
    {
        var cancel = TaskCancellation.Current;
        using var withdraw = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var read = reader.WaitToReadAsync(withdraw.Token).AsTask();
        try
        {
            Task.WaitAny([read, timeout.Expired], cancel);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw TaskCancellation.Cancelled("actor");
        }
        finally
        {
            // A read still waiting is withdrawn: the next wait makes a new one.
            withdraw.Cancel();
        }

        if (read.IsCompletedSuccessfully)
        {
            return read.Result ? Wake.Message : Wake.Closed;
        }

        return timeout.Expired.IsCompletedSuccessfully ? Wake.TimedOut : Wake.Message;
    }

    /// <summary>The actor stops: its mailbox closes, what is still in it is dropped, and it lets go of its handler and state.</summary>
    private void Stop(bool failed)
    {
        _mailbox.Writer.TryComplete();
        while (_mailbox.Reader.TryRead(out _))
        {
            // Dropped: a message may hold a closure of the version, which must be free to unload.
        }

        _handler = null;
        _state = null;
        Owner = null;
        Volatile.Write(ref _status, failed ? Failed : Stopped);
        _family.Remove(this);
    }

    private enum Wake
    {
        Message,
        Closed,
        TimedOut,
    }
}
