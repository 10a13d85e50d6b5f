// How these tests know that no frame waits for a reload, without measuring wall time:
// * The test's thread is the game thread. It runs a frame, then advances the loop's clock (a
//   FakeTimeProvider) by exactly one frame. Over budget is computed by the loop from that clock only,
//   so on this machine, however slow, a frame is over budget only if fake time passes inside it.
// * Each reload is held in its middle: the new version's top-level forms call (frames-pass 3), a host
//   function that returns once 3 frames have passed on the game clock. Only the game thread moves that
//   clock, between frames, so the reload can finish only if frames keep running while it is under way.
//   If a frame waited for the reload (a reload on the game thread, a lock both take), the gate would
//   wait out its 10 s safety limit, the reload would be rejected and the test would fail; and the loop
//   must have counted at least 3 frames overlapping every reload.
// * Whether a frame that is over budget is blamed on a reload is tested on its own, with a fake AI that
//   spends clock time and the reload monitor driven by hand, since with the fake clock a real reload
//   cannot make a frame late (that is the point of the design).
using FluentAI.Plugins.Loader;
using GameLoop;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Samples.Tests;

public sealed class GameLoopTests
{
    private const int Reloads = 50;

    private static string WithSpeed(string enemyAi, int speed) =>
        enemyAi.Replace("(define speed 1)", $"(define speed {speed})", StringComparison.Ordinal);

    [Fact]
    public async Task FiftyReloadsWhileFramesRunMissNoFrameAndEachChangesTheNextFrame()
    {
        using var game = new GameLoopFixture();
        var enemyAi = game.Shipped("enemy-ai.ai");
        var world = game.Shipped("world.ai");
        game.Frame();
        Assert.All(game.Loop.LastMoves, m => Assert.Equal(1, m));

        var speed = 1L;
        for (var i = 1; i <= Reloads; i++)
        {
            // Every fifth save edits the world module instead: its cell must carry the positions over.
            var editsWorld = i % 5 == 0;
            var newSpeed = editsWorld ? speed : (i % 2 == 0 ? 2 : -1);
            var saved = editsWorld
                ? game.Save("world.ai", GameLoopFixture.Held(world, i))
                : game.Save("enemy-ai.ai", GameLoopFixture.Held(WithSpeed(enemyAi, (int)newSpeed), i));

            var during = game.FramesUntil(saved);
            var outcome = await saved;
            Assert.True(outcome is ReloadResult, $"reload {i} was rejected: {outcome}");
            Assert.True(during.Count(m => m.All(x => x == speed)) >= GameLoopFixture.FramesHeld, $"reload {i}: the old AI did not keep playing while it was held");

            game.Frame();
            Assert.All(game.Loop.LastMoves, m => Assert.Equal(newSpeed, m));
            speed = newSpeed;
        }

        Assert.Equal(Reloads, game.Session.Reloads);
        Assert.Equal(Reloads, game.Gate.Entered);
        Assert.Equal(0, game.Gate.TimedOut);
        Assert.True(game.Loop.FramesDuringReload >= Reloads * GameLoopFixture.FramesHeld, $"only {game.Loop.FramesDuringReload} frames overlapped a reload");
        Assert.Equal(0, game.Loop.OverBudgetDuringReload);
        Assert.Equal(0, game.Loop.OverBudget);
        Assert.Equal(game.Loop.Frames, game.Session.World.Frame());

        var unloads = await game.Unloads();
        Assert.True(unloads.Count >= Reloads, $"{unloads.Count} unload reports for {Reloads} reloads");
        Assert.All(unloads, u => Assert.True(u.Unloaded, $"{u.Module} v{u.Version} is still loaded: {u.Holder}"));
    }

    [Fact]
    public async Task ABrokenEditKeepsTheOldAiAndItsErrorNamesFileLineAndColumn()
    {
        using var game = new GameLoopFixture();
        var enemyAi = game.Shipped("enemy-ai.ai");
        var left = game.Save("enemy-ai.ai", GameLoopFixture.Held(WithSpeed(enemyAi, -1), 1));
        game.FramesUntil(left);
        Assert.IsType<ReloadResult>(await left);

        var broken = WithSpeed(enemyAi, -1).Replace("(lambda (x) speed)", "(lambda (x) speeed)", StringComparison.Ordinal);
        var lines = broken.Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("speeed", StringComparison.Ordinal));
        var column = lines[line].IndexOf("speeed", StringComparison.Ordinal) + 1;
        var rejected = game.Save("enemy-ai.ai", broken);
        var during = game.FramesUntil(rejected);
        var message = Assert.IsType<string>(await rejected);

        Assert.Contains($"enemy-ai.ai({line + 1},{column}): error FAI1001: unknown name 'speeed'", message, StringComparison.Ordinal);
        Assert.Contains($"  {lines[line]}\n  {new string(' ', column - 1)}^", message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.All(during, m => Assert.All(m, x => Assert.Equal(-1, x)));
        game.Frame();
        Assert.All(game.Loop.LastMoves, m => Assert.Equal(-1, m));
        Assert.Equal(1, game.Session.Rejections);

        var fixedUp = game.Save("enemy-ai.ai", GameLoopFixture.Held(WithSpeed(enemyAi, 3), 2));
        game.FramesUntil(fixedUp);
        Assert.IsType<ReloadResult>(await fixedUp);
        game.Frame();
        Assert.All(game.Loop.LastMoves, m => Assert.Equal(3, m));
        Assert.Equal(0, game.Loop.OverBudget);

        var unloads = await game.Unloads();
        Assert.Equal(2, unloads.Count);
        Assert.All(unloads, u => Assert.True(u.Unloaded, $"{u.Module} v{u.Version} is still loaded: {u.Holder}"));
    }

    [Fact]
    public void AFrameOverBudgetIsMeasuredOnTheFrameClockAndBlamedOnAReloadThatOverlapsIt()
    {
        var clock = new FakeTimeProvider();
        var ai = new GameLoopSlowAi(clock);
        var reloads = new ReloadMonitor();
        var loop = new FrameLoop(new GameLoopWorld(), ai, clock, reloads);

        ai.Spends = TimeSpan.FromMilliseconds(16);
        loop.Step();
        Assert.Equal((0, 0, 0), (loop.OverBudget, loop.OverBudgetDuringReload, loop.FramesDuringReload));

        ai.Spends = TimeSpan.FromMilliseconds(17);
        loop.Step();
        Assert.Equal((1, 0, 0), (loop.OverBudget, loop.OverBudgetDuringReload, loop.FramesDuringReload));

        reloads.Begin();
        loop.Step();
        Assert.Equal((2, 1, 1), (loop.OverBudget, loop.OverBudgetDuringReload, loop.FramesDuringReload));

        // A reload that starts and ends inside one frame overlaps it too.
        reloads.End();
        ai.During = () =>
        {
            reloads.Begin();
            reloads.End();
        };
        loop.Step();
        Assert.Equal((3, 2, 2), (loop.OverBudget, loop.OverBudgetDuringReload, loop.FramesDuringReload));

        ai.During = null;
        ai.Spends = TimeSpan.Zero;
        loop.Step();
        Assert.Equal((3, 2, 2), (loop.OverBudget, loop.OverBudgetDuringReload, loop.FramesDuringReload));
        Assert.Equal(TimeSpan.FromMilliseconds(17), loop.Longest);
    }
}
