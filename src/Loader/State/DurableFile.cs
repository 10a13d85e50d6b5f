using System.Runtime.InteropServices;
using System.Text;

namespace FluentAI.Plugins.Loader.State;

/// <summary>
/// Replaces a file so that a crash at any moment leaves either the old content or the new, never a mix:
/// the text goes to <c>FILE.tmp</c>, which is flushed to the disk, then renamed over <c>FILE</c>; on Linux
/// and macOS the folder is flushed too, so the rename itself survives a power loss.
/// </summary>
internal static class DurableFile
{
    /// <summary>The temporary file a write goes through: <c>FILE.tmp</c> beside <paramref name="path"/>.</summary>
    public static string TempOf(string path) => path + ".tmp";

    /// <exception cref="IOException">The file could not be written (disk full, no such folder, ...); <paramref name="path"/> is unchanged.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file may not be written; <paramref name="path"/> is unchanged.</exception>
    public static void Write(string path, string text)
    {
        var temp = TempOf(path);
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(Encoding.UTF8.GetBytes(text));

                // fsync: the content is on the disk before the rename makes it the file.
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }

        SyncFolder(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>
    /// Removes a <c>FILE.tmp</c> a crash left behind in the middle of a write: by construction <c>FILE</c>
    /// itself is intact (the rename never happened), so the leftover is only the unfinished write.
    /// </summary>
    public static void RemoveLeftover(string path) => TryDelete(TempOf(path));

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The next write replaces it (FileMode.Create truncates), and nothing ever reads it.
        }
    }

    /// <summary>fsync of the folder, which makes the rename durable. Best effort: a folder that cannot be opened or flushed (some file systems) leaves the rename to the OS.</summary>
    private static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            // Windows: .NET opens no handle to a folder to flush; NTFS journals the rename's metadata.
            return;
        }

        var name = Marshal.StringToCoTaskMemUTF8(folder);
        try
        {
            // O_RDONLY (0 on both systems): a folder can be opened for reading and flushed.
            var fd = Open(name, 0);
            if (fd >= 0)
            {
                _ = Fsync(fd);
                _ = Close(fd);
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    [DllImport("libc", EntryPoint = "open", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open(nint path, int flags);

    [DllImport("libc", EntryPoint = "fsync", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
