namespace FluentAI.Plugins.Cli;

/// <summary>
/// The REPL's evaluation in progress, for the Ctrl-C handler: while one runs, Ctrl-C interrupts it
/// (the REPL goes on with every definition and state cell intact) instead of the session.
/// </summary>
internal static class Evaluations
{
    private static CancellationTokenSource? s_current;
    private static int s_started;

    /// <summary>How many evaluations have started (tests wait on it).</summary>
    public static int Started => Volatile.Read(ref s_started);

    /// <summary>Starts an evaluation: its token is cancelled by <see cref="TryInterrupt"/>.</summary>
    public static CancellationTokenSource Begin()
    {
        var source = new CancellationTokenSource();
        Volatile.Write(ref s_current, source);
        Interlocked.Increment(ref s_started);
        return source;
    }

    /// <summary>Ends <paramref name="source"/>'s evaluation.</summary>
    public static void End(CancellationTokenSource source)
    {
        Interlocked.CompareExchange(ref s_current, null, source);
        source.Dispose();
    }

    /// <summary>Interrupts the evaluation in progress; false when there is none.</summary>
    public static bool TryInterrupt()
    {
        var current = Volatile.Read(ref s_current);
        if (current is null)
        {
            return false;
        }

        try
        {
            current.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
