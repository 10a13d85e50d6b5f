using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>
/// Checks that replaced contexts really unload: the host keeps only weak references to them and
/// drives a bounded number of collections. A context still alive is reported, never ignored.
/// </summary>
internal static class UnloadVerifier
{
    /// <summary>Collections tried before a context is reported alive: quick ones first, then spaced out for about half a second, since a call or thread of the old version may still be finishing.</summary>
    public const int MaxGcPasses = 30;

    private const int QuickPasses = 5;

    public static List<UnloadReport> Verify(IReadOnlyList<(string Module, long Version, WeakReference Context, Func<string?> Holder)> targets)
    {
        var reports = new List<UnloadReport>();
        var alive = targets.ToList();
        var passes = 0;
        while (alive.Count > 0 && passes < MaxGcPasses)
        {
            if (passes >= QuickPasses)
            {
                Thread.Sleep(20);
            }

            Collect();
            passes++;
            foreach (var t in alive.Where(t => !t.Context.IsAlive).ToList())
            {
                reports.Add(new UnloadReport(t.Module, t.Version, true, passes, null));
                alive.Remove(t);
            }
        }

        reports.AddRange(alive.Select(t => new UnloadReport(t.Module, t.Version, false, passes, t.Holder() ?? "something outside the module still refers to its code (a function value, closure or object it made)")));
        return reports;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }
}
