namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Stops running FluentAI code from outside: a host or the command line opens a <see cref="Scope"/>
/// with a token; once it is cancelled, the code running on that flow (this thread and the tasks it
/// starts) fails at its next function entry or loop back-edge (every 16th, see
/// <see cref="Rt.EnsureStack()"/>), or in the blocking operation it waits in (<c>sleep</c>, <c>recv!</c>,
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

    /// <summary>
    /// How many polls (each 16 function entries or loop back-edges) a cancelled task computes before
    /// its code is told with FAI3013. Counted in the task's own steps, not in time: a task cancelled
    /// on its way to a wait gets the error at that wait (inside the <c>try</c> it is on its way to),
    /// however late its thread is scheduled; one that computes on is told within about a million
    /// steps (a few milliseconds).
    /// </summary>
    internal const int OwnGracePolls = 65_536;

    /// <summary>Interrupts the code run on this flow until the scope is disposed, once <paramref name="token"/> is cancelled.</summary>
    public static IDisposable Scope(CancellationToken token)
    {
        var box = new Box(Current.Value, token);
        Current.Value = box;
        return box;
    }

    /// <summary>
    /// The scope a task runs in: like <see cref="Scope"/> with no token of its own (the task stops when
    /// its starter's flow is interrupted). When <paramref name="own"/>, the task's own cancellation, is
    /// cancelled, the task's code fails with FAI3013 at its next wait, or, when it computes on, once
    /// at a function entry or loop back-edge after <see cref="OwnGracePolls"/> polls. The error is
    /// catchable and the handler that caught it runs on uninterrupted, so a task can clean up; a task
    /// that catches it and computes on is not told again (as with Java's <c>Thread.interrupt</c>),
    /// though its waits still fail.
    /// </summary>
    internal static IDisposable TaskScope(CancellationToken own)
    {
        var box = new Box(Current.Value, CancellationToken.None, own);
        Current.Value = box;
        return box;
    }

    /// <summary>
    /// The task the caller runs in has been told of its cancellation (a wait failed with FAI3013):
    /// its compute code is not told again.
    /// </summary>
    internal static void OwnCancellationDelivered() => Current.Value?.TaskBox()?.Told();

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

    /// <summary>
    /// The error interrupted code fails with (an <see cref="InterruptedError"/>); on the main flow of a
    /// program found deadlocked, whose scope <see cref="Deadlocks"/> cancelled, that deadlock (FAI3015).
    /// </summary>
    public static FluentAIException Interrupted() => Deadlocks.ErrorHere() ?? new InterruptedError();

    /// <summary>
    /// The token a blocking operation of this flow waits with: <paramref name="task"/> (the task's own
    /// cancellation) and the interrupt scopes the flow is in, whichever is cancelled first.
    /// </summary>
    internal static CancellationToken With(CancellationToken task) =>
        Current.Value is { } box ? box.With(task) : task;

    private static void Slow()
    {
        if (Current.Value is not { } box)
        {
            return;
        }

        if (box.IsCancelled)
        {
            throw Interrupted();
        }

        if (box.TaskBox()?.TellOwnAfterGrace() == true)
        {
            throw TaskCancellation.CancelledError();
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
        private readonly CancellationTokenRegistration _ownRegistration;
        private readonly bool _isTask;
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

        // The task's own cancellation, for its compute code: 0 not cancelled, 1 cancelled and not yet
        // told (counted in s_cancelled), 2 told.
        private int _own;

        // Polls left before compute code is told of its own cancellation (see OwnGracePolls).
        private int _ownGrace = OwnGracePolls;

        public Box(Box? outer, CancellationToken token, CancellationToken own = default)
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

            if (own.CanBeCanceled)
            {
                _isTask = true;
                _ownRegistration = own.Register(static b => ((Box)b!).CancelOwn(), this);
            }
        }

        /// <summary>The scope of the task this flow runs in: this one or the nearest outer one opened by <see cref="TaskScope"/>.</summary>
        public Box? TaskBox()
        {
            for (var box = this; box is not null; box = box._outer)
            {
                if (box._isTask)
                {
                    return box;
                }
            }

            return null;
        }

        /// <summary>
        /// At a poll of the task's compute code: whether to tell it of its cancellation now, which is
        /// once <see cref="OwnGracePolls"/> polls have passed since it was cancelled and no wait told it.
        /// </summary>
        public bool TellOwnAfterGrace() => Volatile.Read(ref _own) == 1 && --_ownGrace <= 0 && TakeOwn();

        /// <summary>Whether the task's cancellation is still to be told, marking it told.</summary>
        public bool TakeOwn()
        {
            if (Interlocked.CompareExchange(ref _own, 2, 1) != 1)
            {
                return false;
            }

            Interlocked.Decrement(ref s_cancelled);
            return true;
        }

        /// <summary>A wait told the task of its cancellation (which it saw on its token, maybe before <see cref="CancelOwn"/> ran).</summary>
        public void Told()
        {
            if (Interlocked.Exchange(ref _own, 2) == 1)
            {
                Interlocked.Decrement(ref s_cancelled);
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
            _ownRegistration.Dispose();
            if (Interlocked.Exchange(ref _own, 2) == 1)
            {
                Interlocked.Decrement(ref s_cancelled);
            }

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

        private void CancelOwn()
        {
            if (Interlocked.CompareExchange(ref _own, 1, 0) == 0)
            {
                Interlocked.Increment(ref s_cancelled);
                if (Volatile.Read(ref _disposed) != 0 && Interlocked.Exchange(ref _own, 2) == 1)
                {
                    Interlocked.Decrement(ref s_cancelled);
                }
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
