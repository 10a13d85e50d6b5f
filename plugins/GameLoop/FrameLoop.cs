namespace GameLoop;

/// <summary>
/// The fixed-step game loop: each frame asks the enemy AI for moves and hands them to the world's
/// <c>update</c>, both through typed proxies. It never loads or reloads anything: reloads happen
/// on another thread (<see cref="GameSession"/>), and the proxies reach whichever version is current.
/// Every duration is read from the injected clock, so a test's fake clock decides what "late" means.
/// </summary>
public sealed class FrameLoop(IWorld world, IEnemyAi ai, TimeProvider clock, ReloadMonitor reloads)
{
    /// <summary>One frame at 60 Hz: the period of the loop and the budget of each frame.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / 60);

    /// <summary>Frames run so far.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames that ended later than their budget allowed (work plus lateness of the start).</summary>
    public long OverBudget { get; private set; }

    /// <summary>Of <see cref="OverBudget"/>, those a reload overlapped: the misses a reload may have caused.</summary>
    public long OverBudgetDuringReload { get; private set; }

    /// <summary>Frames a reload overlapped, in budget or not.</summary>
    public long FramesDuringReload { get; private set; }

    /// <summary>The longest frame so far, on the injected clock.</summary>
    public TimeSpan Longest { get; private set; }

    /// <summary>The enemies' positions after the last frame.</summary>
    public IReadOnlyList<long> Enemies { get; private set; } = world.Enemies();

    /// <summary>The moves the AI chose in the last frame.</summary>
    public IReadOnlyList<long> LastMoves { get; private set; } = [];

    /// <summary>Runs one frame now.</summary>
    public void Step() => Step(clock.GetTimestamp());

    /// <summary>Runs <paramref name="frames"/> frames back to back (a test advances the clock between calls if it wants time to pass).</summary>
    public void RunFrames(int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            Step();
        }
    }

    /// <summary>
    /// Runs at 60 Hz on the calling thread until <paramref name="stop"/> or, when given, <paramref name="frames"/> frames;
    /// calls <paramref name="everySecond"/> after every 60th frame.
    /// </summary>
    public void Run(long? frames, Action? everySecond, CancellationToken stop)
    {
        var period = (long)(Budget.TotalSeconds * clock.TimestampFrequency);
        var next = clock.GetTimestamp();
        while (!stop.IsCancellationRequested && (frames is null || Frames < frames))
        {
            Step(next);
            if (Frames % 60 == 0)
            {
                everySecond?.Invoke();
            }

            next += period;
            var wait = next - clock.GetTimestamp();
            if (wait < -period)
            {
                // More than a frame behind (already counted as over budget): start afresh rather than run a burst.
                next = clock.GetTimestamp();
            }
            else if (wait > 0 && !Wait(TimeSpan.FromSeconds((double)wait / clock.TimestampFrequency), stop))
            {
                return;
            }
        }
    }

    private bool Wait(TimeSpan time, CancellationToken stop)
    {
        try
        {
            Task.Delay(time, clock, stop).Wait(stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    // A frame is over budget when it ends more than one budget after it was due to start.
    private void Step(long scheduled)
    {
        var reloadsBefore = reloads.Started;
        var reloadingAtStart = reloads.Active;

        LastMoves = ai.EnemyAi(Enemies, Frames);
        Enemies = world.Update(LastMoves);
        Frames++;

        var took = clock.GetElapsedTime(scheduled);
        var overlapped = reloadingAtStart || reloads.Active || reloads.Started != reloadsBefore;
        Longest = took > Longest ? took : Longest;
        if (overlapped)
        {
            FramesDuringReload++;
        }

        if (took > Budget)
        {
            OverBudget++;
            OverBudgetDuringReload += overlapped ? 1 : 0;
        }
    }
}
