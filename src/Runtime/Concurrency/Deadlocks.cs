namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Ends a program that can never go on with a located FAI3015 error, as Go ends one whose goroutines
/// are all asleep: its main flow waits (<c>recv!</c>, <c>send!</c>, <c>await</c>, <c>select</c>,
/// <c>promise-all</c>, <c>promise-race</c>) and so does every task it started, on waits that nothing
/// has completed yet, and none of them sleeps, waits with a timeout or runs.
/// </summary>
/// <remarks>
/// <para>
/// The check is sound only where the program's code is everything that can complete its waits: no
/// host thread holds its channels or promises, and no code of it runs outside its main flow and its
/// tasks. A host that promises that opens <see cref="Watch"/> around the program's flow; <c>fluentai
/// run</c> (without <c>--watch</c>) and <c>fluentai eval</c> do. Nothing else is ever checked. A
/// program that reloads code (<c>hot-reload</c>, <c>safe-reload</c>, <c>canary-reload</c>, the rollout
/// forms, <c>dev-mode</c>) is not checked from then on: the host then runs code of it on threads of its own.
/// </para>
/// <para>
/// It is a count of the program's participants (its main flow and its running tasks, actors included)
/// against those blocked in an untimed wait, kept only while a program is watched: a wait of an
/// unwatched flow reads one static field. When the counts meet, every blocked wait is looked at, and one
/// whose awaited thing has completed (its waiter was woken and has not run yet) means the program goes
/// on. So each wait must show its completion on the thread that completes it, before that thread can
/// block or end: a task's promise is complete before the task stops counting; a receive's channel
/// operation completes in the send that hands it a value (synchronous continuations), and is read
/// itself, not only the task made from it; a full channel's senders wait on a signal the receive that
/// makes room completes (<see cref="FChannel"/>). Sleeping, a wait with a timeout, reading input or
/// calling the host all count as running: the check errs towards never saying so.
/// </para>
/// <para>
/// When the program is found so, its main flow's wait fails with FAI3015 (which <c>try</c> cannot
/// catch, as a deadlock in Go cannot be recovered) and its tasks are interrupted (FAI3014) where they wait.
/// </para>
/// </remarks>
public static class Deadlocks
{
    private static readonly AsyncLocal<Participant?> Current = new();

    // How many programs are watched: zero on the fast path of every wait.
    private static int s_watched;

    /// <summary>
    /// Watches the program that runs on the calling flow (this thread, the code it runs and the tasks
    /// that code starts) until the scope is disposed. Open it only where no host thread can complete
    /// the program's waits (see the remarks of <see cref="Deadlocks"/>).
    /// </summary>
    public static IDisposable Watch()
    {
        var program = new Program();
        var previous = Current.Value;
        Current.Value = program.Main;
        var scope = Interrupts.Scope(program.Stop.Token);
        Interlocked.Increment(ref s_watched);
        return new WatchScope(program, scope, previous);
    }

    /// <summary>
    /// The error for the flow's wait when its program was found deadlocked and this is its main flow;
    /// else null (a task of such a program is interrupted like any other).
    /// </summary>
    internal static FluentAIException? ErrorHere() =>
        Volatile.Read(ref s_watched) != 0 && Current.Value is { IsMain: true, Program.Found: { } message }
            ? new FluentAIException(ErrorCodes.Deadlock, message)
            : null;

    /// <summary>
    /// After a wait with <paramref name="token"/> returned: on the main flow of a program found deadlocked,
    /// fails with FAI3015 (the wait may have returned because the program's tasks were interrupted).
    /// </summary>
    internal static void ThrowIfFound(CancellationToken token)
    {
        if (token.IsCancellationRequested && ErrorHere() is { } deadlock)
        {
            throw deadlock;
        }
    }

    /// <summary>The program of the calling flow is no longer checked: the host runs code of it on threads of its own (a reload).</summary>
    internal static void Unwatch()
    {
        if (Volatile.Read(ref s_watched) != 0 && Current.Value is { } participant)
        {
            participant.Program.TurnOff();
        }
    }

