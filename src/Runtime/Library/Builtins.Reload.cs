using FluentAI.Plugins.Hosting;

namespace FluentAI.Plugins.Runtime;

public static partial class Builtins
{
    /// <summary><c>(hot-reload "file.ai")</c>: reloads a module and its dependents through the host; returns the summary.</summary>
    [Builtin("hot-reload")]
    public static object? HotReload(object? path)
    {
        if (path is not string file)
        {
            throw Errors.WrongType("hot-reload", "a file path string", path);
        }

        var host = HostServices.Current ?? throw new FluentAIException(ErrorCodes.ReloadRejected, "hot-reload needs a host: run the code with fluentai or a PluginHost");
        return host.HotReload(file);
    }
}
