using GameLoop;

namespace FluentAI.Plugins.Samples.Tests;

/// <summary>
/// The host function <c>(frames-pass n)</c>: called from a new version's top-level forms, it holds that reload
/// in the middle until n frames have passed on the game's clock, which only the game thread advances, one frame
/// at a time. A reload the game thread had to wait for could never get past it: after <see cref="Safety"/> it
/// gives up, which rejects the reload and fails the test.
/// </summary>
internal sealed class GameLoopGate(TimeProvider frameClock)
{
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);

    private int _entered;
    private int _timedOut;

    public int Entered => Volatile.Read(ref _entered);

    public int TimedOut => Volatile.Read(ref _timedOut);

    public object? Wait(object? frames)
    {
        Interlocked.Increment(ref _entered);
        var count = (long)frames!;
        using var passed = new ManualResetEventSlim();
        using (frameClock.CreateTimer(_ => passed.Set(), null, FrameLoop.Budget * count, Timeout.InfiniteTimeSpan))
        {
            if (passed.Wait(Safety))
            {
                return null;
            }
        }

        Interlocked.Increment(ref _timedOut);
        throw new TimeoutException($"{count} frames did not pass on the game clock within {Safety.TotalSeconds} s of a reload: the game thread was not running");
    }
}
