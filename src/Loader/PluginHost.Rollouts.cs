using FluentAI.Plugins.Loader.Reloading;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>
    /// Reloads <paramref name="file"/> as <see cref="Reload(string)"/> does, but safely (SPEC §2.4 <c>safe-reload</c>):
    /// <see cref="SafeReloadOptions.PreCheck"/> decides before the swap; then the previous versions stay loaded for
    /// <see cref="SafeReloadOptions.RollbackAfter"/>, the post-check runs on the host's clock, and a failure puts the
    /// previous code and state back in one step. Returns as soon as the new version is live
    /// (<see cref="ReloadResult.Rollout"/> says the window is open; <see cref="ReloadResult.UnloadVerification"/>
    /// completes once the window is decided and the retired side has unloaded).
    /// </summary>
    /// <exception cref="ModuleLoadException">The reload or its pre-check was rejected, or a rollout of the module is running; nothing changed.</exception>
    public ReloadResult SafeReload(string file, SafeReloadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _retirement.Exclusive(() => Linking(() => _pipeline.SafeReload(FullPath(file), options)));
    }

    /// <summary>
    /// Starts the new version of <paramref name="file"/> — with every module that imports it — beside the running
    /// one and sends it <see cref="CanaryOptions.Percentage"/> of the calls that enter them (SPEC §2.4
    /// <c>canary-reload</c>). A call is routed once, on entry, and runs on one side throughout. The canary is aborted
    /// when its error rate exceeds the stable side's by <see cref="CanaryOptions.MaxErrorRate"/> after
    /// <see cref="CanaryOptions.MinCalls"/> calls, or when its post-check fails; at the ramp's end it is promoted.
    /// Returns once the canary serves.
    /// </summary>
    /// <exception cref="ModuleLoadException">The new version, its pre-check, or a state migration it would need was rejected; nothing changed.</exception>
    /// <exception cref="InvalidOperationException">The module is not loaded.</exception>
    public ReloadResult CanaryReload(string file, CanaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _retirement.Exclusive(() => Linking(() => _pipeline.CanaryReload(FullPath(file), options)));
    }

    /// <summary>
    /// Decides the running rollout of <paramref name="file"/> for the new version now: a canary becomes the running
    /// version (the stable side is released once its calls drain); a safe reload's window closes as passed.
    /// </summary>
    /// <exception cref="InvalidOperationException">No safe-reload window or canary of the module is running.</exception>
    public ReloadResult Promote(string file) => Decide(file, promote: true);

    /// <summary>
    /// Decides the running rollout of <paramref name="file"/> against the new version now: a canary is aborted (every
    /// call goes back to the stable side); a safe reload is rolled back, as <see cref="Rollback"/> does during a window.
    /// </summary>
    /// <exception cref="InvalidOperationException">No safe-reload window or canary of the module is running.</exception>
    public ReloadResult Abort(string file) => Decide(file, promote: false);

    /// <summary>
    /// Sets the share of the calls the running canary of <paramref name="file"/> gets, from now (0 to 100 %), as a step
    /// of its ramp would: a key on the canary stays on it when the weight rises. For a weight driven from outside the
    /// host (a fleet controller, an operator), start the canary without <see cref="CanaryOptions.RampDuration"/>: a
    /// ramp sets its own weight again at its next step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percentage"/> is not from 0 to 100.</exception>
    /// <exception cref="InvalidOperationException">No canary of the module is running.</exception>
    public RolloutStatus SetCanaryWeight(string file, double percentage)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!(percentage is >= 0 and <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(percentage), percentage, "a canary's weight is a percentage from 0 to 100");
        }

        return _retirement.Exclusive(() => _pipeline.RolloutOf(FullPath(file)) is Canary { Finished: false } canary
            ? canary.SetWeight(percentage)
            : throw new InvalidOperationException(Messages.NoCanary(Path.GetFileName(file))));
    }

    /// <summary>The production reload of <paramref name="file"/>: running, or the last one decided (its outcome and reason); null if there was none.</summary>
    public RolloutStatus? RolloutStatus(string file)
    {
        lock (_gate)
        {
            return _pipeline.RolloutOf(FullPath(file))?.Status();
        }
    }

    /// <summary>
    /// Routes the calls made on this flow (this thread and the tasks it starts) by <paramref name="key"/> until the
    /// scope is disposed: during a canary a key always lands on the same side, and raising the weight only moves keys
    /// to the canary. The key is hashed, never logged or tagged.
    /// </summary>
    public static IDisposable RouteBy(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return RoutingKey.Set(key);
    }

    private ReloadResult Decide(string file, bool promote)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _retirement.Exclusive(() =>
        {
            var rollout = _pipeline.RolloutOf(FullPath(file));
            return rollout is { Finished: false }
                ? ReloadPipeline.Decide(rollout, promote)
                : throw new InvalidOperationException(Messages.NoRollout(Path.GetFileName(file)));
        });
    }
}
