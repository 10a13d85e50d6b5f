using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.Metrics;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// Both versions of a unit live side by side. Each side's links are bound to its own side, so only the
/// unit's public slots route (<see cref="RouterFn"/>): a call is routed once, on entry, and stays on its
/// side. Routing by key is a stable hash of (salt, key) under the weight in basis points, so raising the
/// weight only moves keys to the canary; without a key, a counter gives the exact share. The canary is
/// judged on every completed call; the verdict flips routing at once and the rest of the work (publish,
/// release after the drain, verify the unload) follows under the host's lock, so no caller waits for it.
/// </summary>
internal sealed class Canary : Rollout
{
    private const int Full = 10_000;
    private const int Running = 0;
    private const int RoutingStable = 1;
    private const int RoutingCanary = 2;

    /// <summary>The longest a retired side waits for its calls in flight before it is released anyway.</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(30);

    private Transaction? _transaction;
    private readonly CanaryOptions _options;
    private readonly Dictionary<ModuleNode, SafeWindow.NodeSource> _sources;
    private readonly Dictionary<ModuleNode, VersionMeter> _stableMeters = [];
    private readonly Dictionary<ModuleNode, VersionMeter> _canaryMeters = [];
    private readonly ulong _salt;
    private readonly int _startWeight;
    private readonly DateTimeOffset? _rampEnds;
    private volatile int _weight;
    private volatile int _phase;
    private int _tripped;
    private long _counter;
    private long _stableCalls;
    private long _stableErrors;
    private long _canaryCalls;
    private long _canaryErrors;

    public Canary(RolloutServices services, ModuleNode changed, IReadOnlyList<ModuleNode> unit, Dictionary<ModuleNode, Generation> stable, Dictionary<ModuleNode, Generation> fresh, Dictionary<ModuleNode, SafeWindow.NodeSource> sources, Transaction transaction, CanaryOptions options)
        : base(services, changed, unit, stable, fresh, options.PostCheck, options.CheckTimeout)
    {
        _transaction = transaction;
        _options = options;
        _sources = sources;
        _salt = Hash(Fnv.Offset, options.Salt ?? fresh[changed].Hash);
        _weight = _startWeight = Basis(options.Percentage);
        _rampEnds = options.RampDuration is { } ramp ? Started + ramp : null;
        foreach (var node in unit)
        {
            if (stable.TryGetValue(node, out var s))
            {
                _stableMeters[node] = services.Meter.For(node.Path, s.Version);
                _stableMeters[node].Role = "stable";
            }

            _canaryMeters[node] = services.Meter.For(node.Path, fresh[node].Version);
            _canaryMeters[node].Role = "canary";
        }

        // Each side's links to the unit bound to that side: a call never crosses over.
        foreach (var generation in stable.Values)
        {
            Bind(generation, stable, _stableMeters);
        }

        foreach (var generation in fresh.Values)
        {
            Bind(generation, fresh, _canaryMeters);
        }

        // Only the public entries route.
        foreach (var (node, s) in stable)
        {
            foreach (var (name, value) in fresh[node].Defined)
            {
                if (value is Fn canaryFn && s.Defined.GetValueOrDefault(name) is Fn stableFn)
                {
                    node.Slot(name).Route(new RouterFn(new MeasuredFn(stableFn, _stableMeters[node]), new MeasuredFn(canaryFn, _canaryMeters[node]), this));
                }
            }
        }

        if (options.PostCheck is not null || _rampEnds is not null)
        {
            StartTicking(options.CheckInterval);
        }
    }

    public override string Kind => "canary";

    /// <summary>The canary's share of calls, in percent.</summary>
    public double Weight => _weight / 100.0;

    public override (long Calls, long Errors) Figures() => (Interlocked.Read(ref _canaryCalls), Interlocked.Read(ref _canaryErrors));

    public override RolloutStatus Status() => new(
        Path, Kind, Phase, StableVersion, FreshVersion, Weight,
        Interlocked.Read(ref _stableCalls), Interlocked.Read(ref _stableErrors), Interlocked.Read(ref _canaryCalls), Interlocked.Read(ref _canaryErrors),
        Started, _rampEnds, Reason);

    private string Phase { get; set; } = "canary";

