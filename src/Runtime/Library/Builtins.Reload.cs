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

        (host ?? throw new FluentAIException(ErrorCodes.ReloadRejected, "dev-mode needs a host: run the code with fluentai or a PluginHost")).StartDevMode(map);
        return null;
    }
}
