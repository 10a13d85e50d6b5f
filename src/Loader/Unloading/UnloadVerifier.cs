using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Loader.Unloading;

/// <summary>A replaced context to check: its module and version, a weak reference to it, and how to name what keeps it alive.</summary>
internal sealed record UnloadTarget(string Module, long Version, WeakReference Context, Func<string?> Holder);

/// <summary>
/// Checks that replaced contexts really unload: the host keeps only weak references to them and
/// drives a bounded number of collections. A context still alive is reported, never ignored.
/// </summary>
internal static class UnloadVerifier
{
    /// <summary>Collections tried before a context is reported alive: quick ones first, then spaced out for about half a second, since a call or thread of the old version may still be finishing.</summary>
    public const int MaxGcPasses = 30;

    private const int QuickPasses = 5;

    /// <summary>How long the host must have been without a load or reload before a collection starts.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest a verification waits for quiet: under continuous reloads it goes ahead anyway.</summary>
    public static readonly TimeSpan MaxPostponement = TimeSpan.FromSeconds(2);

    /// <param name="targets">The replaced contexts.</param>
    /// <param name="lastActivity">When the host last started a load or reload (<see cref="Environment.TickCount64"/>), or null to collect at once.</param>
    public static List<UnloadReport> Verify(IReadOnlyList<UnloadTarget> targets, Func<long>? lastActivity = null)
    {
        var reports = new List<UnloadReport>();
        var alive = targets.ToList();
        var passes = 0;
        var started = Environment.TickCount64;
        while (alive.Count > 0 && passes < MaxGcPasses)
        {
            if (passes >= QuickPasses)
            {
                Thread.Sleep(20);
            }

            // Collections compete with a reload for the cores: let a burst of reloads finish first.
            while (lastActivity is not null
                && Environment.TickCount64 - lastActivity() < Quiet.TotalMilliseconds
                && Environment.TickCount64 - started < MaxPostponement.TotalMilliseconds)
            {
                Thread.Sleep(10);
            }

            Collect();
            passes++;
            foreach (var t in alive.Where(t => !t.Context.IsAlive).ToList())
            {
                reports.Add(new UnloadReport(t.Module, t.Version, true, passes, null));
                alive.Remove(t);
            }
        }

        reports.AddRange(alive.Select(t => new UnloadReport(t.Module, t.Version, false, passes, t.Holder() ?? Messages.HeldUnknown)));
        return reports;
    }

    /// <summary>The longest wait for one background collection before the pass counts as done anyway.</summary>
    private static readonly TimeSpan BackgroundGcTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// One full collection, in the background where the runtime allows it: threads serving calls or
    /// compiling the next version keep running instead of stopping for a blocking full GC of a heap
    /// that holds a warm Roslyn. Then the finalizers that release unloaded contexts run.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Collect()
    {
        var background = GC.GetGCMemoryInfo(GCKind.Background).Index;
        var blocking = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        GC.Collect(2, GCCollectionMode.Forced, blocking: false);
        var started = Environment.TickCount64;
        while (GC.GetGCMemoryInfo(GCKind.Background).Index == background
            && GC.GetGCMemoryInfo(GCKind.FullBlocking).Index == blocking
            && Environment.TickCount64 - started < BackgroundGcTimeout.TotalMilliseconds)
        {
            Thread.Sleep(1);
        }

        GC.WaitForPendingFinalizers();
    }
}
