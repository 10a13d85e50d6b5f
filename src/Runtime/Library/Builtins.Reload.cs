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
}