    /// <summary>A task is being started by the calling flow: its participant when the flow's program is watched, else null.</summary>
    internal static Participant? Starting() =>
        Volatile.Read(ref s_watched) != 0 && Current.Value is { } starter ? starter.Program.Join() : null;

    /// <summary>On the new task's thread: the task is <paramref name="participant"/> (null: it is not watched, whatever its starter is).</summary>
    internal static void Enter(Participant? participant)
    {
        if (!ReferenceEquals(Current.Value, participant))
        {
            Current.Value = participant;
        }
    }

    /// <summary>
    /// <paramref name="participant"/> stops counting once <paramref name="task"/> has completed, so a
    /// promise it settles by ending is complete before the program can be found deadlocked.
    /// </summary>
    internal static void Started(Participant? participant, Task task)
    {
        if (participant is not null)
        {
            Program.LeaveAfter(participant, task);
        }
    }

    /// <summary>The task of <paramref name="participant"/> could not be started.</summary>
    internal static void Abandon(Participant? participant) => participant?.Program.Leave(participant);

    /// <summary>The calling flow blocks until <paramref name="task"/> completes; dispose the result when it wakes.</summary>
    internal static Blocked Block(string function, Task task) =>
        Volatile.Read(ref s_watched) == 0 ? default : BlockSlow(new Waiter(function, () => task.IsCompleted));

    /// <summary>The calling flow blocks until one (or, with <paramref name="all"/>, every one) of <paramref name="tasks"/> completes.</summary>
    internal static Blocked Block(string function, Task[] tasks, bool all) =>
        Volatile.Read(ref s_watched) == 0
            ? default
            : BlockSlow(new Waiter(function, all ? () => Array.TrueForAll(tasks, t => t.IsCompleted) : () => Array.Exists(tasks, t => t.IsCompleted)));

    /// <summary>
    /// The calling flow blocks on a channel operation, until <paramref name="task"/> (made from
    /// <paramref name="operation"/>) completes. The operation itself is looked at too: one completed
    /// just before its task was made from it completes that task later, on the thread pool.
    /// </summary>
    internal static Blocked Block<T>(string function, Task task, ValueTask<T> operation) =>
        Volatile.Read(ref s_watched) == 0 ? default : BlockSlow(new Waiter(function, () => task.IsCompleted || Completed(operation)));

    /// <summary>Like <see cref="Block{T}(string, Task, ValueTask{T})"/> for an operation without a result.</summary>
    internal static Blocked Block(string function, Task task, ValueTask operation) =>
        Volatile.Read(ref s_watched) == 0 ? default : BlockSlow(new Waiter(function, () => task.IsCompleted || Completed(operation)));

    /// <summary>The calling flow blocks until one of <paramref name="tasks"/> (made from <paramref name="operations"/>, in order) completes.</summary>
    internal static Blocked Block(string function, Task[] tasks, ValueTask<bool>[] operations) =>
        Volatile.Read(ref s_watched) == 0
            ? default
            : BlockSlow(new Waiter(function, () => Array.Exists(tasks, t => t.IsCompleted) || Array.Exists(operations, o => Completed(o))));

    private static Blocked BlockSlow(Waiter waiter)
    {
        if (Current.Value is not { } participant)
        {
            return default;
        }

        return participant.Program.Block(participant, waiter) ? new Blocked(participant, waiter) : default;
    }

