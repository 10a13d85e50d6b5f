using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// FluentAI's actors: <c>(actor init handler)</c>, <c>(! a msg)</c>, <c>(become v)</c> (in
/// <see cref="Builtins"/>) and the helpers compiled <c>(receive clause... [(timeout ms body...)])</c>
/// calls (<see cref="Message"/>, <see cref="Unhandled"/>, <see cref="After"/>).
/// </summary>
/// <remarks>
/// <para>
/// An actor is a task of the module version whose code created it, like a <c>spawn</c>ed one: counted
/// by <see cref="TaskTracker"/>, cancelled when the load that started it is rejected, interrupted with
/// the flow that started it, and counted by a watched program (<see cref="Deadlocks"/>). Its task reads
/// its mailbox (a channel) and calls its handler, a function of <c>(state msg)</c>, once per message in
/// the order they arrived; the handler's value is the next state, unless it called <c>(become v)</c>,
/// whose v then is.
/// </para>
/// <para>
/// When its version is retired (replaced by a reload, discarded by a rejected one, unloaded), the host
/// runs the version's <c>on-retire</c> hooks, and one of them closes the mailboxes of the version's
/// actors: each handles what was sent to it before, then stops, and lets go of its handler and state,
/// so nothing of it keeps the version loaded. A handler that never returns keeps it loaded, and the
/// unload verification names the actors still running. A message sent to an actor that has stopped (or
/// is stopping) is dropped, as FluentAI's reference drops what its mailbox cannot take. State a reload
/// should carry belongs in <c>define-stateful</c>, not in an actor.
/// </para>
/// <para>
/// A handler that fails stops its actor, as a crash ends an Erlang process, and is reported through
/// <see cref="ActorFailed"/> (the host raises a <c>task-failed</c> event with the error's <c>.ai</c> location).
/// </para>
/// </remarks>
public static class Actors
{
    // Weak: a module's context never stays loaded because of this table.
    private static readonly ConditionalWeakTable<AssemblyLoadContext, Family> Families = new();
    private static readonly ConditionalWeakTable<object, StrongBox<long>> Numbers = new();
    private static readonly Family Unowned = new();
    private static readonly object NoHost = new();

    [ThreadStatic]
    private static Step? t_step;

    /// <summary>
    /// Raised on the actor's thread when an actor's handler fails, with the load context of the code that
    /// created the actor (null when unknown), the actor and the error; the actor has stopped taking messages.
    /// A handler that throws is ignored.
    /// </summary>
    public static event Action<AssemblyLoadContext?, FActor, Exception>? ActorFailed;

    /// <summary>The number of actors created by code in <paramref name="context"/> that are still running.</summary>
    public static int Running(AssemblyLoadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Families.TryGetValue(context, out var family) ? family.Count : 0;
    }

    /// <summary>Compiled <c>receive</c>: the message the actor's handler was called with.</summary>
    public static object? Message() => Current("receive").Message;

    /// <summary>Compiled <c>receive</c> when no clause matches: the state the handler was called with, so the actor keeps it.</summary>
    public static object? Unhandled() => Current("receive").State;

    /// <summary>
    /// Compiled <c>(timeout ms body...)</c> clause of <c>receive</c>: unless another message arrives within
    /// <paramref name="ms"/> milliseconds (of <see cref="RuntimeClock.TimeProvider"/>, counted from now), the
    /// actor calls its handler once more, with its state and the message <c>:timeout</c>, and the
    /// <c>receive</c> then runs the clause's body (<see cref="TimedOut"/>), as a gen_server's timeout and
    /// Akka's receive timeout do. Each step clears the timeout the one before armed. Gives nil.
    /// </summary>
    public static object? After(object? ms)
    {
        var step = Current("receive");
        var span = DefaultHandlers.Millis("receive", ms);
        step.Timeout?.Dispose();
        step.Timeout = new Pending(span);
        return null;
    }

    /// <summary>Compiled <c>receive</c> with a timeout clause: #t when the handler runs because the timeout expired (run the clause's body).</summary>
    public static object? TimedOut() => Boxes.Bool(Current("receive").IsTimeout);

