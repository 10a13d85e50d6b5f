using System.Reflection;
using System.Runtime.CompilerServices;
using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Runtime;

public static partial class Builtins
{
    /// <summary><c>(hot-reload "file.ai")</c>: reloads a module and its dependents through the host; returns the summary.</summary>
    [Builtin("hot-reload")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? HotReload(object? path) => HotReload(HostServices.Of(Assembly.GetCallingAssembly()), path, null, null);

    /// <summary><c>(hot-reload "file.ai" :migrate f)</c>: reloads and applies a one-off migration to the module's state.</summary>
    [Builtin("hot-reload")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? HotReload(object? path, object? option, object? migrate) => HotReload(HostServices.Of(Assembly.GetCallingAssembly()), path, option, migrate);

    /// <summary>Reloads through the host that loaded the calling module (else the flow's host).</summary>
    private static object? HotReload(IHostServices? host, object? path, object? option, object? migrate)
    {
        if (option is not null && (option is not Values.Keyword { Name: "migrate" } || migrate is not Values.Fn))
        {
            throw Errors.WrongType("hot-reload", ":migrate followed by a function", option);
        }

        if (path is not string file)
        {
            throw Errors.WrongType("hot-reload", "a file path string", path);
        }

        // A reload runs code of the program on the host's threads (retire hooks, checks): no longer checked for deadlocks.
        Deadlocks.Unwatch();
        return (host ?? throw new FluentAIException(ErrorCodes.ReloadRejected, "hot-reload needs a host: run the code with fluentai or a PluginHost"))
            .HotReload(file, migrate as Values.Fn);
    }

    /// <summary>
    /// <c>(on-retire (lambda () ...))</c>: registers a function of no arguments that the host runs once
    /// when this module version is retired (replaced by a reload, discarded by a rejected one, or
    /// unloaded), to close what the version owns; returns nil. Each call adds a hook; they run in order.
    /// </summary>
    [Builtin("on-retire")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? OnRetire(object? hook)
    {
        var caller = Assembly.GetCallingAssembly();
        if (hook is not Values.Fn fn || fn.Arity != 0)
        {
            throw Errors.WrongType("on-retire", "a function of no arguments", hook);
        }

        (HostServices.Of(caller) ?? throw new FluentAIException(ErrorCodes.RuntimeError, "on-retire needs a host: run the code with fluentai or a PluginHost"))
            .OnRetire(caller, fn);
        return null;
    }

    /// <summary>
    /// <c>(dev-mode :watch ["src/**/*.ai"] :on-change f :on-error g :preserve [:connections] :debounce 50)</c>:
    /// watches files and reloads what changes; returns nil.
    /// </summary>
    [Builtin("dev-mode")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? DevMode(params object?[] options)
    {
        var host = HostServices.Of(Assembly.GetCallingAssembly());
        options ??= [null];
        if (options.Length % 2 != 0)
        {
            throw new FluentAIException(ErrorCodes.TypeMismatch, "dev-mode takes keyword options: :watch [globs] :on-change f :on-error g :preserve [keys] :debounce ms");
        }

        var map = Values.FMap.Of(options);
        foreach (var key in map.Keys)
        {
            if (key is not Values.Keyword { Name: "watch" or "on-change" or "on-error" or "preserve" or "debounce" })
            {
                throw Errors.WrongType("dev-mode", "one of :watch :on-change :on-error :preserve :debounce", key);
            }
        }

        Deadlocks.Unwatch();
        (host ?? throw new FluentAIException(ErrorCodes.ReloadRejected, "dev-mode needs a host: run the code with fluentai or a PluginHost")).StartDevMode(map);
        return null;
    }

    /// <summary>
    /// <c>(safe-reload "file.ai" :pre-check f :post-check g :rollback-after seconds)</c> (also <c>:check-interval</c>,
    /// <c>:check-timeout</c> in seconds and <c>:migrate f</c>): reloads only if the pre-check passes, and rolls code
    /// and state back automatically if the post-check fails during the window; returns once the new version is live.
    /// </summary>
    [Builtin("safe-reload")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? SafeReload(object? path, params object?[] options) =>
        Host("safe-reload", Assembly.GetCallingAssembly()).SafeReload(FilePath("safe-reload", path), Options("safe-reload", options, "pre-check", "post-check", "rollback-after", "check-interval", "check-timeout", "migrate"));

    /// <summary>
    /// <c>(canary-reload "file.ai" :percentage 10 :ramp-up {:duration s :target 100 :steps [10 25 50 100]})</c> (also
    /// <c>:max-error-rate</c>, <c>:min-calls</c>, <c>:pre-check</c>, <c>:post-check</c>, <c>:check-interval</c>,
    /// <c>:check-timeout</c>, <c>:salt</c>): runs the new version beside the old one; returns once the canary serves.
    /// </summary>
    [Builtin("canary-reload")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? CanaryReload(object? path, params object?[] options) =>
        Host("canary-reload", Assembly.GetCallingAssembly()).CanaryReload(FilePath("canary-reload", path), Options("canary-reload", options, "percentage", "ramp-up", "max-error-rate", "min-calls", "pre-check", "post-check", "check-interval", "check-timeout", "salt"));

    /// <summary><c>(canary-promote "file.ai")</c>: makes the canary the running version now (or closes a safe reload's window as passed).</summary>
    [Builtin("canary-promote")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? CanaryPromote(object? path) => Host("canary-promote", Assembly.GetCallingAssembly()).Rollout("promote", FilePath("canary-promote", path));

    /// <summary><c>(canary-abort "file.ai")</c>: sends every call back to the stable version now (or rolls a safe reload back).</summary>
    [Builtin("canary-abort")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? CanaryAbort(object? path) => Host("canary-abort", Assembly.GetCallingAssembly()).Rollout("abort", FilePath("canary-abort", path));

    /// <summary><c>(rollout-status "file.ai")</c>: a map of the module's running (or last) safe reload or canary, or nil.</summary>
    [Builtin("rollout-status")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? RolloutStatus(object? path) => Host("rollout-status", Assembly.GetCallingAssembly()).Rollout("status", FilePath("rollout-status", path));

    /// <summary><c>(error-rate)</c>: inside a check, the share of calls into the version under check that failed since it went live.</summary>
    [Builtin("error-rate")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? ErrorRate() => Host("error-rate", Assembly.GetCallingAssembly()).CheckFigure("error-rate");

    /// <summary><c>(success-rate)</c>: inside a check, 1 minus <c>(error-rate)</c>.</summary>
    [Builtin("success-rate")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? SuccessRate() => Host("success-rate", Assembly.GetCallingAssembly()).CheckFigure("success-rate");

    /// <summary><c>(valid-syntax?)</c>: inside a check, whether the new version compiled.</summary>
    [Builtin("valid-syntax?")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? ValidSyntax() => Host("valid-syntax?", Assembly.GetCallingAssembly()).CheckFigure("valid-syntax?");

    /// <summary><c>(compatible-api?)</c>: inside a check, whether every import of the module by a dependent still resolves with the same arity.</summary>
    [Builtin("compatible-api?")]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? CompatibleApi() => Host("compatible-api?", Assembly.GetCallingAssembly()).CheckFigure("compatible-api?");

    /// <summary>The host of the rollout forms; the calling program is no longer checked for deadlocks (see <see cref="Deadlocks"/>).</summary>
    private static IHostServices Host(string form, Assembly caller)
    {
        Deadlocks.Unwatch();
        return HostServices.Of(caller) ?? throw new FluentAIException(ErrorCodes.ReloadRejected, $"{form} needs a host: run the code with fluentai or a PluginHost");
    }

    private static string FilePath(string form, object? path) => path as string ?? throw Errors.WrongType(form, "a file path string", path);

    /// <summary>Keyword options as a map, each key one of <paramref name="allowed"/>.</summary>
    private static Values.FMap Options(string form, object?[]? options, params string[] allowed)
    {
        options ??= [null];
        if (options.Length % 2 != 0)
        {
            throw new FluentAIException(ErrorCodes.TypeMismatch, $"{form} takes keyword options: {string.Join(' ', allowed.Select(a => ":" + a + " value"))}");
        }

        var map = Values.FMap.Of(options);
        foreach (var key in map.Keys)
        {
            if (key is not Values.Keyword k || !allowed.Contains(k.Name))
            {
                throw Errors.WrongType(form, "one of " + string.Join(' ', allowed.Select(a => ":" + a)), key);
            }
        }

        return map;
    }
}
