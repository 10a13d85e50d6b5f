using System.Collections.Concurrent;
using FluentAI.Plugins.Compiler;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>A compiled module image on disk, immutable under its content-hash name.</summary>
internal sealed record CachedImage(string Hash, string DllPath);

/// <summary>
/// Compiled modules by content hash, in memory and on disk. Files are written once under a new
/// name and never overwritten (overwriting a loaded image crashes the process on Linux), so the
/// cache folder is also what McMaster's loader reads from.
/// </summary>
internal sealed class CompileCache
{
    private readonly ConcurrentDictionary<string, CachedImage> _memory = new(StringComparer.Ordinal);
    private readonly string _directory;

    public CompileCache(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public int Hits { get; private set; }

    public int Misses { get; private set; }

    public CachedImage? TryGet(string hash)
    {
        if (_memory.TryGetValue(hash, out var image))
        {
            Hits++;
            return image;
        }

        var dll = DllPath(hash);
        if (File.Exists(dll))
        {
            Hits++;
            return _memory.GetOrAdd(hash, new CachedImage(hash, dll));
        }

        Misses++;
        return null;
    }

    public CachedImage Store(CompileResult result)
    {
        var dll = DllPath(result.Hash);
        if (!File.Exists(dll))
        {
            WriteOnce(dll, result.Image!);
        }

        return _memory.GetOrAdd(result.Hash, new CachedImage(result.Hash, dll));
    }

    private string DllPath(string hash) => Path.Combine(_directory, hash[..2], hash + ".dll");

    private static void WriteOnce(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        try
        {
            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process wrote the same content first; identical by construction.
            File.Delete(temp);
        }
    }

    public static string DefaultDirectory()
    {
        var fromEnv = Environment.GetEnvironmentVariable("FLUENTAI_CACHE");
        if (!string.IsNullOrEmpty(fromEnv))
        {
            return fromEnv;
        }

        var baseDir = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(baseDir))
        {
            baseDir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        }

        return Path.Combine(baseDir, "fluentai", "modules");
    }
}
