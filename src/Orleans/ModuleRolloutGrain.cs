using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace FluentAI.Plugins.Orleans;

/// <summary>
/// The desired state of one module across the fleet. Every change of what hosts should do bumps the generation and
/// is persisted before the call returns, so the grain's silo can go: the next host poll activates it elsewhere from
/// storage, and the ramp, measured from the persisted start on the grain's clock, resumes where it stood.
/// </summary>
internal sealed partial class ModuleRolloutGrain : Grain, IModuleRolloutGrain
{
    private readonly IPersistentState<FleetRolloutState> _state;
    private readonly FleetGrainOptions _options;
    private readonly Dictionary<string, FleetHostStatus> _hosts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IFleetObserver> _observers = new(StringComparer.Ordinal);
    private IGrainTimer? _ramp;
    private long _notified;

    public ModuleRolloutGrain(
        [PersistentState("rollout", FleetGrainOptions.StorageName)] IPersistentState<FleetRolloutState> state,
        IServiceProvider services)
    {
        _state = state;
        _options = services.GetService<FleetGrainOptions>() ?? new FleetGrainOptions();
    }

    private FleetRolloutState State => _state.State;

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Module.Length == 0)
        {
            _state.State = State with { Module = this.GetPrimaryKeyString() };
        }

        foreach (var host in State.Hosts.IsDefault ? [] : State.Hosts)
        {
            // A host seen before this activation counts from now: it gets one lease to poll again.
            _hosts[host.HostId] = host with { LastSeen = Now };
        }

        StartRampTimer();
        return Task.CompletedTask;
    }

    public async Task<FleetRolloutState> StartCanary(FleetCanary canary)
    {
        ArgumentNullException.ThrowIfNull(canary);
        if (State.Phase == FleetPhase.Canary)
        {
            throw new InvalidOperationException($"{State.Module}: a canary of {State.Candidate!.ShortHash} is running; promote or abort it first");
        }

        CheckWeight(canary.Weight);
        var candidate = ModuleVersion.Of(canary.Source);
        if (State.Stable is { } stable && stable.Hash == candidate.Hash)
        {
            throw new InvalidOperationException($"{State.Module}: {candidate.ShortHash} is already the stable version");
        }

        foreach (var id in _hosts.Keys.ToList())
        {
            _hosts[id] = _hosts[id] with { Ready = false, CanaryCalls = 0, CanaryErrors = 0, StableCalls = 0, StableErrors = 0, Failure = null };
        }

        _state.State = State with
        {
            Generation = State.Generation + 1,
            Phase = FleetPhase.Canary,
            Candidate = candidate,
            Weight = canary.Weight,
            InitialWeight = canary.Weight,
            Salt = canary.Salt ?? candidate.Hash,
            MaxErrorRate = canary.MaxErrorRate,
            MinCalls = canary.MinCalls,
            Steps = canary.Steps.IsDefault ? [] : canary.Steps,
            RampDuration = canary.RampDuration,
            Started = Now,
            Reason = null,
        };
        await SaveAsync();
        StartRampTimer();
        return View();
    }

    public async Task<FleetRolloutState> SetWeight(double weight)
    {
        CheckWeight(weight);
        RequireCanary();
        await MoveWeightAsync(weight);
        return View();
    }

    public async Task<FleetRolloutState> Promote()
    {
        RequireCanary();
        await DecideAsync(promote: true, "promoted by the operator");
        return View();
    }

    public async Task<FleetRolloutState> Abort(string reason)
    {
        RequireCanary();
        await DecideAsync(promote: false, string.IsNullOrWhiteSpace(reason) ? "aborted by the operator" : reason);
        return View();
    }

    public Task<FleetRolloutState> Register(string hostId, long generation, IFleetObserver? observer = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostId);
        _hosts[hostId] = Seen(hostId) with { Generation = generation };
        if (observer is not null)
        {
            _observers[hostId] = observer;
        }

        return Task.FromResult(View());
    }

    public async Task<FleetRolloutState> Ready(string hostId, long generation, string hash)
    {
        var host = Seen(hostId);
        if (State.Phase == FleetPhase.Canary && State.Candidate!.Hash == hash && !host.Ready)
        {
            _hosts[hostId] = host with { Ready = true };
            await SaveAsync();
        }

        return View();
    }

    public async Task<FleetRolloutState> Report(FleetHostReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var host = Seen(report.HostId);
        if (State.Phase != FleetPhase.Canary || State.Candidate!.Hash != report.CandidateHash)
        {
            return View();
        }

        _hosts[report.HostId] = host with
        {
            CanaryCalls = report.CanaryCalls,
            CanaryErrors = report.CanaryErrors,
            StableCalls = report.StableCalls,
            StableErrors = report.StableErrors,
            Failure = report.Failure,
        };
        if (report.Failure is not null)
        {
            await DecideAsync(promote: false, $"host {report.HostId}: {report.Failure}");
        }
        else if (FleetRuleBroken() is { } verdict)
        {
            await DecideAsync(promote: false, verdict);
        }

        return View();
    }

    public Task<FleetRolloutState> GetState() => Task.FromResult(View());

    private string? FleetRuleBroken()
    {
        var fleet = View();
        if (fleet.CanaryCalls < Math.Max(1, State.MinCalls))
        {
            return null;
        }

        var canaryRate = (double)fleet.CanaryErrors / fleet.CanaryCalls;
        var stableRate = fleet.StableCalls == 0 ? 0 : (double)fleet.StableErrors / fleet.StableCalls;
        return canaryRate - stableRate > State.MaxErrorRate
            ? string.Create(CultureInfo.InvariantCulture, $"fleet canary error rate {canaryRate:0.####} ({fleet.CanaryErrors} of {fleet.CanaryCalls} calls) exceeds the stable's {stableRate:0.####} ({fleet.StableErrors} of {fleet.StableCalls}) by more than {State.MaxErrorRate}")
            : null;
    }

    private async Task DecideAsync(bool promote, string reason)
    {
        _state.State = State with
        {
            Generation = State.Generation + 1,
            Phase = promote ? FleetPhase.Promoted : FleetPhase.Aborted,
            Stable = promote ? State.Candidate : State.Stable,
            Weight = promote ? 100 : 0,
            Reason = reason,
        };
        await SaveAsync();
        _ramp?.Dispose();
        _ramp = null;
    }

    private async Task MoveWeightAsync(double weight)
    {
        if (weight != State.Weight)
        {
            _state.State = State with { Generation = State.Generation + 1, Weight = weight };
            await SaveAsync();
        }
    }

    private void StartRampTimer()
    {
        if (_ramp is null && State is { Phase: FleetPhase.Canary, RampDuration: not null })
        {
            _ramp = this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(_options.TickInterval, _options.TickInterval) { KeepAlive = true });
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        if (State is not { Phase: FleetPhase.Canary, RampDuration: { } duration, Started: { } started })
        {
            return;
        }

        var elapsed = Now - started;
        if (elapsed >= duration)
        {
            await DecideAsync(promote: true, string.Create(CultureInfo.InvariantCulture, $"the ramp reached 100 % after {duration.TotalSeconds} s"));
            return;
        }

        await MoveWeightAsync(RampWeight(State, elapsed));
    }

    /// <summary>The weight <paramref name="elapsed"/> into the ramp: the step reached, or the line's whole percent.</summary>
    internal static double RampWeight(FleetRolloutState state, TimeSpan elapsed)
    {
        var duration = state.RampDuration!.Value;
        if (state.Steps.Length > 0)
        {
            var step = (int)Math.Floor(elapsed / (duration / (state.Steps.Length + 1)));
            return step == 0 ? state.InitialWeight : state.Steps[Math.Min(step, state.Steps.Length) - 1];
        }

        return Math.Floor(state.InitialWeight + ((100 - state.InitialWeight) * (elapsed / duration)));
    }

    private FleetHostStatus Seen(string hostId)
    {
        var host = _hosts.TryGetValue(hostId, out var known)
            ? known with { LastSeen = Now }
            : new FleetHostStatus(hostId, Now, Live: true, Ready: false, 0, 0, 0, 0, null);
        _hosts[hostId] = host;
        return host;
    }

    private FleetRolloutState View()
    {
        var now = Now;
        return State with
        {
            Hosts = [.. _hosts.Values.OrderBy(h => h.HostId, StringComparer.Ordinal).Select(h => h with { Live = now - h.LastSeen <= _options.HostLease })],
        };
    }

    private async Task SaveAsync()
    {
        var generation = State.Generation;
        _state.State = State with { Hosts = [.. _hosts.Values.OrderBy(h => h.HostId, StringComparer.Ordinal)] };
        await _state.WriteStateAsync();
        if (generation != _notified)
        {
            _notified = generation;
            Notify(generation);
        }
    }

    /// <summary>Pushes a new generation to the hosts' observers; one-way and best-effort, since the hosts poll anyway.</summary>
    private void Notify(long generation)
    {
        var view = View();
        foreach (var (hostId, observer) in _observers.ToList())
        {
            if (view.Hosts.FirstOrDefault(h => h.HostId == hostId) is not { Live: true })
            {
                _observers.Remove(hostId);
                continue;
            }

            _ = observer.Changed(generation);
        }
    }

    private void RequireCanary()
    {
        if (State.Phase != FleetPhase.Canary)
        {
            throw new InvalidOperationException($"{State.Module}: no canary is running (phase {State.Phase})");
        }
    }

    private static void CheckWeight(double weight)
    {
        if (!(weight is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "a canary's weight is a percentage from 0 to 100");
        }
    }
}