    /// <summary>Which side a call entering the unit now takes: true for the canary.</summary>
    public bool Route()
    {
        var phase = _phase;
        if (phase != Running)
        {
            return phase == RoutingCanary;
        }

        var weight = _weight;
        if (RoutingKey.Current is { } key)
        {
            return (int)(Hash(_salt, key) % Full) < weight;
        }

        // The n-th call goes to the canary when it raises floor(n * weight / Full): exactly weight/Full of every run of calls.
        var n = Interlocked.Increment(ref _counter);
        return n * weight / Full != (n - 1) * weight / Full;
    }

    /// <summary>A routed call ended; a failing canary is aborted on the call that shows it. False, so an exception filter can call it.</summary>
    public bool Completed(bool canary, bool failed)
    {
        if (!canary)
        {
            Interlocked.Increment(ref _stableCalls);
            if (failed)
            {
                Interlocked.Increment(ref _stableErrors);
            }

            return false;
        }

        var calls = Interlocked.Increment(ref _canaryCalls);
        var errors = failed ? Interlocked.Increment(ref _canaryErrors) : Interlocked.Read(ref _canaryErrors);
        if (calls >= _options.MinCalls && _phase == Running)
        {
            var stableCalls = Interlocked.Read(ref _stableCalls);
            var stableRate = stableCalls == 0 ? 0 : Interlocked.Read(ref _stableErrors) / (double)stableCalls;
            var canaryRate = errors / (double)calls;
            if (canaryRate > stableRate + _options.MaxErrorRate)
            {
                Trip(Messages.CanaryErrorRate(canaryRate, stableRate, calls, stableCalls, _options.MaxErrorRate));
            }
        }

        return false;
    }

    /// <summary>The verdict against the canary: every new call goes to the stable side from now; the abort itself follows off this call.</summary>
    private void Trip(string reason)
    {
        if (Interlocked.CompareExchange(ref _tripped, 1, 0) != 0)
        {
            return;
        }

        _phase = RoutingStable;

        // The figures as the verdict saw them: calls completing meanwhile do not change what decided.
        var figures = Verdict();
        ThreadPool.QueueUserWorkItem(_ => Services.Exclusive(() =>
        {
            if (!Finished)
            {
                Abort(reason, "error-rate", figures);
            }
        }));
    }

    protected override bool OnTick(DateTimeOffset now)
    {
        if (_rampEnds is not { } ends || _options.RampDuration is not { } duration)
        {
            return false;
        }

        var elapsed = now - Started;
        var progress = duration <= TimeSpan.Zero ? 1 : Math.Clamp(elapsed / duration, 0, 1);
        var target = Basis(_options.RampTarget);
        int weight;
        if (_options.Steps is { Count: > 0 } steps)
        {
            var reached = (int)Math.Floor(progress * steps.Count);
            weight = reached == 0 ? _startWeight : Basis(steps[Math.Min(reached, steps.Count) - 1]);
        }
        else
        {
            weight = _startWeight + (int)Math.Round((target - _startWeight) * progress);
        }

        if (weight != _weight && _phase == Running)
        {
            _weight = weight;
            Services.Events.Emit(HostEvent.CanaryStepped(Services.Events.Now, Path, StableVersion, FreshVersion, Weight, Decided(("weight", Weight), ("canaryCalls", Figures().Calls))));
        }

        return now >= ends && weight >= Full;
    }

    /// <summary>Sets the weight now, as a ramp step does (a host's <c>SetCanaryWeight</c>); a canary no longer routing by weight keeps its course.</summary>
    public RolloutStatus SetWeight(double percent)
    {
        var weight = Basis(percent);
        if (weight != _weight && _phase == Running)
        {
            _weight = weight;
            Services.Events.Emit(HostEvent.CanaryStepped(Services.Events.Now, Path, StableVersion, FreshVersion, Weight, Decided(("weight", Weight), ("canaryCalls", Figures().Calls))));
        }

        return Status();
    }

    protected override void Passed() => Promote(Messages.RampDone);

    protected override void CheckFailed(string reason)
    {
        _phase = RoutingStable;
        Abort(reason, "post-check");
    }

