using System.Threading.Channels;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// A FluentAI channel, <c>(chan)</c> or <c>(chan n)</c>, over <see cref="System.Threading.Channels"/>.
/// </summary>
/// <remarks>
/// <para>
/// Buffered (<c>(chan n)</c>, n &gt; 0, and <c>(chan)</c>, which buffers one value as FluentAI's
/// reference does): up to n values wait in the channel; <c>send!</c> blocks while it is full,
/// <c>try-send!</c> fails.
/// </para>
/// <para>
/// Unbuffered (<c>(chan 0)</c>): a hand-off slot of one value. <c>send!</c>
/// blocks until a receiver has taken its value, as in Go. <c>try-send!</c> and a send clause of
/// <c>select</c> succeed when the slot is free and do not wait for the receiver (the one way this
/// differs from a strict rendezvous).
/// </para>
/// <para>
/// Closed (<c>close!</c>): sending fails; values already sent can still be received, after which
/// receiving fails with <see cref="ErrorCodes.ChannelClosed"/>.
/// </para>
/// </remarks>
public sealed class FChannel : Deadlocks.IActivity
{
    private readonly Channel<Envelope> _channel;
    private volatile bool _closed;

    // Operations that may have completed a wait on the channel, counted while a program is watched (Deadlocks).
    private int _activity;

    /// <summary>Creates a channel; <paramref name="capacity"/> 0 is unbuffered.</summary>
    public FChannel(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _channel = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,

            // Every waiter is a thread blocked on the wait's task: completing it inline only wakes that thread,
            // and the task is complete when the send or receive that woke it returns (Deadlocks counts on it).
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>The buffer size; 0 for an unbuffered channel.</summary>
    public int Capacity { get; }

    /// <summary>True once <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>True when the channel is closed and every value sent was received.</summary>
    public bool IsDrained => _channel.Reader.Completion.IsCompleted;

    int Deadlocks.IActivity.Activity => Volatile.Read(ref _activity);

    /// <summary>Sends, blocking while the channel is full (and, unbuffered, until the value is taken).</summary>
    public void Send(object? value, string function = "send!")
    {
        var taken = Capacity == 0 ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var envelope = new Envelope(value, taken);
        var cancel = TaskCancellation.Current;
        if (!_channel.Writer.TryWrite(envelope))
        {
            try
            {
                var mark = Deadlocks.MarkOf(this);
                var write = _channel.Writer.WriteAsync(envelope, cancel).AsTask();
                using (Deadlocks.Block(function, write, mark))
                {
                    write.GetAwaiter().GetResult();
                }
            }
            catch (ChannelClosedException)
            {
                throw Closed(function, "send to");
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw TaskCancellation.Cancelled(function);
            }
        }

        Deadlocks.Touch(ref _activity);
        if (taken is not null)
        {
            // Cancelled while the value waits to be taken: the value is withdrawn (a receiver skips it),
            // unless a receiver took it first, and then the send succeeded.
            using (cancel.Register(static t => ((TaskCompletionSource)t!).TrySetCanceled(), taken))
            {
                try
                {
                    using (Deadlocks.Block(function, taken.Task))
                    {
                        taken.Task.GetAwaiter().GetResult();
                    }
                }
                catch (TaskCanceledException)
                {
                    throw TaskCancellation.Cancelled(function);
                }
            }
        }
    }

    /// <summary>Receives, blocking until a value is there; fails once the channel is closed and drained.</summary>
    public object? Receive(string function = "recv!")
    {
        while (true)
        {
            if (!_channel.Reader.TryRead(out var envelope))
            {
                var cancel = TaskCancellation.Current;
                try
                {
                    var mark = Deadlocks.MarkOf(this);
                    var read = _channel.Reader.ReadAsync(cancel).AsTask();
                    using (Deadlocks.Block(function, read, mark))
                    {
                        envelope = read.GetAwaiter().GetResult();
                    }
                }
                catch (ChannelClosedException)
                {
                    throw Closed(function, "receive from");
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    throw TaskCancellation.Cancelled(function);
                }
            }

            // A value taken makes room: a sender waiting for it may be woken.
            Deadlocks.Touch(ref _activity);
            if (Take(envelope))
            {
                return envelope.Value;
            }
        }
    }

    /// <summary>Sends without blocking; false when the channel is full or closed.</summary>
    public bool TrySend(object? value)
    {
        if (!_channel.Writer.TryWrite(new Envelope(value, null)))
        {
            return false;
        }

        Deadlocks.Touch(ref _activity);
        return true;
    }

    /// <summary>Receives without blocking; false when no value is waiting.</summary>
    public bool TryReceive(out object? value)
    {
        while (_channel.Reader.TryRead(out var envelope))
        {
            Deadlocks.Touch(ref _activity);
            if (Take(envelope))
            {
                value = envelope.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Takes a value: tells its sender, if it waits; false when its sender withdrew it.</summary>
    private static bool Take(Envelope envelope) => envelope.Taken is not { } taken || taken.TrySetResult();

    /// <summary>Closes the channel; false when it was already closed.</summary>
    public bool Close()
    {
        _closed = true;
        var closed = _channel.Writer.TryComplete();
        Deadlocks.Touch(ref _activity);
        return closed;
    }

    /// <summary>Completes when a value may be waiting or the channel is drained.</summary>
    internal Task WaitToReceive(CancellationToken stop) => _channel.Reader.WaitToReadAsync(stop).AsTask();

    /// <summary>Completes when there may be room or the channel is closed.</summary>
    internal Task WaitToSend(CancellationToken stop) => _channel.Writer.WaitToWriteAsync(stop).AsTask();

    internal static FluentAIException Closed(string function, string action) =>
        new(ErrorCodes.ChannelClosed, $"{function}: cannot {action} a closed channel");

    /// <inheritdoc />
    public override string ToString() =>
        $"#<channel {(Capacity == 0 ? "unbuffered" : "buffer " + Capacity)}{(_closed ? " closed" : "")}>";

    private readonly record struct Envelope(object? Value, TaskCompletionSource? Taken);
}