    /// <summary><c>(actor init handler)</c>: creates and starts an actor for the module <paramref name="caller"/> belongs to.</summary>
    internal static FActor Start(object? state, object? handler, Assembly caller)
    {
        if (handler is not Fn fn || !(fn.IsVariadic ? fn.Arity <= 2 : fn.Arity == 2))
        {
            throw Errors.WrongType("actor", "a handler function of (state msg)", handler);
        }

        var owner = Concurrency.Owner(caller);
        var host = HostServices.Of(caller);
        var family = owner is null ? Unowned : Families.GetValue(owner, static _ => new Family());
        var actor = new FActor(Next(host), fn, state, family, owner);
        if (!family.Add(actor))
        {
            // Code of a version already retired: the actor takes no messages.
            actor.Close();
        }
        else if (owner is not null && family.TakeHookDuty())
        {
            HookRetirement(host, caller, family);
        }

        actor.Completion = Concurrency.Run(actor.Run, owner, failed: null).Task;
        return actor;
    }

    /// <summary>The step the calling thread runs for an actor; <paramref name="form"/> fails outside one.</summary>
    internal static Step Current(string form) =>
        t_step ?? throw new FluentAIException(ErrorCodes.RuntimeError, Errors.OutsideActor(form));

    internal static Step? Enter(Step step)
    {
        var outer = t_step;
        t_step = step;
        return outer;
    }

    internal static void Leave(Step? outer) => t_step = outer;

    /// <summary>Raises <see cref="ActorFailed"/>; a handler's own failure is ignored.</summary>
    internal static void Report(FActor actor, Exception error)
    {
        try
        {
            ActorFailed?.Invoke(actor.Owner, actor, error);
        }
        catch (Exception)
        {
            // A failing subscriber must not change how the actor stops.
        }
    }

    private static long Next(IHostServices? host)
    {
        var counter = Numbers.GetValue(host ?? NoHost, static _ => new StrongBox<long>());
        return Interlocked.Increment(ref counter.Value);
    }

    /// <summary>
    /// Has the host close the family's mailboxes when the version is retired (an <c>on-retire</c> hook of
    /// the version). A host that does not retire versions (or code no host loaded) gets none: its actors
    /// run until they are cancelled or interrupted.
    /// </summary>
    private static void HookRetirement(IHostServices? host, Assembly caller, Family family)
    {
        if (host is null)
        {
            return;
        }

        try
        {
            host.OnRetire(caller, new Lambda0("actors", () =>
            {
                family.Retire();
                return null;
            }));
        }
        catch (FluentAIException)
        {
            // The host keeps no versions of this code.
        }
    }

    /// <summary>The actors created by the code of one load context.</summary>
    internal sealed class Family
    {
        private readonly Lock _gate = new();
        private readonly HashSet<FActor> _running = [];
        private bool _retired;
        private bool _hooked;

        /// <summary>How many are still running.</summary>
        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _running.Count;
                }
            }
        }

        /// <summary>Counts a new actor; false when the version was already retired.</summary>
        public bool Add(FActor actor)
        {
            lock (_gate)
            {
                if (_retired)
                {
                    return false;
                }

                _running.Add(actor);
                return true;
            }
        }

        public void Remove(FActor actor)
        {
            lock (_gate)
            {
                _running.Remove(actor);
            }
        }

        /// <summary>True once: the caller registers the retire hook.</summary>
        public bool TakeHookDuty()
        {
            lock (_gate)
            {
                var first = !_hooked;
                _hooked = true;
                return first;
            }
        }

        /// <summary>The version is retired: every mailbox closes, and actors created from now on take no messages.</summary>
        public void Retire()
        {
            FActor[] actors;
            lock (_gate)
            {
                _retired = true;
                actors = [.. _running];
            }

            foreach (var actor in actors)
            {
                actor.Close();
            }
        }
    }

    /// <summary>What one step of an actor sees: the state and message it was called with, and what it decided.</summary>
    internal sealed class Step(object? state, object? message, bool isTimeout)
    {
        public object? State { get; } = state;

        public object? Message { get; } = message;

        /// <summary>The step runs because a receive timeout expired (its message is <c>:timeout</c>).</summary>
        public bool IsTimeout { get; } = isTimeout;

        public bool Became { get; private set; }

        public object? NewState { get; private set; }

        /// <summary>The receive timeout this step armed, if any.</summary>
        public Pending? Timeout { get; set; }

        public void Become(object? state)
        {
            Became = true;
            NewState = state;
        }
    }

    /// <summary>An armed receive timeout: its timer, on <see cref="RuntimeClock.TimeProvider"/>.</summary>
    internal sealed class Pending : IDisposable
    {
        private readonly CancellationTokenSource _cancel = new();
        private int _done;

        public Pending(TimeSpan after) => Expired = Task.Delay(after, RuntimeClock.TimeProvider, _cancel.Token);

        public Task Expired { get; }

        /// <summary>Stops the timer (when it has not expired) and frees it; any number of times.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                _cancel.Cancel();
                _cancel.Dispose();
            }
        }
    }
}