    /// <summary>Makes the canary the running version: every call goes to it at once; the stable side is released once its calls drain.</summary>
    public void Promote(string reason)
    {
        _phase = RoutingCanary;
        Finish("promoted", reason);
        foreach (var node in Unit)
        {
            var generation = Fresh[node];
            foreach (var (name, value) in generation.Defined)
            {
                node.Writer(name).Publish(value, generation.Version);
            }

            foreach (var writer in node.Slots)
            {
                if (!generation.Defined.ContainsKey(writer.Slot.Name) && writer.Slot.Value is not null)
                {
                    writer.Publish(null, generation.Version);
                }

                writer.Slot.Route(null);
            }

            node.Current = generation;
        }

        // The canary's links follow the public slots from now; the stable side's stay bound to it until it is released.
        _transaction?.CommitLinks();
        _transaction = null;
        foreach (var meter in _canaryMeters.Values)
        {
            meter.Role = null;
        }

        Services.Events.Emit(HostEvent.CanaryPromoted(Services.Events.Now, Path, StableVersion, FreshVersion, reason, Verdict()));
        Retire([.. Stable.Values], [.. _stableMeters.Values]);
    }

    /// <summary>Sends every call back to the stable side for good and releases the canary once its calls drain.</summary>
    public void Abort(string reason, string cause, Dictionary<string, double>? figures = null)
    {
        _phase = RoutingStable;
        Finish("aborted", reason);
        foreach (var node in Unit)
        {
            foreach (var writer in node.Slots)
            {
                writer.Slot.Route(null);
            }
        }

        // The stable side's links follow the public slots again (which hold its own functions).
        foreach (var generation in Stable.Values)
        {
            Unbind(generation);
        }

        foreach (var (node, source) in _sources)
        {
            source.Restore(node, rollback: false);
        }

        foreach (var meter in _stableMeters.Values)
        {
            meter.Role = null;
        }

        Services.Meter.Rollbacks.Add(1, new KeyValuePair<string, object?>(HostMeter.ModuleTag, _canaryMeters[Changed].Name), new KeyValuePair<string, object?>("fluentai.rollback.reason", cause));
        Services.Events.Emit(HostEvent.CanaryAborted(Services.Events.Now, Path, StableVersion, FreshVersion, reason, figures ?? Verdict()));
        // The canary's links stay bound to it while its calls drain; then nothing of it may stay reachable.
        var transaction = _transaction;
        _transaction = null;
        Retire([.. Fresh.Values], [.. _canaryMeters.Values], () => transaction?.CommitLinks());
    }

    private void Finish(string phase, string reason)
    {
        Finished = true;
        Dispose();
        Phase = phase;
        Reason = reason;
    }

    private Dictionary<string, double> Verdict()
    {
        var status = Status();
        return Decided(
            ("weight", status.Weight),
            ("canaryCalls", status.NewCalls),
            ("canaryErrors", status.NewErrors),
            ("canaryErrorRate", status.NewCalls == 0 ? 0 : status.NewErrors / (double)status.NewCalls),
            ("stableCalls", status.StableCalls),
            ("stableErrors", status.StableErrors),
            ("stableErrorRate", status.StableCalls == 0 ? 0 : status.StableErrors / (double)status.StableCalls));
    }

    protected override List<Generation> Kept()
    {
        // The host is going away: nothing of the canary may stay reachable from its links.
        _transaction?.CommitLinks();
        _transaction = null;
        return [.. Fresh.Values];
    }

    /// <summary>Releases a side once the calls in flight on it have completed, then verifies its unload.</summary>
    private void Retire(List<Generation> generations, List<VersionMeter> meters, Action? drained = null)
    {
        if (meters.All(m => m.Active == 0))
        {
            drained?.Invoke();
            Release(generations);
            return;
        }

        _ = Task.Run(async () =>
        {
            // In-flight calls are short; one that outlives the drain limit is left to the unload check to report.
            var limit = Environment.TickCount64 + (long)DrainLimit.TotalMilliseconds;
            while (meters.Any(m => m.Active > 0) && Environment.TickCount64 < limit)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }

            drained?.Invoke();
            Release(generations);
        });
    }

    private static int Basis(double percent) => (int)Math.Round(Math.Clamp(percent, 0, 100) * 100);

    /// <summary>FNV-1a, 64-bit, over the UTF-16 code units: the same on every host and every run.</summary>
    private static ulong Hash(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * Fnv.Prime;
            hash = (hash ^ (byte)(c >> 8)) * Fnv.Prime;
        }

        return hash;
    }

    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037;
        public const ulong Prime = 1099511628211;
    }
}
