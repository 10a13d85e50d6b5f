namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Stops running FluentAI code from outside: a host or the command line opens a <see cref="Scope"/>
/// with a token; once it is cancelled, the code running on that flow (this thread and the tasks it
/// starts) fails at its next function entry or loop back-edge (every 16th, see
/// <see cref="Rt.EnsureStack"/>), or in the blocking operation it waits in (<c>sleep</c>, <c>recv!</c>,
/// <c>await</c>...), with FAI3014, which <c>try</c>/<c>catch</c> cannot catch and which runs the
/// <c>finally</c>s it unwinds. While no scope is cancelled a poll reads one static field.
/// Scopes nest: a flow stops when any scope it is in is cancelled. A closed scope stops nothing more,
/// not even the tasks started inside it that still run.
/// </summary>
public static class Interrupts
{
    private static readonly AsyncLocal<Box?> Current = new();

    // How many scopes are cancelled and not yet closed: zero on the fast path.
    private static int s_cancelled;

    /// <summary>Interrupts the code run on this flow until the scope is disposed, once <paramref name="token"/> is cancelled.</summary>
    public static IDisposable Scope(CancellationToken token)
    {
        var box = new Box(Current.Value, token);
        Current.Value = box;
        return box;
    }

    /// <summary>Whether the code on this flow has been asked to stop.</summary>
    public static bool Requested => Volatile.Read(ref s_cancelled) != 0 && Current.Value is { } box && box.IsCancelled;

    /// <summary>Fails with FAI3014 when the code on this flow has been asked to stop.</summary>
    public static void Poll()
    {
        if (Volatile.Read(ref s_cancelled) != 0)
        {
            Slow();
        }
    }

    /// <summary>The error interrupted code fails with (an <see cref="InterruptedError"/>).</summary>
    public static FluentAIException Interrupted() => new InterruptedError();

    /// <summary>
    /// The token a blocking operation of this flow waits with: <paramref name="task"/> (the task's own
    /// cancellation) and the interrupt scopes the flow is in, whichever is cancelled first.
    /// </summary>
    internal static CancellationToken With(CancellationToken task) =>
        Current.Value is { } box ? box.With(task) : task;

    private static void Slow()
    {
        if (Current.Value is { } box && box.IsCancelled)
        {
            throw Interrupted();
        }
    }

    /// <summary>
    /// One scope. Its signal is cancelled when its token is, or when the scope it is nested in is while
    /// both are open: cancellation reaches inner scopes (the tasks a flow started) through their outer
    /// scope, never straight from the outer token, so closing a scope cuts the tasks it started loose.
    /// </summary>
    private sealed class Box : IDisposable
    {
        private readonly Box? _outer;
        private readonly CancellationTokenRegistration _registration;
        private readonly Lock _lock = new();

        // Not disposed: blocking operations of other flows may still hold its token as the scope closes;
        // it has no timer, and nothing of it outlives the scope's last reference.
#pragma warning disable CA2213
        private readonly CancellationTokenSource _signal = new();
#pragma warning restore CA2213
        private List<Box>? _inner;
        private Dictionary<CancellationToken, CancellationTokenSource>? _withTasks;
        private int _counted;
        private int _disposed;

        public Box(Box? outer, CancellationToken token)
        {
            Token = token;
            _outer = outer;
            if (outer is not null && !outer.Add(this))
            {
                _outer = null;
            }

            _registration = token.Register(static b => ((Box)b!).Cancel(), this);
            if (outer is { IsCancelled: true })
            {
                Cancel();
            }
        }

        public CancellationToken Token { get; }

        public bool IsCancelled => Volatile.Read(ref _disposed) == 0 && _signal.IsCancellationRequested;

        public CancellationToken With(CancellationToken task)
        {
            if (Volatile.Read(ref _disposed) != 0)
            {
                return task;
            }

            if (!task.CanBeCanceled || task == Token)
            {
                return _signal.Token;
            }

            lock (_lock)
            {
                _withTasks ??= [];
                if (!_withTasks.TryGetValue(task, out var linked))
                {
                    _withTasks[task] = linked = CancellationTokenSource.CreateLinkedTokenSource(_signal.Token, task);
                }

                return linked.Token;
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _registration.Dispose();
            _outer?.Remove(this);
            lock (_lock)
            {
                _inner = null;
                _withTasks = null;
            }

            if (Interlocked.Exchange(ref _counted, 0) == 1)
            {
                Interlocked.Decrement(ref s_cancelled);
            }

            if (ReferenceEquals(Current.Value, this))
            {
                Current.Value = _outer;
            }
        }

        private bool Add(Box inner)
        {
            lock (_lock)
            {
                if (_disposed != 0)
                {
                    return false;
                }

                (_inner ??= []).Add(inner);
                return true;
            }
        }

        private void Remove(Box inner)
        {
            lock (_lock)
            {
                _inner?.Remove(inner);
            }
        }

        private void Cancel()
        {
            if (Volatile.Read(ref _disposed) != 0 || Interlocked.Exchange(ref _counted, 1) != 0)
            {
                return;
            }

            Interlocked.Increment(ref s_cancelled);
            if (Volatile.Read(ref _disposed) != 0 && Interlocked.Exchange(ref _counted, 0) == 1)
            {
                // Closed meanwhile: Dispose found nothing counted yet.
                Interlocked.Decrement(ref s_cancelled);
                return;
            }

            _signal.Cancel();
            Box[] inner;
            lock (_lock)
            {
                inner = _inner is null ? [] : [.. _inner];
            }

            foreach (var box in inner)
            {
                box.Cancel();
            }
        }
    }
}

/// <summary>FAI3014: the code was interrupted (<see cref="Interrupts"/>); <see cref="FluentAIException.Location"/> is where it stopped.</summary>
public sealed class InterruptedError : FluentAIException
{
    /// <summary>Creates the error.</summary>
    public InterruptedError()
        : base(ErrorCodes.Interrupted, "interrupted")
    {
    }

    /// <summary>The module's top-level form the interrupt ended, when it stopped code a load was running (its position).</summary>
    public Diagnostics.SourceSpan? TopLevelForm { get; internal set; }
}
