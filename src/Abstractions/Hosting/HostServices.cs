namespace FluentAI.Plugins.Hosting;

/// <summary>What FluentAI code may ask of the host it runs in (<c>hot-reload</c>, <c>dev-mode</c>, <c>on-retire</c>).</summary>
public interface IHostServices
{
    /// <summary>Reloads <paramref name="path"/> (relative to the host's folder) and its dependents; returns the summary.</summary>
    ReloadSummary HotReload(string path, Values.Fn? migrate);

    /// <summary>Starts development mode with the options of <c>(dev-mode :watch [...] :on-change f ...)</c>.</summary>
    void StartDevMode(Values.FMap options);

    /// <summary>
    /// <c>(safe-reload "file.ai" :pre-check f :post-check g :rollback-after seconds)</c>: reloads with a pre-check and
    /// a rollback window; returns once the new version is live.
    /// </summary>
    ReloadSummary SafeReload(string path, Values.FMap options) =>
        throw new FluentAIException(ErrorCodes.ReloadRejected, "this host does not run safe reloads");

    /// <summary><c>(canary-reload "file.ai" :percentage 10 :ramp-up {:duration s :target 100})</c>: starts a canary; returns once it serves.</summary>
    ReloadSummary CanaryReload(string path, Values.FMap options) =>
        throw new FluentAIException(ErrorCodes.ReloadRejected, "this host does not run canaries");

    /// <summary><c>(canary-promote "f.ai")</c>, <c>(canary-abort "f.ai")</c>, <c>(rollout-status "f.ai")</c>: <paramref name="operation"/> is <c>promote</c>, <c>abort</c> or <c>status</c>.</summary>
    object? Rollout(string operation, string path) =>
        throw new FluentAIException(ErrorCodes.ReloadRejected, "this host does not run rollouts");

    /// <summary><c>(error-rate)</c>, <c>(success-rate)</c>, <c>(valid-syntax?)</c>, <c>(compatible-api?)</c>: a figure of the version under check on this flow.</summary>
    object? CheckFigure(string name) =>
        throw new FluentAIException(ErrorCodes.ReloadRejected, $"({name}) needs a host that runs checks");

    /// <summary>
    /// <c>(on-retire (lambda () ...))</c>: runs <paramref name="hook"/>, a function of no arguments, once
    /// when the module version that <paramref name="caller"/> (the calling module's assembly) belongs to
    /// is retired, so it can close the timers, connections and tasks it owns. A host without module
    /// versions to retire refuses (the default).
    /// </summary>
    /// <exception cref="FluentAIException">The host cannot retire the caller's version.</exception>
    void OnRetire(System.Reflection.Assembly caller, Values.Fn hook) =>
        throw new FluentAIException(ErrorCodes.RuntimeError, "on-retire needs a host that retires module versions, such as a PluginHost");
}

/// <summary>The host that FluentAI code runs in: the one that loaded its module, else the one set on this logical flow.</summary>
public static class HostServices
{
    private static readonly AsyncLocal<IHostServices?> Flow = new();

    // Weak: a module's context never stays loaded because of this table.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Runtime.Loader.AssemblyLoadContext, IHostServices> Owners = new();

    /// <summary>Records that <paramref name="host"/> loaded the module in <paramref name="context"/>; the first host to register a context keeps it.</summary>
    public static void Register(System.Runtime.Loader.AssemblyLoadContext context, IHostServices host) => Owners.TryAdd(context, host);

    /// <summary>The host that loaded the module <paramref name="caller"/> belongs to; else <see cref="Current"/>.</summary>
    public static IHostServices? Of(System.Reflection.Assembly caller) =>
        System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(caller) is { } context && Owners.TryGetValue(context, out var host) ? host : Current;

    /// <summary>The current host: the one set on this flow, else the last one created.</summary>
    public static IHostServices? Current
    {
        get => Flow.Value ?? Default;
        set => Flow.Value = value;
    }

    /// <summary>The host used when none is set on the flow: the first one created that is still alive.</summary>
    public static IHostServices? Default => s_default;

    private static IHostServices? s_default;

    /// <summary>Makes <paramref name="host"/> the default when there is none.</summary>
    public static void OfferDefault(IHostServices host) => Interlocked.CompareExchange(ref s_default, host, null);

    /// <summary>Stops <paramref name="host"/> being the default (when it is); a disposed host calls it.</summary>
    public static void WithdrawDefault(IHostServices host) => Interlocked.CompareExchange(ref s_default, null, host);
}

/// <summary>The value <c>(hot-reload ...)</c> returns; it prints as its text, <c>Reloaded 3 functions, migrated 0 state values</c>.</summary>
/// <param name="Text">The summary line.</param>
/// <param name="Ok">Whether the reload took effect.</param>
public sealed record ReloadSummary(string Text, bool Ok)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
