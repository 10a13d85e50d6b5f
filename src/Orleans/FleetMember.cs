using System.Globalization;
using FluentAI.Plugins.Loader;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.Orleans;

/// <summary>
/// Runs beside a <see cref="PluginHost"/> (in a silo or an Orleans client process) and makes one module follow its
/// <see cref="IModuleRolloutGrain"/>: it polls the grain every <see cref="FleetMemberOptions.PollInterval"/>,
/// applies each new generation once (writes and checks the candidate, starts it as a local canary with the fleet's
/// salt at weight 0, reports ready, applies the weight, promotes or aborts), and reports its per-version counts.
/// The fleet decides: the local canary's own health rule is off, and a local post-check failure is reported so the
/// grain aborts everywhere. The module must be loaded in the host.
/// </summary>
public sealed partial class FleetMember : IAsyncDisposable
{
    private readonly PluginHost _host;
    private readonly IModuleRolloutGrain _grain;
    private readonly IGrainFactory _grains;
    private readonly Observer _observer;
    private readonly IFleetObserver _observerReference;
    private readonly FleetMemberOptions _options;
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private string _runningHash;
    private string? _canaryHash;
    private string? _restoreSource;
    private string? _failure;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;
    private long _polls;
    private long _pushes;

    /// <param name="host">The host running <paramref name="module"/>.</param>
    /// <param name="grains">A grain factory of the cluster: the silo's or a client's.</param>
    /// <param name="module">The module file, relative to the host's root; also the grain's key.</param>
    /// <param name="options">Poll and report intervals, the host's name, a post-check.</param>
    public FleetMember(PluginHost host, IGrainFactory grains, string module, FleetMemberOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentException.ThrowIfNullOrEmpty(module);
        _host = host;
        _options = options ?? new FleetMemberOptions();
        Module = module;
        HostId = _options.HostId ?? $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        _path = Path.Combine(host.Root, module);
        if (host.VersionOf(module) == 0)
        {
            throw new InvalidOperationException($"{module} is not loaded in the host: load it before joining the fleet");
        }

        _runningHash = ModuleVersion.HashOf(File.ReadAllText(_path));
        _grains = grains;
        _grain = grains.GetGrain<IModuleRolloutGrain>(module);
        _observer = new Observer(this);
        _observerReference = grains.CreateObjectReference<IFleetObserver>(_observer);
    }

    /// <summary>The host's name in the fleet.</summary>
    public string HostId { get; }

    /// <summary>The module it follows.</summary>
    public string Module { get; }

    /// <summary>The last fleet generation applied here (0 before the first poll).</summary>
    public long Generation { get; private set; }

    /// <summary>The phase of the last generation applied here.</summary>
    public FleetPhase Phase { get; private set; }

    /// <summary>How many polls completed (the timed ones and those a push started).</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>How many generations the grain pushed that this member had not applied yet (each started a poll).</summary>
    public long Pushes => Interlocked.Read(ref _pushes);

    /// <summary>The error of the last poll that failed (the grain unreachable, a rejected build), null after one that succeeded.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Raised for each change the member made to its host, with the generation that asked for it.</summary>
    public event EventHandler<FleetAction>? Applied;

