using System.Diagnostics;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// Memory over many reloads: the working set after 10 reloads of a module with a dependent, and
/// after 1,000 (each reload compiles a new version and replaces two contexts).
/// Run with <c>bench/run.sh --soak</c>.
/// </summary>
public static class Soak
{
    /// <summary>Runs the soak and prints the figures; returns false when a replaced context did not unload.</summary>
    public static bool Run(TextWriter output, int reloads = 1000)
    {
        using var folder = new ModuleFolder("soak");
        folder.Write("base.ai", Sources.SmallBase(0));
        folder.Write("dep1.ai", Sources.Dependent(1));
        using var host = folder.CreateHost();
        host.Load("dep1.ai");
        long at10 = 0;
        var detail10 = "";
        var unloaded = 0;
        var failed = 0;
        for (var i = 1; i <= reloads; i++)
        {
            folder.Write("base.ai", Sources.SmallBase(i));
            var result = host.Reload("base.ai");
            foreach (var report in result.UnloadVerification.GetAwaiter().GetResult())
            {
                if (report.Unloaded)
                {
                    unloaded++;
                }
                else
                {
                    failed++;
                }
            }

            if (i == 10)
            {
                at10 = WorkingSet();
                detail10 = Detail();
            }
            else if (i % 1000 == 0 && i < reloads)
            {
                // Checkpoints of a long soak: growth after the compiler's JIT warm-up is what a leak would show.
                output.WriteLine($"  after {i}: working set {WorkingSet() / 1048576.0:F1} MB; {Detail()}");
            }
        }

        var atEnd = WorkingSet();
        output.WriteLine($"working set after 10 reloads: {at10 / 1048576.0:F1} MB; after {reloads}: {atEnd / 1048576.0:F1} MB; growth {(atEnd - at10) / 1048576.0:F1} MB (target: within 5 MB)");
        output.WriteLine($"  after 10: {detail10}");
        output.WriteLine($"  after {reloads}: {Detail()}");
        output.WriteLine($"replaced contexts unloaded: {unloaded} of {unloaded + failed}");
        return failed == 0;
    }

    /// <summary>
    /// Where the working set is: the managed heap (live objects), what the GC keeps committed, and on
    /// Linux the resident anonymous memory (GC heap, native allocations, JIT data) and shared memory
    /// (with W^X, the doubly mapped executable memory: JIT-compiled code and stubs).
    /// </summary>
    private static string Detail()
    {
        var info = GC.GetGCMemoryInfo();
        var text = $"managed heap {GC.GetTotalMemory(forceFullCollection: true) / 1048576.0:F1} MB, GC committed {info.TotalCommittedBytes / 1048576.0:F1} MB";
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (line.StartsWith("RssAnon:", StringComparison.Ordinal) || line.StartsWith("RssShmem:", StringComparison.Ordinal))
                {
                    var parts = line.Split(':', StringSplitOptions.TrimEntries);
                    var kb = long.Parse(parts[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                    text += $", {parts[0]} {kb / 1024.0:F1} MB";
                }
            }
        }

        return text;
    }

    private static long WorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
