using FluentAI.Plugins.Compiler;

namespace FluentAI.Plugins.Loader.Building;

/// <summary>A compiled module image on disk, immutable under its content-hash name.</summary>
internal sealed record CachedImage(string Hash, string DllPath);

/// <summary>
/// Compiled modules by content hash, in memory and on disk. Files are written once under a new
/// name and never overwritten (overwriting a loaded image crashes the process on Linux), so the
/// cache folder is also what McMaster's loader reads from. The in-memory index only saves a look
/// at the disk: it keeps the <see cref="MemoryCapacity"/> most recently used images, since every
/// reload of a changed module adds a hash that is never asked for again (a thousand reloads would
/// otherwise keep a thousand entries for the life of the host).
/// </summary>
internal sealed class CompileCache
{
    /// <summary>How many images the in-memory index keeps unless told otherwise.</summary>
    public const int DefaultMemoryCapacity = 256;

    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedListNode<CachedImage>> _memory = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedImage> _recent = new();
    private readonly string _directory;
    private int _memoryCapacity = DefaultMemoryCapacity;

    public CompileCache(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
    }

    public int Hits { get; private set; }

    public int Misses { get; private set; }

    /// <summary>The most images the in-memory index keeps; older ones are found on disk again.</summary>
    public int MemoryCapacity
    {
        get => _memoryCapacity;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_gate)
            {
                _memoryCapacity = value;
                Trim();
            }
        }
    }

    /// <summary>How many images the in-memory index holds now.</summary>
    public int InMemory
    {
        get
        {
            lock (_gate)
            {
                return _memory.Count;
            }
        }
    }

    public CachedImage? TryGet(string hash)
    {
        lock (_gate)
        {
            if (_memory.TryGetValue(hash, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                Hits++;
                return node.Value;
            }
        }

        var dll = DllPath(hash);
        if (File.Exists(dll))
        {
            Hits++;
            return Remember(new CachedImage(hash, dll));
        }

        Misses++;
        return null;
    }

    /// <summary>True when an image for <paramref name="hash"/> is cached (not counted as a hit or a miss).</summary>
    public bool Contains(string hash)
    {
        lock (_gate)
        {
            if (_memory.ContainsKey(hash))
            {
                return true;
            }
        }

        return File.Exists(DllPath(hash));
    }

    public CachedImage Store(CompileResult result)
    {
        var dll = DllPath(result.Hash);
        if (!File.Exists(dll))
        {
            WriteOnce(dll, result.Image!);
        }

        return Remember(new CachedImage(result.Hash, dll));
    }

    /// <summary>Puts <paramref name="image"/> first in the index (or returns the entry already there) and drops the least recently used beyond the capacity.</summary>
    private CachedImage Remember(CachedImage image)
    {
        lock (_gate)
        {
            if (_memory.TryGetValue(image.Hash, out var node))
            {
                _recent.Remove(node);
            }
            else
            {
                node = new LinkedListNode<CachedImage>(image);
                _memory[image.Hash] = node;
            }

            _recent.AddFirst(node);
            Trim();
            return node.Value;
        }
    }

    private void Trim()
    {
        while (_memory.Count > _memoryCapacity && _recent.Last is { } oldest)
        {
            _recent.RemoveLast();
            _memory.Remove(oldest.Value.Hash);
        }
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
