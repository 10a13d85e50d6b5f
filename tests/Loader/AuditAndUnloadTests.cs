using System.Text.Json;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class AuditAndUnloadTests
{
    [Fact]
    public async Task AuditLogHasOneJsonObjectPerLoadReloadAndUnload()
    {
        var root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var audit = Path.Combine(root, "audit.jsonl");
        var events = new List<HostEvent>();
        using (var host = PluginHost.Create(root, new PluginHostOptions { CacheDirectory = Path.Combine(root, ".cache"), AuditLogPath = audit }))
        {
            host.Events += (_, e) => { lock (events) { events.Add(e); } };
            File.WriteAllText(Path.Combine(root, "m.ai"), "(define (f) 1)");
            host.Load("m.ai");
            File.WriteAllText(Path.Combine(root, "m.ai"), "(define (f) 2)");
            var result = host.Reload("m.ai");
            await result.UnloadVerification;
            File.WriteAllText(Path.Combine(root, "m.ai"), "(define (f) (");
            Assert.Throws<ModuleLoadException>(() => host.Reload("m.ai"));
            Assert.All(host.UnloadAll(), r => Assert.True(r.Unloaded, r.Holder));
        }

        var lines = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["load", "reloading", "reload", "unload", "reloading", "reload-rejected", "unload"], lines.Select(l => l.GetProperty("event").GetString()));
        foreach (var line in lines)
        {
            foreach (var field in new[] { "time", "event", "module", "fromVersion", "toVersion", "ok", "durationMs" })
            {
                Assert.True(line.TryGetProperty(field, out _), $"missing {field} in {line}");
            }
        }

        var reload = lines[2];
        Assert.Equal(1, reload.GetProperty("fromVersion").GetInt64());
        Assert.Equal(2, reload.GetProperty("toVersion").GetInt64());
        Assert.True(lines[3].GetProperty("ok").GetBoolean());
        Assert.False(lines[5].GetProperty("ok").GetBoolean());
        Assert.Contains("FAI0002", lines[5].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(lines.Count, events.Count);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task AClosureOfTheOldVersionHeldByTheHostIsReportedNotLeakedSilently()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (make) (lambda (x) (+ x 1)))");
        folder.Host.Load("m.ai");
        var kept = (Fn)folder.Host.Call("m.ai", "make")!;

        folder.Write("m.ai", "(define (make) (lambda (x) (+ x 2)))");
        var result = folder.Host.Reload("m.ai");
        var report = Assert.Single(await result.UnloadVerification);

        Assert.False(report.Unloaded);
        Assert.Equal(1, report.Version);
        Assert.EndsWith("m.ai", report.Module, StringComparison.Ordinal);
        Assert.Contains("outside the host", report.Holder, StringComparison.Ordinal);
        Assert.Equal(2L, kept.Invoke(1L));
        GC.KeepAlive(kept);
    }

    [Fact]
    public async Task AnOldFunctionValueKeepsItsContextAliveAndStillRunsItsOwnCode()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (f x) (+ x 1))");
        folder.Host.Load("m.ai");

        // The function itself (not its slot): the address of compiled code in the v1 context.
        var kept = Assert.IsType<CompiledFn1>(folder.Host.GetSlot("m.ai", "f").Target);

        folder.Write("m.ai", "(define (f x) (+ x 2))");
        var result = folder.Host.Reload("m.ai");
        var report = Assert.Single(await result.UnloadVerification);

        Assert.False(report.Unloaded);
        Assert.Contains("outside the host", report.Holder, StringComparison.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        // Its code is still there: the value keeps the context loaded, so the call cannot land in freed memory.
        Assert.Equal(2L, kept.Invoke(1L));
        Assert.Equal(3L, folder.Host.Call("m.ai", "f", 1L));
        GC.KeepAlive(kept);
    }

    [Fact]
    public async Task EachReloadOfABurstGetsTheReportsOfExactlyTheContextsItReplaced()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(module lib (export k))\n(define (k) 0)");
        folder.Write("app.ai", "(import \"lib\" (k))\n(define (g) (k))");
        folder.Host.Load("app.ai");
        var unloadEvents = new List<HostEvent>();
        folder.Host.Events += (_, e) =>
        {
            if (e.Event is "unload" or "unload-failed")
            {
                lock (unloadEvents)
                {
                    unloadEvents.Add(e);
                }
            }
        };

        // Back to back: their verifications are checked together once the reloads pause.
        var results = new List<ReloadResult>();
        for (var i = 1; i <= 5; i++)
        {
            folder.Write("lib.ai", $"(module lib (export k))\n(define (k) {i})");
            results.Add(folder.Host.Reload("lib.ai"));
        }

        for (var i = 0; i < results.Count; i++)
        {
            var reports = await results[i].UnloadVerification;
            Assert.Equal(["app.ai v" + (i + 1), "lib.ai v" + (i + 1)], reports.Select(r => $"{Path.GetFileName(r.Module)} v{r.Version}").Order(StringComparer.Ordinal));
            Assert.All(reports, r => Assert.True(r.Unloaded, r.Holder));
        }

        Assert.Equal(10, unloadEvents.Count);
        Assert.Equal(5L, folder.Host.Call("app.ai", "g"));
    }
}
