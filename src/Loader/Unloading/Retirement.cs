using FluentAI.Plugins.Loader.Events;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Unloading;

/// <summary>
/// Retires module versions (replaced by a reload, discarded by a rejected one, unloaded): runs each
/// version's <c>on-retire</c> hooks in the order they were registered, then releases it
/// (<see cref="Generation.Release"/>). A hook runs on a thread of its own and is waited for at most
/// <see cref="PluginHostOptions.RetireTimeout"/> by the host's clock; one that throws or overruns is
/// a <c>retire-failed</c> event, and the retirement goes on.
/// </summary>
/// <remarks>
/// The host's methods that retire versions while they hold its lock run inside <see cref="Exclusive{T}"/>:
/// versions with hooks are then retired once the lock is released, before the method returns, so a
/// slow hook delays its own caller but never another load or reload. Anywhere else (outside the lock,
/// or in a path not wrapped so), versions are retired at once. Unloading every module runs the hooks
/// under the lock (<see cref="RunHooks"/>), before the slots are emptied: hooks may call their
/// imports and host functions.
/// </remarks>
internal sealed class Retirement(object gate, EventLog events, PluginHostOptions options)
{
    /// <summary>Retirements waiting for the outermost <see cref="Exclusive{T}"/> to release the lock; guarded by the lock.</summary>
    private List<Deferred> _deferred = [];

    /// <summary>How deep the thread holding the lock is in <see cref="Exclusive{T}"/>; guarded by the lock.</summary>
    private int _scopes;

    /// <summary>Run after every outermost <see cref="Exclusive{T}"/>, once the lock is released (the host writes its state file after a commit).</summary>
    public Action? Released { get; set; }

    /// <summary>Runs <paramref name="step"/> under the host's lock, then (with the lock released) retires what it retired.</summary>
    public T Exclusive<T>(Func<T> step)
    {
        List<Deferred> deferred = [];
        try
        {
            lock (gate)
            {
                _scopes++;
                try
                {
                    return step();
                }
                finally
                {
                    if (--_scopes == 0)
                    {
                        (deferred, _deferred) = (_deferred, []);
                    }
                }
            }
        }
        finally
        {
            foreach (var d in deferred)
            {
                RetireNow(d.Generations, d.Released);
            }

            // Not while this thread still holds the lock from further out: its outermost release does it.
            if (!Monitor.IsEntered(gate))
            {
                Released?.Invoke();
            }
        }
    }

    /// <summary>
    /// Retires <paramref name="generations"/>, then calls <paramref name="released"/>; inside
    /// <see cref="Exclusive{T}"/>, versions with hooks wait until the lock is released.
    /// </summary>
    public void Retire(List<Generation> generations, Action? released = null)
    {
        if (Monitor.IsEntered(gate) && _scopes > 0 && generations.Any(g => g.HasRetireHooks))
        {
            _deferred.Add(new Deferred([.. generations], released));
            return;
        }

        RetireNow(generations, released);
    }

    /// <summary>Runs the hooks of <paramref name="generations"/> and releases them, on this thread, now.</summary>
    public void RetireNow(List<Generation> generations, Action? released = null)
    {
        foreach (var generation in generations)
        {
            RunHooks([generation]);
            generation.Release();
        }

        released?.Invoke();
    }

    /// <summary>Runs the hooks of <paramref name="generations"/> on this thread, now (marking them retired), without releasing them.</summary>
    public void RunHooks(List<Generation> generations)
    {
        foreach (var generation in generations)
        {
            foreach (var hook in generation.TakeRetireHooks())
            {
                Run(generation, hook);
            }
        }
    }

    /// <summary>
    /// Runs one hook on a thread of its own and waits for it, at most the budget. The hook gets a task
    /// group of its own: its blocking operations do not stop when the flow that retires it is cancelled,
    /// and they are stopped when it overruns, so a hook stuck waiting does not keep its version loaded;
    /// a hook that computes for ever is interrupted where it runs.
    /// </summary>
    public void Run(Generation generation, Fn hook)
    {
        var budget = options.RetireTimeout;
        var started = events.Start();
        Task<object?> running;
        Task waited;
        var group = new Runtime.TaskGroup();

        // Not disposed: a hook left behind may still run in its scope.
#pragma warning disable CA2000
        var stop = new CancellationTokenSource();
#pragma warning restore CA2000
        try
        {
            running = new Task<object?>(
                () =>
                {
                    using (Runtime.Interrupts.Scope(stop.Token))
                    {
                        return hook.Invoke();
                    }
                },
                TaskCreationOptions.LongRunning);

            // The wait's timer exists before the hook starts: a fake clock advanced once the hook runs always ends it.
            waited = running.WaitAsync(budget, events.Time);
            running.Start(TaskScheduler.Default);
        }
        finally
        {
            group.Dispose();
        }

        try
        {
            waited.Wait();
        }
        catch (AggregateException)
        {
            // The hook failed or the budget ran out: told apart from the hook's own task below.
        }

        FluentAIException error;
        if (running.IsFaulted)
        {
            // A copy without the thrown exception: its stack trace would keep the version's context loaded.
            var located = FluentAIException.Locate(running.Exception!.InnerException!);
            error = new FluentAIException(located.Code, located.Message, located.Location);
        }
        else if (!running.IsCompleted)
        {
            group.Cancel();
            stop.Cancel();
            _ = running.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            error = new FluentAIException(ErrorCodes.Timeout, Messages.RetireHookOverran(budget));
        }
        else
        {
            return;
        }

        events.Emit(HostEvent.RetireFailed(events.Now, generation.Node.Path, generation.Version, events.Since(started), error.Render(), error));
    }

    /// <summary>Versions retired inside <see cref="Exclusive{T}"/>, and what to do once they are released.</summary>
    private sealed record Deferred(List<Generation> Generations, Action? Released);
}
