using System.Diagnostics;
using FluentAI.Plugins.Loader;

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
            }
        }

        var atEnd = WorkingSet();
        output.WriteLine($"working set after 10 reloads: {at10 / 1048576.0:F1} MB; after {reloads}: {atEnd / 1048576.0:F1} MB; growth {(atEnd - at10) / 1048576.0:F1} MB (target: within 5 MB)");
        output.WriteLine($"replaced contexts unloaded: {unloaded} of {unloaded + failed}");
        return failed == 0;
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
