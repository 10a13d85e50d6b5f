using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>A task a module spawns runs for its effects, often unawaited: its failure must not go unnoticed.</summary>
public sealed class TaskFailureTests
{
    // A worker the module's top-level code starts: it reports the one value posted to it, or :stopped when cancelled.
    private const string Worker = "(import \"host\" (seen!))\n(define inbox (chan))\n(define (post! v) (try-send! inbox v))\n(spawn (try (seen! (recv! inbox)) (catch (e) (seen! :stopped))))\n";

    /// <summary>Every event <paramref name="host"/> raises from now on.</summary>
    private static List<HostEvent> Record(PluginHost host)
    {
        var events = new List<HostEvent>();
        host.Events += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        return events;
    }
    [Fact]
    public void AFailingSpawnedTaskIsAnEventNamingModuleVersionAndLocation()
    {
        using var folder = new ModuleFolder();
        var events = Record(folder.Host);
        folder.Write("worker.ai", "(define (start!)\n  (spawn (car 5)))\n(define (run!) (try (await (start!)) (catch (e) \"failed\")))");
        folder.Host.Load("worker.ai");

        // Awaiting only orders the test: the event is raised before the task's promise settles.
        Assert.Equal("failed", folder.Host.Call("worker.ai", "run!"));

        var failed = Assert.Single(events, e => e.Event == "task-failed");
        Assert.Equal((folder.Host.FullPath("worker.ai"), 1L, false), (failed.Module, failed.FromVersion!.Value, failed.Ok));
        var at = failed.Exception!.Location!.Value;
        Assert.Equal((2, 10), (at.Line, at.Column));
        Assert.Equal($"{at.File}(2,10): error FAI3005: car expects a list, got 5 (an integer)", failed.Error);
    }

    [Fact]
    public void OnlyTheHostThatLoadedTheModuleReportsItsTasksAndAwaitedAsyncFailuresAreNotReported()
    {
        using var folder = new ModuleFolder();
        using var other = new ModuleFolder();
        var here = Record(folder.Host);
        var there = Record(other.Host);
        folder.Write("m.ai", "(define (spawned) (try (await (spawn (car 5))) (catch (e) 1)))\n(define (async-only) (try (await (async (car 5))) (catch (e) 2)))");
        folder.Host.Load("m.ai");

        Assert.Equal(2L, folder.Host.Call("m.ai", "async-only"));
        Assert.DoesNotContain(here, e => e.Event == "task-failed");
        Assert.Equal(1L, folder.Host.Call("m.ai", "spawned"));
        Assert.Single(here, e => e.Event == "task-failed");
        Assert.DoesNotContain(there, e => e.Event == "task-failed");
    }

    [Fact]
    public async Task AFailedTaskOfAReplacedVersionNamesThatVersionAndTheContextUnloadsOnceItEnded()
    {
        using var folder = new ModuleFolder();
        var events = Record(folder.Host);
        folder.Write("w.ai", "(define gate (chan))\n(define (start!) (spawn (do (recv! gate) (car 5))))\n(define (open!) (send! gate 1))");
        folder.Host.Load("w.ai");
        var path = folder.Host.FullPath("w.ai");
        var v1 = folder.Host.Graph.Find(path)!.Current!.Context;
        var task = (Runtime.FPromise)folder.Host.Call("w.ai", "start!")!;
        var slot = folder.Host.GetSlot("w.ai", "open!");
        var open = slot.Target!;
        folder.Host.Release(slot);

        folder.Write("w.ai", "(define (start!) 0)");
        folder.Host.Reload("w.ai");
        open.Invoke();
        await Assert.ThrowsAsync<FluentAIException>(() => task.Task);

        var failed = Assert.Single(events, e => e.Event == "task-failed");
        Assert.Equal(1L, failed.FromVersion);

        // The reload's own check may have run while the task was still running; once it has ended, v1 unloads.
        task = null;
        open = null;
        // Checked off this method's frame (awaited), which may still hold temporaries of the calls above.
        var report = Assert.Single(await Task.Run(() => Unloading.UnloadVerifier.Verify([new Unloading.UnloadTarget(path, 1, v1, () => null)])));
        Assert.True(report.Unloaded);
    }

