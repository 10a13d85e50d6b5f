using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// A temporary folder of .ai files with its own compile cache, so a benchmark never reuses images
/// compiled by another run (the cache is keyed by file path and source, and the path is unique).
/// </summary>
public sealed class ModuleFolder : IDisposable
{
    /// <summary>Creates an empty folder under the temp directory, and a cache folder under <c>$FLUENTAI_CACHE</c> when set.</summary>
    public ModuleFolder(string name)
    {
        var id = name + "-" + Guid.NewGuid().ToString("N")[..12];
        Root = Path.Combine(Path.GetTempPath(), "fai-bench", id);
        var cacheBase = Environment.GetEnvironmentVariable("FLUENTAI_CACHE") is { Length: > 0 } env ? env : Path.Combine(Path.GetTempPath(), "fai-cache-bench");
        CacheDirectory = Path.Combine(cacheBase, "bench-" + id);
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder holding the modules.</summary>
    public string Root { get; }

    /// <summary>The compile cache of hosts made by <see cref="CreateHost"/>.</summary>
    public string CacheDirectory { get; }

    /// <summary>Writes a module file and returns its full path.</summary>
    public string Write(string file, string text)
    {
        var path = Path.Combine(Root, file);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>A host over this folder that caches into <see cref="CacheDirectory"/>.</summary>
    public PluginHost CreateHost() => PluginHost.Create(Root, new PluginHostOptions { CacheDirectory = CacheDirectory });

    /// <summary>Deletes the folder and its cache.</summary>
    public void Dispose()
    {
        foreach (var dir in new[] { Root, CacheDirectory })
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }
        }
    }
}
