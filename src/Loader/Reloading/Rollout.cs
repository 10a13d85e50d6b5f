using FluentAI.Plugins.Loader.Events;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.Metrics;
using FluentAI.Plugins.Loader.Unloading;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>What a rollout reaches: the host's lock (every decision is taken under it), graph, state, events, unloads and meter.</summary>
internal sealed record RolloutServices(object Gate, ModuleGraph Graph, LinkServices Link, EventLog Events, UnloadQueue Unloads, HostMeter Meter)
{
    /// <summary>Runs <paramref name="step"/> under the host's lock; versions it retires run their <c>on-retire</c> hooks once the lock is released.</summary>
    public void Exclusive(Action step) => Link.Retirement.Exclusive(() =>
    {
        step();
        return true;
    });
}

/// <summary>
/// A production reload of one unit (the changed module and its transitive importers) while both of its
/// versions stay loaded: a safe reload's rollback window or a canary. It runs its post-check on the host's
/// clock — started at every tick, off the host's lock; a check still running after its timeout counts as
/// failed at the next tick — and ends in exactly one decision, taken under the host's lock.
/// </summary>
internal abstract class Rollout : IDisposable
{
    private Func<ReloadCheck, bool>? _postCheck;
    private readonly TimeSpan _checkTimeout;
    private ITimer? _timer;
    private Task<string?>? _check;

    // Interrupts the running post-check where it runs once it is over its timeout, so it does not keep a thread.
    private CancellationTokenSource? _checkStop;
    private DateTimeOffset _checkStarted;
    private long _checkTimestamp;
    private bool _finalCheck;

    protected Rollout(RolloutServices services, ModuleNode changed, IReadOnlyList<ModuleNode> unit, Dictionary<ModuleNode, Generation> stable, Dictionary<ModuleNode, Generation> fresh, Func<ReloadCheck, bool>? postCheck, TimeSpan checkTimeout)
    {
        Services = services;
        Changed = changed;
        Unit = unit;
        Stable = stable;
        Fresh = fresh;
        _postCheck = postCheck;
        _checkTimeout = checkTimeout;
        Started = services.Events.Now;
    }

    protected RolloutServices Services { get; }

    /// <summary>The module whose reload started the rollout.</summary>
    public ModuleNode Changed { get; }

    /// <summary>The changed module and every module that imports it, transitively (dependencies first).</summary>
    public IReadOnlyList<ModuleNode> Unit { get; }

    /// <summary>The versions that ran before, per module of the unit (kept loaded until the decision).</summary>
    public Dictionary<ModuleNode, Generation> Stable { get; }

    /// <summary>The new versions, per module of the unit.</summary>
    public Dictionary<ModuleNode, Generation> Fresh { get; }

    public DateTimeOffset Started { get; }

    /// <summary>Completes when the side the decision retired has been released and its unload verified.</summary>
    public TaskCompletionSource<IReadOnlyList<UnloadReport>> Unloaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once decided; a decided rollout does nothing more.</summary>
    public bool Finished { get; protected set; }

    /// <summary>Why it ended as it did.</summary>
    public string? Reason { get; protected set; }

    public abstract string Kind { get; }

    protected string Path => Changed.Path;

    protected long StableVersion => Stable.TryGetValue(Changed, out var g) ? g.Version : 0;

    protected long FreshVersion => Fresh[Changed].Version;

    public abstract RolloutStatus Status();

    /// <summary>The figures checks read: the new version's calls and errors since it went live.</summary>
    public abstract (long Calls, long Errors) Figures();

    /// <summary>What a check of the new version sees.</summary>
    public ReloadCheck Check(bool preCheck) =>
        new(Path, FreshVersion, preCheck, Function, Figures);

    /// <summary>The function <paramref name="name"/> (an export or a top-level name) of the new version of the changed module.</summary>
    private Fn? Function(string name)
    {
        var local = Changed.Manifest?.FindExport(name)?.LocalName ?? name;
        return Fresh[Changed].Defined.GetValueOrDefault(local) as Fn;
    }

    /// <summary>Starts ticking on the host's clock.</summary>
    protected void StartTicking(TimeSpan interval)
    {
        var period = interval <= TimeSpan.Zero || interval > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : interval;
        _timer = Services.Events.Time.CreateTimer(_ => Tick(), null, period, period);
    }

    private void Tick() => Services.Exclusive(() =>
        {
            if (Finished)
            {
                return;
            }

            var now = Services.Events.Now;
            if (_check is { } running)
            {
                if (running.IsCompleted)
                {
                    // Done, and its continuation has not taken the lock yet: decide on it here.
                    Decide(running);
                }
                else
                {
                    if (now - _checkStarted >= _checkTimeout)
                    {
                        _check = null;
                        _checkStop?.Cancel();
                        CheckFailed(Messages.PostCheckTimedOut(_checkTimeout));
                    }

                    return;
                }

                if (Finished)
                {
                    return;
                }
            }

            var ended = OnTick(now);
            if (Finished)
            {
                return;
            }

            if (_postCheck is not null)
            {
                StartCheck(now, ended);
            }
            else if (ended)
            {
                Passed();
            }
        });