    /// <summary>
    /// Whether a channel operation completed. Its source is read, which a channel completes on the thread
    /// that completes it (synchronous continuations); read only while its waiter is blocked (under the
    /// program's lock), so before the waiter takes its result. A source that no longer knows the operation
    /// counts as completed: the check errs towards no deadlock.
    /// </summary>
    private static bool Completed<T>(ValueTask<T> operation)
    {
        try
        {
            return operation.IsCompleted;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool Completed(ValueTask operation)
    {
        try
        {
            return operation.IsCompleted;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>A flow's registration as blocked; disposing it counts the flow as running again.</summary>
    internal readonly struct Blocked : IDisposable
    {
        private readonly Participant? _participant;
        private readonly Waiter? _waiter;

        public Blocked(Participant participant, Waiter waiter)
        {
            _participant = participant;
            _waiter = waiter;
        }

        public void Dispose()
        {
            if (_participant is not null)
            {
                _participant.Program.Unblock(_participant, _waiter!);
            }
        }
    }

    /// <summary>The main flow of a watched program, or one of its running tasks.</summary>
    internal sealed class Participant(Program program, bool isMain)
    {
        public Program Program { get; } = program;

        public bool IsMain { get; } = isMain;

        /// <summary>What the participant is blocked on; null while it runs. Guarded by the program's lock.</summary>
        public Waiter? Waiting { get; set; }
    }

    /// <summary>One blocked wait: <see cref="Woken"/> once what it waits on has completed (its waiter may not have run yet).</summary>
    internal sealed class Waiter(string function, Func<bool> woken)
    {
        public string Function { get; } = function;

        public bool Woken => woken();
    }

    /// <summary>One watched program: its participants, how many of them are blocked, and whether it was found deadlocked.</summary>
    internal sealed class Program
    {
        private readonly Lock _gate = new();
        private readonly HashSet<Participant> _live = [];
        private int _blocked;

        // Closed, found deadlocked, or no longer sound: nothing more is counted.
        private bool _off;

        public Program()
        {
            Main = new Participant(this, isMain: true);
            _live.Add(Main);
        }

        public Participant Main { get; }

        // Not disposed: the interrupt scope and waits of tasks still running may hold its token; it has no timer.
#pragma warning disable CA2213
        public CancellationTokenSource Stop { get; } = new();
#pragma warning restore CA2213

        /// <summary>The message of the main flow's error once the program was found deadlocked.</summary>
        public string? Found { get; private set; }

        public Participant? Join()
        {
            lock (_gate)
            {
                if (_off)
                {
                    return null;
                }

                var participant = new Participant(this, isMain: false);
                _live.Add(participant);
                return participant;
            }
        }

        public static void LeaveAfter(Participant participant, Task task) =>
            task.ContinueWith(
                static (_, state) =>
                {
                    var p = (Participant)state!;
                    p.Program.Leave(p);
                },
                participant,
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);

        public void Leave(Participant participant)
        {
            bool found;
            lock (_gate)
            {
                if (!_live.Remove(participant))
                {
                    return;
                }

                if (participant.Waiting is not null)
                {
                    participant.Waiting = null;
                    _blocked--;
                }

                found = Check();
            }

            if (found)
            {
                Stop.Cancel();
            }
        }

        public bool Block(Participant participant, Waiter waiter)
        {
            bool found;
            lock (_gate)
            {
                if (_off)
                {
                    return false;
                }

                if (participant.Waiting is not null || !_live.Contains(participant))
                {
                    // One flow waits on one thing at a time: a second wait under the same name is a thread the
                    // program does not know running its code (or a task that already ended). Counting no longer holds.
                    _off = true;
                    return false;
                }

                participant.Waiting = waiter;
                _blocked++;
                found = Check();
            }

            if (found)
            {
                // Outside the lock: cancelling wakes the main flow and interrupts the tasks, which then unblock.
                Stop.Cancel();
            }

            return true;
        }

        public void Unblock(Participant participant, Waiter waiter)
        {
            lock (_gate)
            {
                if (ReferenceEquals(participant.Waiting, waiter))
                {
                    participant.Waiting = null;
                    _blocked--;
                }
            }
        }

        public void TurnOff()
        {
            lock (_gate)
            {
                _off = true;
            }
        }

        /// <summary>Under the lock: true (once) when every participant is blocked, the main flow among them, and no wait was completed.</summary>
        private bool Check()
        {
            if (_off || _blocked != _live.Count || Main.Waiting is not { } main)
            {
                return false;
            }

            foreach (var participant in _live)
            {
                if (participant.Waiting!.Woken)
                {
                    return false;
                }
            }

            _off = true;

            Found = Errors.Deadlock(main.Function, _live.Count - 1);
            return true;
        }
    }

    /// <summary>The scope <see cref="Watch"/> returns.</summary>
    private sealed class WatchScope(Program program, IDisposable scope, Participant? previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            program.TurnOff();
            scope.Dispose();
            Current.Value = previous;
            Interlocked.Decrement(ref s_watched);
        }
    }
}
