using System.Runtime.InteropServices;

namespace FluentAI.Plugins.Loader.DevMode;

/// <summary>
/// Threads for work that should give way to the application's own: dev mode compiles a saved file on one
/// while the debounce waits, so a service answering requests, or a game drawing frames, keeps its cores.
/// <see cref="ThreadPriority.BelowNormal"/> is what Windows and macOS honour; Linux ignores .NET's thread
/// priorities for ordinary threads, so there the thread lowers its own nice value (per thread on Linux:
/// <c>setpriority</c> on its thread id), which the scheduler weighs at about a tenth of a normal thread's.
/// A thread cannot raise its priority back without privileges: only threads of their own are lowered.
/// </summary>
internal static class LowPriority
{
    /// <summary>The nice value the thread takes on Linux (0 is normal, 19 the lowest).</summary>
    internal const int Nice = 10;

    /// <summary>Starts <paramref name="work"/> on a background thread of its own at low priority.</summary>
    public static Thread Start(string name, Action work)
    {
        var thread = new Thread(() =>
        {
            Lower();
            work();
        })
        {
            IsBackground = true,
            Name = name,
            Priority = ThreadPriority.BelowNormal,
        };
        thread.Start();
        return thread;
    }

    /// <summary>The calling thread's nice value on Linux (null elsewhere, or when it cannot be read).</summary>
    internal static int? CurrentNice()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            Marshal.SetLastPInvokeError(0);
            var nice = GetPriority(0, GetTid());
            return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static void Lower()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            // Best effort: a failure (a seccomp filter, an old C library) leaves the thread at normal priority.
            // Never raised: a process niced further already stays as it is.
            if (CurrentNice() is { } nice && nice < Nice)
            {
                _ = SetPriority(0, GetTid(), Nice);
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    // PRIO_PROCESS (0) with a thread id: on Linux that thread only.
    [DllImport("libc", EntryPoint = "setpriority", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "getpriority", ExactSpelling = true, SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "gettid", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();
}
