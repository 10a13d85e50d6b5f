using FluentAI.Plugins.Loader.DevMode;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Development mode driven by hand: file events through Notify, time through a fake clock.</summary>
public sealed class DevModeTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
    private readonly PluginHost _host;
    private readonly List<string> _errors = [];

    public DevModeTests()
    {
        Directory.CreateDirectory(_root);
        _host = PluginHost.Create(_root, new PluginHostOptions { CacheDirectory = Path.Combine(_root, ".cache"), TimeProvider = _time });
    }

    public void Dispose()
    {
        _host.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private DevWatcher Watch(DevModeOptions? options = null) => _host.Watch(
        new DevModeOptions
        {
            Preserve = options?.Preserve ?? [],
            OnChange = options?.OnChange,
            OnError = (file, message) => _errors.Add(message),
            WatchFileSystem = false,
        });

    [Fact]
    public void ABurstOfWritesSettlesIntoOneReloadAfterTheQuietPeriod()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        using var watcher = Watch();

        Write("h.ai", "");                       // truncate...
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        Write("h.ai", "(define (f) 2)");         // ...then write
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(0, watcher.Reloads);
        Assert.Equal(1L, _host.Call("h.ai", "f"));

        _time.Advance(TimeSpan.FromMilliseconds(30));
        Assert.Equal(1, watcher.Reloads);
        Assert.Equal(2L, _host.Call("h.ai", "f"));
        Assert.Empty(_errors);
    }

    [Fact]
    public void AChangedModuleIsCompiledWhileTheDebounceWaitsSoItsReloadOnlyLoads()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        var unloaded = new List<HostEvent>();
        _host.Events += (_, e) =>
        {
            if (e.Event is "unload" or "unload-failed")
            {
                lock (unloaded)
                {
                    unloaded.Add(e);
                }
            }
        };
        using var watcher = Watch();
        Write("h.ai", "(define (f) 2)");
        watcher.Notify(file);

        // The head start runs at once (bounded real-time wait); the fake clock has not moved, so nothing is reloaded yet.
        Assert.True(SpinWait.SpinUntil(() => watcher.Precompiled == 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(0, watcher.Reloads);
        Assert.Equal(1L, _host.Call("h.ai", "f"));

        var misses = _host.Cache.Misses;
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(1, watcher.Reloads);
        Assert.Equal(2L, _host.Call("h.ai", "f"));
        Assert.Equal(misses, _host.Cache.Misses);
        Assert.Empty(_errors);

        // The replaced version's context unloads (checked once reloads pause).
        Assert.True(SpinWait.SpinUntil(() => { lock (unloaded) { return unloaded.Count == 1; } }, TimeSpan.FromSeconds(30)));
        Assert.True(unloaded[0].Ok, unloaded[0].Error);
        Assert.Equal(1L, unloaded[0].FromVersion);
    }

    [Fact]
    public void AHalfWrittenFileThatCompletesWithinTheWindowIsNotAFailure()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        using var watcher = Watch();
        Write("h.ai", "(define (f) (+ 1");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Write("h.ai", "(define (f) (+ 1 2))");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Empty(_errors);
        Assert.Equal(3L, _host.Call("h.ai", "f"));
    }

    [Fact]
    public void ABrokenEditIsReportedWithItsLocationAndTheNextGoodSaveReloads()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        using var watcher = Watch();
        Write("h.ai", "(define (f) (g))");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));

        // Broken text gets no head start: the reload compiles it and reports.
        Assert.Equal(0, watcher.Precompiled);
        var error = Assert.Single(_errors);
        Assert.Contains("h.ai(1,14): error FAI1001: unknown name 'g'", error, StringComparison.Ordinal);
        Assert.Contains("(define (f) (g))", error, StringComparison.Ordinal);
        Assert.Equal(1L, _host.Call("h.ai", "f"));

        Write("h.ai", "(define (f) 5)");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(5L, _host.Call("h.ai", "f"));
    }

    [Fact]
    public void OnlyChangedModulesAndTheirDependentsReload()
    {
        Write("a.ai", "(define (a) 1)");
        Write("b.ai", "(define (b) 1)");
        var app = Write("app.ai", "(import \"a\" (a))\n(import \"b\" (b))\n(define (sum) (+ (a) (b)))");
        _host.Load("app.ai");
        var reloaded = new List<string>();
        _host.Events += (_, e) => { if (e.Event == "reload") { reloaded.Add(Path.GetFileName(e.Module)); } };
        using var watcher = Watch();

        var a = Write("a.ai", "(define (a) 10)");
        watcher.Notify(a);
        watcher.Notify(app);   // touched but unchanged
        _time.Advance(TimeSpan.FromMilliseconds(60));

        Assert.Equal(["a.ai", "app.ai"], reloaded);
        Assert.Equal(11L, _host.Call("app.ai", "sum"));
    }

    [Fact]
    public void WriteTempThenRenameAndDeleteThenRecreateBothReload()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        using var watcher = Watch();

        var temp = Write("h.ai.tmp~", "(define (f) 2)");
        File.Move(temp, file, overwrite: true);
        watcher.Notify(temp);
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(2L, _host.Call("h.ai", "f"));

        File.Delete(file);
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Write("h.ai", "(define (f) 3)");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(3L, _host.Call("h.ai", "f"));
        Assert.Empty(_errors);
    }

    [Fact]
    public void ADeletedFileKeepsTheRunningVersionAndSaysSo()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        using var watcher = Watch();
        File.Delete(file);
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Contains("the file was deleted; the running version stays loaded", Assert.Single(_errors), StringComparison.Ordinal);
        Assert.Equal(1L, _host.Call("h.ai", "f"));
    }

    [Fact]
    public void ANewFileThatAModuleNowImportsIsLoaded()
    {
        var app = Write("app.ai", "(define (g) 1)");
        _host.Load("app.ai");
        using var watcher = Watch();
        var helper = Write("helper.ai", "(define (h) 41)");
        Write("app.ai", "(import \"helper\" (h))\n(define (g) (+ (h) 1))");
        watcher.Notify(helper);
        watcher.Notify(app);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Empty(_errors);
        Assert.Equal(42L, _host.Call("app.ai", "g"));
    }

    [Fact]
    public void PreservedDefinitionsAreCarriedIntoTheNewVersionUntouched()
    {
        var file = Write("s.ai", "(define connections (list (now)))\n(define (conns) connections)\n(define (v) 1)");
        _host.Load("s.ai");
        var before = _host.Call("s.ai", "conns");
        using var watcher = Watch(new DevModeOptions { Preserve = [":connections"] });
        _time.Advance(TimeSpan.FromSeconds(5));
        Write("s.ai", "(define connections (list (now) \"reopened\"))\n(define (conns) connections)\n(define (v) 2)");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal(2L, _host.Call("s.ai", "v"));
        Assert.Same(before, _host.Call("s.ai", "conns"));
    }

    [Fact]
    public async Task EveryContextReplacedByWatchTriggeredReloadsUnloads()
    {
        var reloads = Environment.GetEnvironmentVariable("FLUENTAI_SOAK") == "1" ? 500 : 60;
        var file = Write("h.ai", "(define (f) 0)");
        Write("app.ai", "(import \"h\" (f))\n(define (g) (f))");
        _host.Load("app.ai");
        var checks = new List<Task<IReadOnlyList<UnloadReport>>>();
        using var watcher = _host.Watch(new DevModeOptions { OnReloaded = r => checks.Add(r.UnloadVerification), OnError = (_, m) => _errors.Add(m), WatchFileSystem = false });
        for (var i = 1; i <= reloads; i++)
        {
            Write("h.ai", $"(define (f) {i})");
            watcher.Notify(file);
            _time.Advance(TimeSpan.FromMilliseconds(60));
        }

        Assert.Empty(_errors);
        Assert.Equal((long)reloads, _host.Call("app.ai", "g"));
        var reports = (await Task.WhenAll(checks)).SelectMany(r => r).ToList();
        Assert.Equal(2 * reloads, reports.Count);
        Assert.All(reports, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version}: {r.Holder}"));
    }

    [Fact]
    public void OnChangeReceivesTheFileAndDecides()
    {
        var file = Write("h.ai", "(define (f) 1)");
        _host.Load("h.ai");
        var seen = new List<string>();
        using var watcher = Watch(new DevModeOptions { OnChange = seen.Add });
        Write("h.ai", "(define (f) 2)");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));
        Assert.Equal([file], seen);
        Assert.Equal(1L, _host.Call("h.ai", "f"));
    }
}
