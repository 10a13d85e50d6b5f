using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost : IHostServices
{
    /// <summary>The module key under which host functions are imported: <c>(import "host" (name))</c>.</summary>
    public const string HostModule = "host";

    private readonly Dictionary<string, ExportInfo> _hostFunctions = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes <paramref name="function"/> importable by FluentAI code as <c>(import "host" (name))</c>.
    /// Registering a name again replaces the function; code already loaded calls the new one.
    /// </summary>
    public void Register(string name, Fn function)
    {
        ArgumentNullException.ThrowIfNull(function);
        lock (_gate)
        {
            var node = _graph.GetOrAdd(HostModule);
            _hostFunctions[name] = new ExportInfo(name, name, true, function.Arity, function.IsVariadic);
            var exports = _hostFunctions.Values.ToList();
            node.Parsed = ParsedModule.Virtual(new ModuleManifest(HostModule, HostModule, [], exports, exports, []));
            var writer = node.Writer(name);
            writer.Publish(function, writer.Slot.Version + 1);
        }
    }

    /// <summary>Registers a one-argument host function.</summary>
    public void Register(string name, Func<object?, object?> function) => Register(name, new Lambda1(name, function));

    /// <summary>Registers a two-argument host function.</summary>
    public void Register(string name, Func<object?, object?, object?> function) => Register(name, new Lambda2(name, function));

    ReloadSummary IHostServices.HotReload(string path, Fn? migrate)
    {
        if (_linking.Value is { Value: true })
        {
            // The load that runs these forms holds the host: reloading from inside it could never start.
            throw new FluentAIException(ErrorCodes.ReloadRejected, Messages.HotReloadWhileLinking(path));
        }

        try
        {
            return new ReloadSummary(Reload(path, migrate).Report, true);
        }
        catch (ModuleLoadException e)
        {
            throw e.Error ?? new FluentAIException(ErrorCodes.ReloadRejected, Messages.Rejected(e.Message), e.Diagnostics.FirstOrDefault(d => d.IsError)?.Span);
        }
    }

    void IHostServices.StartDevMode(FMap options) => StartDevMode(options);

    ReloadSummary IHostServices.SafeReload(string path, FMap options)
    {
        var safe = new SafeReloadOptions
        {
            PreCheck = Reloading.CheckScope.Of(Option<Fn>(options, "pre-check", "a function of no arguments")),
            PostCheck = Reloading.CheckScope.Of(Option<Fn>(options, "post-check", "a function of no arguments")),
            Migrate = Option<Fn>(options, "migrate", "a function"),
        };
        safe.RollbackAfter = Seconds(options, "rollback-after") ?? safe.RollbackAfter;
        safe.CheckInterval = Seconds(options, "check-interval") ?? safe.CheckInterval;
        safe.CheckTimeout = Seconds(options, "check-timeout") ?? safe.CheckTimeout;
        var result = FromModule("safe-reload", path, () => SafeReload(path, safe));
        return new ReloadSummary(string.Join('\n', result.Migrations.Append(Messages.SafeReloadSummary(result.ToString(), safe.RollbackAfter))), true);
    }

    ReloadSummary IHostServices.CanaryReload(string path, FMap options)
    {
        var canary = new CanaryOptions
        {
            PreCheck = Reloading.CheckScope.Of(Option<Fn>(options, "pre-check", "a function of no arguments")),
            PostCheck = Reloading.CheckScope.Of(Option<Fn>(options, "post-check", "a function of no arguments")),
            Salt = Option<string>(options, "salt", "a string"),
        };
        canary.Percentage = Number(options, "percentage") ?? canary.Percentage;
        canary.MaxErrorRate = Number(options, "max-error-rate") ?? canary.MaxErrorRate;
        canary.MinCalls = (int)(Number(options, "min-calls") ?? canary.MinCalls);
        canary.CheckInterval = Seconds(options, "check-interval") ?? canary.CheckInterval;
        canary.CheckTimeout = Seconds(options, "check-timeout") ?? canary.CheckTimeout;
        if (Option<FMap>(options, "ramp-up", "a map {:duration seconds :target 100 :steps [...]}") is { } ramp)
        {
            canary.RampDuration = Seconds(ramp, "duration") ?? throw new FluentAIException(ErrorCodes.TypeMismatch, "canary-reload: :ramp-up needs :duration (seconds)");
            canary.RampTarget = Number(ramp, "target") ?? canary.RampTarget;
            if (Option<FList>(ramp, "steps", "a list of percentages") is { } steps)
            {
                canary.Steps = [.. steps.Select(v => Runtime.Ops.ToDouble(v, "canary-reload :steps"))];
            }
        }

        var result = FromModule("canary-reload", path, () => CanaryReload(path, canary));
        return new ReloadSummary(Messages.CanarySummary(System.IO.Path.GetFileName(path), result.Rollout!.NewVersion, result.Rollout.Weight), true);
    }

    object? IHostServices.Rollout(string operation, string path)
    {
        if (operation == "status")
        {
            return RolloutStatus(path) is { } status ? StatusMap(status) : null;
        }

        var result = FromModule("canary-" + operation, path, () => operation == "promote" ? Promote(path) : Abort(path));
        return new ReloadSummary(result.Rollout?.Reason ?? result.ToString(), true);
    }

    object? IHostServices.CheckFigure(string name)
    {
        var check = Reloading.CheckScope.Current ?? throw new FluentAIException(ErrorCodes.ReloadRejected, Messages.CheckOutsideCheck(name));
        return name switch
        {
            "error-rate" => check.ErrorRate,
            "success-rate" => check.SuccessRate,
            "valid-syntax?" => check.ValidSyntax,
            _ => check.CompatibleApi,
        };
    }

    /// <summary>Runs a reload asked for by module code: not from top-level forms that are loading; a rejection as the located error.</summary>
    private ReloadResult FromModule(string form, string path, Func<ReloadResult> reload)
    {
        if (_linking.Value is { Value: true })
        {
            throw new FluentAIException(ErrorCodes.ReloadRejected, Messages.HotReloadWhileLinking(path).Replace("hot-reload", form, StringComparison.Ordinal));
        }

        try
        {
            return reload();
        }
        catch (ModuleLoadException e)
        {
            throw e.Error ?? new FluentAIException(ErrorCodes.ReloadRejected, Messages.Rejected(e.Message), e.Diagnostics.FirstOrDefault(d => d.IsError)?.Span);
        }
        catch (InvalidOperationException e)
        {
            throw new FluentAIException(ErrorCodes.ReloadRejected, e.Message);
        }
    }

    private static FMap StatusMap(RolloutStatus s) => FMap.Of(
        Keyword.Intern("module"), s.Module,
        Keyword.Intern("kind"), Keyword.Intern(s.Kind),
        Keyword.Intern("phase"), Keyword.Intern(s.Phase),
        Keyword.Intern("stable-version"), s.StableVersion,
        Keyword.Intern("new-version"), s.NewVersion,
        Keyword.Intern("weight"), s.Weight,
        Keyword.Intern("stable-calls"), s.StableCalls,
        Keyword.Intern("stable-errors"), s.StableErrors,
        Keyword.Intern("new-calls"), s.NewCalls,
        Keyword.Intern("new-errors"), s.NewErrors,
        Keyword.Intern("reason"), s.Reason);

    private static T? Option<T>(FMap options, string name, string expected)
        where T : class
    {
        var value = options[Keyword.Intern(name)];
        return value is null or T ? (T?)value : throw new FluentAIException(ErrorCodes.TypeMismatch, $":{name} expects {expected}, got {Printer.Print(value)}");
    }

    private static double? Number(FMap options, string name) => options[Keyword.Intern(name)] switch
    {
        null => null,
        long l => l,
        double d => d,
        var other => throw new FluentAIException(ErrorCodes.TypeMismatch, $":{name} expects a number, got {Printer.Print(other)}"),
    };

    private static TimeSpan? Seconds(FMap options, string name) => Number(options, name) is { } s ? TimeSpan.FromSeconds(s) : null;

    /// <summary>
    /// <c>(on-retire f)</c>: kept on the caller's module version (running, or still being linked) and run
    /// when it is retired; a version already retired (code of it still running after a reload) runs it at once.
    /// </summary>
    void IHostServices.OnRetire(System.Reflection.Assembly caller, Fn hook)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(hook);
        if (System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(caller) is not { } context || !_contexts.TryGetGeneration(context, out var generation))
        {
            throw new FluentAIException(ErrorCodes.RuntimeError, Messages.RetireOutsideModule);
        }

        if (!generation.AddRetireHook(hook))
        {
            _retirement.Run(generation, hook);
        }
    }
}
