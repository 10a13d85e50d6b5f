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
public sealed class FChannel
{
    private readonly Channel<Envelope> _channel;
    private volatile bool _closed;

    // Completed when a value is taken (or the channel closes): senders waiting for room wait on it. A
    // channel completes a waiting writer's own operation on the thread pool, after the receive that made
    // room; this signal is complete when that receive returns, which Deadlocks needs to see.
    private TaskCompletionSource? _room;

    /// <summary>Creates a channel; <paramref name="capacity"/> 0 is unbuffered.</summary>
    public FChannel(int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _channel = Channel.CreateBounded<Envelope>(new BoundedChannelOptions(Math.Max(1, capacity))
        {
            FullMode = BoundedChannelFullMode.Wait,

            // Every waiting receiver is a thread blocked on the wait's task: completing it inline only wakes
            // that thread, and the wait is complete when the send that woke it returns (Deadlocks counts on it).
            AllowSynchronousContinuations = true,
        });
    }

    /// <summary>The buffer size; 0 for an unbuffered channel.</summary>
    public int Capacity { get; }

    /// <summary>True once <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>True when the channel is closed and every value sent was received.</summary>
    public bool IsDrained => _channel.Reader.Completion.IsCompleted;

    /// <summary>Sends, blocking while the channel is full (and, unbuffered, until the value is taken).</summary>
    public void Send(object? value, string function = "send!")
    {
        var taken = Capacity == 0 ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        var envelope = new Envelope(value, taken);
        var cancel = TaskCancellation.Current;
        while (!_channel.Writer.TryWrite(envelope))
        {
            // Full: wait until a receive makes room, then try again (another sender may take it first).
            var room = WaitToSend();
            if (_closed)
            {
                throw Closed(function, "send to");
            }

            if (room.IsCompleted)
            {
                continue;
            }

            try
            {
                using (Deadlocks.Block(function, room))
                {
                    room.Wait(cancel);
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                throw TaskCancellation.Cancelled(function);
            }
        }

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
                    // The operation is read once more after AsTask, for its status only (Deadlocks.Block).
#pragma warning disable CA2012
                    var operation = _channel.Reader.ReadAsync(cancel);
#pragma warning restore CA2012
                    var read = operation.AsTask();
                    using (Deadlocks.Block(function, read, operation))
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

            MadeRoom();
            if (Take(envelope))
            {
                return envelope.Value;
            }
        }
    }

    /// <summary>Sends without blocking; false when the channel is full or closed.</summary>
    public bool TrySend(object? value) => _channel.Writer.TryWrite(new Envelope(value, null));

    /// <summary>Receives without blocking; false when no value is waiting.</summary>
    public bool TryReceive(out object? value)
    {
        while (_channel.Reader.TryRead(out var envelope))
        {
            MadeRoom();
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
        MadeRoom();
        return closed;
    }

    /// <summary>Completes when a value may be waiting or the channel is drained.</summary>
    internal ValueTask<bool> WaitToReceive(CancellationToken stop) => _channel.Reader.WaitToReadAsync(stop);

    /// <summary>
    /// Completes when a receive has made room since (or the channel was closed); complete already when
    /// there is room now. Senders wait on it, then try again.
    /// </summary>
    internal Task WaitToSend()
    {
        var room = Volatile.Read(ref _room);
        if (room is null)
        {
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            room = Interlocked.CompareExchange(ref _room, fresh, null) ?? fresh;
        }

        // Looked at after the signal is out: a receive from now on completes it.
        return _closed || _channel.Reader.Count < Math.Max(1, Capacity) ? Task.CompletedTask : room.Task;
    }

    /// <summary>A value was taken (or the channel closed): senders waiting for room try again.</summary>
    private void MadeRoom()
    {
        if (Volatile.Read(ref _room) is not null)
        {
            Interlocked.Exchange(ref _room, null)?.TrySetResult();
        }
    }

    internal static FluentAIException Closed(string function, string action) =>
        new(ErrorCodes.ChannelClosed, $"{function}: cannot {action} a closed channel");

    /// <inheritdoc />
    public override string ToString() =>
        $"#<channel {(Capacity == 0 ? "unbuffered" : "buffer " + Capacity)}{(_closed ? " closed" : "")}>";

    private readonly record struct Envelope(object? Value, TaskCompletionSource? Taken);
}