    /// <summary>One tick of the host's clock (ramp a canary); true when the rollout reached its end and only the last check is left.</summary>
    protected abstract bool OnTick(DateTimeOffset now);

    /// <summary>The rollout reached its end with every check passed.</summary>
    protected abstract void Passed();

    /// <summary>A post-check failed, threw or timed out: the rollout decides against the new version.</summary>
    protected abstract void CheckFailed(string reason);

    private void StartCheck(DateTimeOffset now, bool final)
    {
        var check = _postCheck;
        if (check is null)
        {
            return;
        }

        var context = Check(preCheck: false);
        _checkStarted = now;
        _checkTimestamp = Services.Events.Start();
        _finalCheck = final;
        var stop = _checkStop = new CancellationTokenSource();
        var task = Task.Run(() =>
        {
            try
            {
                using (Runtime.Interrupts.Scope(stop.Token))
                {
                    return CheckScope.Run(check, context) ? null : Messages.PostCheckFailed;
                }
            }
#pragma warning disable CA1031 // A throwing check is a failing check; its error goes in the reason.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return Messages.PostCheckThrew(FluentAIException.Locate(e).Render());
            }
        });
        _check = task;
        task.ContinueWith(t => CheckDone(t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void CheckDone(Task<string?> task) => Services.Exclusive(() => Decide(task));

    /// <summary>A post-check ended: an event, then the rollout's decision if it failed or was the last one. Under the host's lock.</summary>
    private void Decide(Task<string?> task)
    {
        if (Finished || _check != task)
        {
            return;
        }

        _check = null;
        var failure = task.Result;
        Services.Events.Emit(HostEvent.PostChecked(Services.Events.Now, Path, FreshVersion, Services.Events.Since(_checkTimestamp), failure, Figures()));
        if (failure is not null)
        {
            CheckFailed(failure);
        }
        else if (_finalCheck)
        {
            Passed();
        }
    }

    /// <summary>Releases a retired side (its figures go with it) and verifies its unload; <see cref="Unloaded"/> completes with the reports.</summary>
    protected void Release(List<Generation> generations)
    {
        foreach (var g in generations)
        {
            Services.Meter.Forget(g.Node.Path, g.Version);
        }

        Services.Unloads.Enqueue(generations).ContinueWith(
            t => Unloaded.TrySetResult(t.IsCompletedSuccessfully ? t.Result : []),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>The host is going away: no decision will come; returns the generations only this rollout keeps (the host releases them).</summary>
    public List<Generation> Abandon()
    {
        var kept = Finished ? [] : Kept();
        Finished = true;
        Dispose();
        return kept;
    }

    /// <summary>The generations that are loaded only because the rollout runs (not current).</summary>
    protected abstract List<Generation> Kept();

    /// <summary>Stops the clock: no more ticks.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;

        // A check still running when the rollout ends is stopped where it runs (it keeps a thread and its version).
        if (_check is { IsCompleted: false })
        {
            _checkStop?.Cancel();
        }

        // The check may be a closure of a module version that must be free to unload.
        _postCheck = null;
    }

    /// <summary>
    /// Binds every link of <paramref name="generation"/> into the unit to the same side: <paramref name="side"/>'s
    /// functions (measured on <paramref name="meters"/> when given; a module's calls to itself never are). A call
    /// running on that side, and anything it started, stays on it whatever is published later.
    /// </summary>
    public static void Bind(Generation generation, Dictionary<ModuleNode, Generation> side, Dictionary<ModuleNode, VersionMeter>? meters = null)
    {
        foreach (var use in generation.Links)
        {
            if (side.TryGetValue(use.Target, out var target))
            {
                var value = target.Defined.GetValueOrDefault(use.Name);
                use.Link.Stage(use.Link.IsOwn || meters is null || value is not Fn fn ? value : new MeasuredFn(fn, meters[use.Target]));
            }
        }
    }

    /// <summary>The links of <paramref name="generation"/> follow the public slots again.</summary>
    public static void Unbind(Generation generation)
    {
        foreach (var use in generation.Links)
        {
            use.Link.Commit();
        }
    }

    /// <summary>The figures of a decision, as the audit line writes them.</summary>
    protected static Dictionary<string, double> Decided(params (string Name, double Value)[] figures) => figures.ToDictionary(f => f.Name, f => f.Value);
}
