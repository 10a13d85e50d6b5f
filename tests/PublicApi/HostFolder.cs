using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>
/// A fresh temporary folder of modules and a host over it that compiles into the folder's own
/// cache (so no test sees another's compiled images); deleted with the host.
/// </summary>
internal sealed class HostFolder : IDisposable
{
    /// <param name="options">The host's options, given the folder (for an audit log or state file inside it); the cache is set when they leave it unset.</param>
    public HostFolder(Func<string, PluginHostOptions>? options = null)
    {
        Root = Directory.CreateTempSubdirectory("fai-publicapi-").FullName;
        var settings = options?.Invoke(Root) ?? new PluginHostOptions();
        settings.CacheDirectory ??= Path.Combine(Root, ".cache");
        Host = PluginHost.Create(Root, settings);
    }

    /// <summary>The folder (the host's root).</summary>
    public string Root { get; }

    public PluginHost Host { get; }

    /// <summary>The full path of a file in the folder.</summary>
    public string PathOf(string file) => Path.Combine(Root, file);

    /// <summary>Writes a module (or any file) into the folder; returns its full path.</summary>
    public string Write(string file, string text)
    {
        var path = PathOf(file);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A second host over the same folder and cache, as after a restart.</summary>
    public PluginHost Restart(PluginHostOptions? options = null)
    {
        var settings = options ?? new PluginHostOptions();
        settings.CacheDirectory ??= Path.Combine(Root, ".cache");
        return PluginHost.Create(Root, settings);
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
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