    [Fact]
    public async Task WorkATimeoutGaveUpOnIsCancelledSoItsReplacedVersionUnloads()
    {
        using var folder = new ModuleFolder();
        // Without cancellation the inner task would wait on the channel forever and keep v1 loaded.
        var events = Record(folder.Host);
        folder.Write("m.ai", "(define (run!) (try (timeout 20 (spawn (recv! (chan)))) (catch (e) \"gave up\")))");
        folder.Host.Load("m.ai");
        Assert.Equal("gave up", folder.Host.Call("m.ai", "run!"));

        folder.Write("m.ai", "(define (run!) 0)");
        var result = folder.Host.Reload("m.ai");
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));

        // Stopped by its timeout, the spawned task did not fail: nothing is reported.
        Assert.DoesNotContain(events, e => e.Event == "task-failed");
    }

    [Fact]
    public void ATaskFailureIsAnAuditLogLine()
    {
        var root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var audit = Path.Combine(root, "audit.jsonl");
        using (var host = PluginHost.Create(root, new PluginHostOptions { CacheDirectory = Path.Combine(root, ".cache"), AuditLogPath = audit }))
        {
            File.WriteAllText(Path.Combine(root, "m.ai"), "(define (run!) (try (await (spawn (car 5))) (catch (e) 0)))");
            host.Load("m.ai");
            Assert.Equal(0L, host.Call("m.ai", "run!"));
        }

        var line = File.ReadAllLines(audit).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("event").GetString() == "task-failed");
        Assert.Equal(Path.Combine(root, "m.ai"), line.GetProperty("module").GetString());
        Assert.Equal(1, line.GetProperty("fromVersion").GetInt64());
        Assert.False(line.GetProperty("ok").GetBoolean());
        Assert.EndsWith("m.ai(1,35): error FAI3005: car expects a list, got 5 (an integer)", line.GetProperty("error").GetString(), StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task ARejectedLoadStopsTheTasksItsTopLevelFormsStartedAndACommittedOneKeepsThem()
    {
        using var folder = new ModuleFolder();
        var seen = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Host.Register("seen!", v => { seen.TrySetResult(v); return null; });
        folder.Write("w.ai", Worker);
        folder.Host.Load("w.ai");

        // A version whose load fails after starting its worker: the worker stops, the running one stays.
        folder.Write("w.ai", Worker + "(car 5)");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("w.ai"));
        Assert.Equal(Keyword.Intern("stopped"), await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        seen = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Host.Call("w.ai", "post!", 7L);
        Assert.Equal(7L, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task TasksOfAVersionReloadedFromInsideATaskOutliveThatTasksCancellation()
    {
        using var folder = new ModuleFolder();
        var seen = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var unloaded = new TaskCompletionSource<HostEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Host.Register("seen!", v => { seen.TrySetResult(v); return null; });
        folder.Host.Events += (_, e) =>
        {
            if (e.Event is "unload" or "unload-failed" && e.Module.EndsWith("w.ai", StringComparison.Ordinal))
            {
                unloaded.TrySetResult(e);
            }
        };
        folder.Write("w.ai", Worker);
        folder.Host.Load("w.ai");
        folder.Host.Call("w.ai", "post!", 1L);
        Assert.Equal(1L, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        // The reload runs inside a task that a timeout then cancels: the new version's worker must not go with it.
        seen = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Write("w.ai", Worker + ";; version 2");
        folder.Write("ctl.ai", "(define (start!) (async (do (hot-reload \"w.ai\") (recv! (chan)))))\n(define (give-up! p) (try (timeout 10 p) (catch (e) :timed-out)))");
        folder.Host.Load("ctl.ai");
        var job = folder.Host.Call("ctl.ai", "start!");
        for (var i = 0; i < 3000 && folder.Host.VersionOf("w.ai") != 2; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(2L, folder.Host.VersionOf("w.ai"));
        Assert.Equal(Keyword.Intern("timed-out"), folder.Host.Call("ctl.ai", "give-up!", job));
        job = null;

        folder.Host.Call("w.ai", "post!", 7L);
        Assert.Equal(7L, await seen.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var unload = await unloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(unload is { Event: "unload", Ok: true, FromVersion: 1 }, unload.ToString());
    }
}