    /// <summary>Registers with the grain (one poll, so the host converges to the current phase before this returns) and starts polling.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("the member is already started");
        }

        await PollAsync(cancellationToken).ConfigureAwait(false);
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Polls the grain once: applies a new generation, and reports the canary's counts when the report interval has passed.</summary>
    public async Task PollAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = await _grain.Register(HostId, Generation, _options.Push ? _observerReference : null).ConfigureAwait(false);
            if (state.Generation != Generation)
            {
                state = await ApplyAsync(state).ConfigureAwait(false);
            }

            await ReportIfDueAsync(state).ConfigureAwait(false);
            LastError = null;
        }
        finally
        {
            Interlocked.Increment(ref _polls);
            _gate.Release();
        }
    }

    /// <summary>Stops polling; the host keeps the versions it runs.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _grains.DeleteObjectReference<IFleetObserver>(_observerReference);
        _stop.Dispose();
        _gate.Dispose();
    }

    /// <summary>A generation pushed by the grain: poll now instead of at the next interval.</summary>
    private async Task PushedAsync(long generation)
    {
        if (generation == Generation || _stop.IsCancellationRequested)
        {
            return;
        }

        try
        {
            Interlocked.Increment(ref _pushes);
            await PollAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed meanwhile.
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile.
        }
#pragma warning disable CA1031 // A push that fails is not retried: the next poll is.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LastError = e;
        }
    }

    private sealed class Observer(FleetMember member) : IFleetObserver
    {
        public Task Changed(long generation)
        {
            _ = Task.Run(() => member.PushedAsync(generation));
            return Task.CompletedTask;
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A poll that fails (the grain's silo going, a timeout) is retried at the next one: polling is the guarantee.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LastError = e;
                if (_options.Logger is { } logger)
                {
                    LogPollFailed(logger, HostId, Module, e);
                }
            }
        }
    }

    private async Task<FleetRolloutState> ApplyAsync(FleetRolloutState state)
    {
        var local = _host.RolloutStatus(Module);
        var canaryHere = _canaryHash is not null && _canaryHash == state.Candidate?.Hash;
        var canaryRunning = canaryHere && local is { Kind: "canary", IsRunning: true };
        switch (state.Phase)
        {
            case FleetPhase.Canary:
                if (!canaryHere)
                {
                    if (_canaryHash is not null && local is { IsRunning: true })
                    {
                        // A canary of an earlier candidate this host missed the decision of.
                        Decide(state, promote: false);
                    }

                    EnsureRunning(state, state.Stable);
                    if (!StartCanary(state))
                    {
                        break;
                    }

                    // The fleet may have moved on while the candidate compiled (an abort, a promotion, a step): apply where it is now.
                    var now = await _grain.Ready(HostId, state.Generation, _canaryHash!).ConfigureAwait(false);
                    return await ApplyAsync(now).ConfigureAwait(false);
                }

                if (canaryRunning && state.Phase == FleetPhase.Canary && _host.RolloutStatus(Module) is { IsRunning: true } running && running.Weight != state.Weight)
                {
                    _host.SetCanaryWeight(Module, state.Weight);
                    Note(state, "weight", state.Weight.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case FleetPhase.Promoted:
                if (canaryRunning)
                {
                    Decide(state, promote: true);
                }
                else
                {
                    EnsureRunning(state, state.Candidate);
                }

                break;
            case FleetPhase.Aborted:
                if (canaryRunning)
                {
                    Decide(state, promote: false);
                }
                else if (canaryHere && _restoreSource is not null)
                {
                    // Decided here already (a failed post-check): the file goes back to the stable text.
                    await File.WriteAllTextAsync(_path, _restoreSource).ConfigureAwait(false);
                    _restoreSource = null;
                }

                EnsureRunning(state, state.Stable);
                break;
            case FleetPhase.Idle:
            default:
                break;
        }

        if (state.Phase != FleetPhase.Canary)
        {
            _failure = null;
        }

        Generation = state.Generation;
        Phase = state.Phase;
        return state;
    }

    /// <summary>Starts the candidate here at weight 0 with the fleet's salt; false (and a failure to report) when it cannot.</summary>
    private bool StartCanary(FleetRolloutState state)
    {
        var candidate = state.Candidate!;
        _canaryHash = candidate.Hash;
        _failure = null;
        if (!candidate.IsIntact)
        {
            return Failed(state, $"the candidate's text does not match its hash {candidate.ShortHash}");
        }

        _restoreSource = File.ReadAllText(_path);
        File.WriteAllText(_path, candidate.Source);
        if (ModuleVersion.HashOf(File.ReadAllText(_path)) != candidate.Hash)
        {
            return Failed(state, $"{Module} on disk does not match the candidate's hash {candidate.ShortHash}");
        }

        try
        {
            var result = _host.CanaryReload(Module, new CanaryOptions
            {
                Percentage = 0,
                Salt = state.Salt,
                MaxErrorRate = 1,
                MinCalls = int.MaxValue,
                PostCheck = _options.PostCheck,
            });
            Note(state, "canary", $"v{result.Rollout!.NewVersion} {candidate.ShortHash} salt {state.Salt}");
            return true;
        }
        catch (Exception e) when (e is ModuleLoadException or InvalidOperationException)
        {
            File.WriteAllText(_path, _restoreSource);
            _restoreSource = null;
            return Failed(state, $"the candidate {candidate.ShortHash} did not start: {e.Message}");
        }
    }

    private bool Failed(FleetRolloutState state, string failure)
    {
        _failure = failure;
        Note(state, "failed", failure);
        return false;
    }

    private void Decide(FleetRolloutState state, bool promote)
    {
        try
        {
            var result = promote ? _host.Promote(Module) : _host.Abort(Module);
            Note(state, promote ? "promote" : "abort", result.Rollout?.Reason ?? state.Reason ?? "");
        }
        catch (InvalidOperationException)
        {
            // Decided here in the meantime (a post-check on the host's clock): nothing left to decide.
        }

        if (promote)
        {
            _runningHash = _canaryHash!;
        }
        else if (_restoreSource is not null)
        {
            File.WriteAllText(_path, _restoreSource);
        }

        _restoreSource = null;
    }

    /// <summary>Brings the host to <paramref name="version"/> with a plain reload when it runs another (a host that joined late, or missed a decision).</summary>
    private void EnsureRunning(FleetRolloutState state, ModuleVersion? version)
    {
        if (version is null || version.Hash == _runningHash || !version.IsIntact)
        {
            return;
        }

        File.WriteAllText(_path, version.Source);
        _host.Reload(Module);
        _runningHash = version.Hash;
        Note(state, "reload", $"v{_host.VersionOf(Module).ToString(CultureInfo.InvariantCulture)} {version.ShortHash}");
    }

    private async Task ReportIfDueAsync(FleetRolloutState state)
    {
        if (state.Phase != FleetPhase.Canary || _canaryHash is not { } hash || hash != state.Candidate?.Hash)
        {
            return;
        }

        var status = _host.RolloutStatus(Module);
        if (_failure is null && status is { Kind: "canary", Phase: "aborted" })
        {
            // The fleet has not decided, so the host did: its post-check failed, or someone aborted it here.
            _failure = $"the canary was aborted on this host: {status.Reason}";
        }

        var now = _options.TimeProvider.GetUtcNow();
        if (_failure is null && now - _lastReport < _options.ReportInterval)
        {
            return;
        }

        _lastReport = now;
        var report = status is { Kind: "canary" }
            ? new FleetHostReport(HostId, Generation, hash, status.NewCalls, status.NewErrors, status.StableCalls, status.StableErrors, _failure)
            : new FleetHostReport(HostId, Generation, hash, 0, 0, 0, 0, _failure);
        var after = await _grain.Report(report).ConfigureAwait(false);
        if (after.Generation != Generation)
        {
            await ApplyAsync(after).ConfigureAwait(false);
        }
    }

    private void Note(FleetRolloutState state, string action, string detail)
    {
        if (_options.Logger is { } logger)
        {
            LogApplied(logger, HostId, Module, state.Generation, action, detail);
        }

        Applied?.Invoke(this, new FleetAction(HostId, Module, state.Generation, action, detail));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{HostId} {Module} fleet generation {Generation}: {Action} {Detail}")]
    private static partial void LogApplied(ILogger logger, string hostId, string module, long generation, string action, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{HostId} {Module}: a fleet poll failed; retrying at the next one")]
    private static partial void LogPollFailed(ILogger logger, string hostId, string module, Exception exception);
}
