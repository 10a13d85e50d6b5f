namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Stops running FluentAI code from outside: a host or the command line opens a <see cref="Scope"/>
/// with a token; once it is cancelled, the code running on that flow (this thread and the tasks it
/// starts) fails at its next function entry or loop back-edge (every 16th, see
/// <see cref="Rt.EnsureStack"/>) with FAI3014, which <c>try</c>/<c>catch</c> cannot catch and which
/// runs the <c>finally</c>s it unwinds. While no scope is cancelled a poll reads one static field.
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

    /// <summary>The error interrupted code fails with.</summary>
    public static FluentAIException Interrupted() =>
        new(ErrorCodes.Interrupted, "interrupted");

    private static void Slow()
    {
        if (Current.Value is { } box && box.IsCancelled)
        {
            throw Interrupted();
        }
    }

    private sealed class Box : IDisposable
    {
        private readonly Box? _outer;
        private readonly CancellationTokenRegistration _registration;
        private int _counted;
        private int _disposed;

        public Box(Box? outer, CancellationToken token)
        {
            Token = token;
            _outer = outer;
            _registration = token.Register(static b => ((Box)b!).Count(), this);
        }

        public CancellationToken Token { get; }

        public bool IsCancelled => Token.IsCancellationRequested || _outer is { IsCancelled: true };

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _registration.Dispose();
            if (Interlocked.Exchange(ref _counted, 0) == 1)
            {
                Interlocked.Decrement(ref s_cancelled);
            }

            if (ReferenceEquals(Current.Value, this))
            {
                Current.Value = _outer;
            }
        }

        private void Count()
        {
            if (Volatile.Read(ref _disposed) == 0 && Interlocked.Exchange(ref _counted, 1) == 0)
            {
                Interlocked.Increment(ref s_cancelled);
            }
        }
    }
}
