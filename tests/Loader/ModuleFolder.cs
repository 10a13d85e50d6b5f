namespace FluentAI.Plugins.Loader.Tests;

/// <summary>A temporary folder of .ai files and a host over it with its own compile cache.</summary>
internal sealed class ModuleFolder : IDisposable
{
    /// <summary>A folder whose host gets the options <paramref name="configure"/> sets.</summary>
    public ModuleFolder(Action<PluginHostOptions> configure)
        : this((_, options) => configure(options))
    {
    }

    /// <param name="configure">Changes the host's options (a fake clock, an audit log) before the host is created.</param>
    public ModuleFolder(Action<string, PluginHostOptions>? configure = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        var options = new PluginHostOptions { CacheDirectory = Path.Combine(Root, ".cache") };
        configure?.Invoke(Root, options);
        Host = PluginHost.Create(Root, options);
    }

    public string Root { get; }

    public PluginHost Host { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        Host.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
