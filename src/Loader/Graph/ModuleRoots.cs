namespace FluentAI.Plugins.Loader.Graph;

/// <summary>
/// The folders modules may be read from: the host's root and the roots its options allow. An import
/// resolves only to an <c>.ai</c> file inside one of them, judged on the real path (symbolic links
/// followed), so neither <c>..</c>, an absolute path nor a link can reach a file outside.
/// </summary>
internal sealed class ModuleRoots
{
    private readonly List<(string Given, string Real)> _roots;

    public ModuleRoots(string root, IEnumerable<string> allowed) =>
        _roots = [.. new[] { root }.Concat(allowed).Select(Path.GetFullPath).Distinct().Select(r => (r, RealPath(r)))];

    /// <summary>Why <paramref name="target"/> (an existing file an import resolved to) may not be read as a module, or null.</summary>
    public string? Refusal(string import, string target)
    {
        if (!target.EndsWith(".ai", StringComparison.OrdinalIgnoreCase))
        {
            return Messages.ImportNotAModule(import);
        }

        var real = RealPath(target);
        return _roots.Any(r => Inside(real, r.Real)) ? null : Messages.ImportOutsideRoots(import, _roots.Select(r => r.Given));
    }

    private static bool Inside(string path, string root) =>
        path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The path with every symbolic link on the way resolved (what <c>realpath</c> gives).</summary>
    internal static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var next = Path.Combine(current, parts[i]);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            current = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? RealPath(target.FullName)
                : next;
        }

        return current;
    }
}
