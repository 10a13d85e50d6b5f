using System.Diagnostics;
using FluentAI.Plugins.Loader;
using GameLoop;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Samples.Tests;

/// <summary>
/// A copy of the sample's game/ modules in a temporary folder, run by a <see cref="GameSession"/> whose frame
/// clock is a fake the test advances one frame after every frame; the watcher sees only the changes the test
/// reports, and reloads on its own thread as in the program. The test's thread is the game thread.
/// </summary>
internal sealed class GameLoopFixture : IDisposable
{
    public const int FramesHeld = 3;

    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(20);
    private readonly string _root = Directory.CreateTempSubdirectory("gameloop-test").FullName;
    private readonly List<ReloadResult> _results = [];
    private TaskCompletionSource<object> _next = new();

    public GameLoopFixture()
    {
        Folder = Directory.CreateDirectory(Path.Combine(_root, "game")).FullName;
        foreach (var file in Directory.GetFiles(ModuleFolder.Default(), "*.ai"))
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)));
        }

        Gate = new GameLoopGate(Clock);
        Session = new GameSession(Folder, new GameSessionOptions
        {
            FrameClock = Clock,
            WatchFileSystem = false,
            Debounce = TimeSpan.FromMilliseconds(1),
            CacheDirectory = Path.Combine(_root, "cache"),
            Configure = host => host.Register("frames-pass", Gate.Wait),
        });
        Session.Reloaded += r =>
        {
            lock (_results)
            {
                _results.Add(r);
            }

            _next.TrySetResult(r);
        };
        Session.Rejected += (_, message) => _next.TrySetResult(message);
    }

    public FakeTimeProvider Clock { get; } = new();

    public GameLoopGate Gate { get; }

    public GameSession Session { get; }

    public string Folder { get; }

    public FrameLoop Loop => Session.Loop;

    public string Shipped(string file) => File.ReadAllText(Path.Combine(ModuleFolder.Default(), file));

    /// <summary>The shipped module with <c>(frames-pass 3)</c> among its top-level forms: its reload holds until 3 frames ran.</summary>
    public static string Held(string text, int revision)
    {
        var afterModule = text.IndexOf('\n', text.IndexOf("(module ", StringComparison.Ordinal)) + 1;
        return text.Insert(afterModule, "(import \"host\" (frames-pass))\n")
            + $"\n(define revision {revision})\n(frames-pass {FramesHeld})\n";
    }

    /// <summary>Saves <paramref name="file"/> and tells the watcher; completes with the ReloadResult, or the rejection's message.</summary>
    public Task<object> Save(string file, string text)
    {
        _next = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
        var path = Path.Combine(Folder, file);
        File.WriteAllText(path, text);
        Session.Watcher!.Notify(path);
        return _next.Task;
    }

    /// <summary>One frame, then the clock moves on by one frame. Checks each enemy moved by exactly its move: the world never restarted.</summary>
    public void Frame()
    {
        var before = Loop.Enemies;
        Loop.Step();
        Clock.Advance(FrameLoop.Budget);
        var track = Session.World.Width() * 10;
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(((before[i] + Loop.LastMoves[i]) % track + track) % track, Loop.Enemies[i]);
        }
    }

    /// <summary>Runs frames until <paramref name="done"/> completes; returns the moves of each frame.</summary>
    public List<IReadOnlyList<long>> FramesUntil(Task done)
    {
        var moves = new List<IReadOnlyList<long>>();
        var safety = Stopwatch.StartNew();
        while (!done.IsCompleted)
        {
            Assert.True(safety.Elapsed < Safety, $"the reload did not finish within {Safety.TotalSeconds} s");
            Frame();
            moves.Add(Loop.LastMoves);
            Thread.Yield();
        }

        return moves;
    }

    /// <summary>Waits for every replaced context's unload verification; returns the reports.</summary>
    public async Task<List<UnloadReport>> Unloads()
    {
        List<ReloadResult> results;
        lock (_results)
        {
            results = [.. _results];
        }

        var reports = await Task.WhenAll(results.Select(r => r.UnloadVerification)).WaitAsync(TimeSpan.FromSeconds(30));
        return [.. reports.SelectMany(r => r)];
    }

    public void Dispose()
    {
        Session.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file the OS still holds; the temporary folder is cleaned up later.
        }
    }
}
