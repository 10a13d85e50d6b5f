using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Runtime;

public static partial class Builtins
{
    /// <summary><c>(hot-reload "file.ai")</c>: reloads a module and its dependents through the host; returns the summary.</summary>
    [Builtin("hot-reload")]
    public static object? HotReload(object? path) => HotReload(path, null, null);

    /// <summary><c>(hot-reload "file.ai" :migrate f)</c>: reloads and applies a one-off migration to the module's state.</summary>
    [Builtin("hot-reload")]
    public static object? HotReload(object? path, object? option, object? migrate)
    {
        if (option is not null && (option is not Values.Keyword { Name: "migrate" } || migrate is not Values.Fn))
        {
            throw Errors.WrongType("hot-reload", ":migrate followed by a function", option);
        }

        if (path is not string file)
        {
            throw Errors.WrongType("hot-reload", "a file path string", path);
        }

        var host = HostServices.Current ?? throw new FluentAIException(ErrorCodes.ReloadRejected, "hot-reload needs a host: run the code with fluentai or a PluginHost");
        return host.HotReload(file, migrate as Values.Fn);
    }

    /// <summary>
    /// <c>(dev-mode :watch ["src/**/*.ai"] :on-change f :on-error g :preserve [:connections] :debounce 50)</c>:
    /// watches files and reloads what changes; returns nil.
    /// </summary>
    [Builtin("dev-mode")]
    public static object? DevMode(params object?[] options)
    {
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

        var host = HostServices.Current ?? throw new FluentAIException(ErrorCodes.ReloadRejected, "dev-mode needs a host: run the code with fluentai or a PluginHost");
        host.StartDevMode(map);
        return null;
    }
}
