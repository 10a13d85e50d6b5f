using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// <see cref="PluginHostOptions.StateFile"/> while the host runs: writes reach the file within one flush
/// interval of the host's clock, reloads at once, always whole; failed writes are reported and retried;
/// a bad file restores nothing.
/// </summary>
public sealed class StateFileTests
{
    private const string Counter = "(define-stateful n :version 1 :state 0)\n(define (bump!) (swap! n inc))\n(define (value) (deref n))";
    private readonly FakeTimeProvider _time = new();

    private ModuleFolder Folder(string stateFile = "s.json", List<HostEvent>? events = null)
    {
        var folder = new ModuleFolder((root, options) =>
        {
            options.StateFile = Path.Combine(root, stateFile);
            options.TimeProvider = _time;
        });
        if (events is not null)
        {
            folder.Host.Events += (_, e) =>
            {
                lock (events)
                {
                    events.Add(e);
                }
            };
        }

        return folder;
    }

    /// <summary>The saved version and value of cell <paramref name="name"/>, or null when the file or the cell is missing.</summary>
    private static (long Version, long Value)? Saved(string path, string name = "n")
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("name").GetString() == name)
            {
                var value = cell.GetProperty("value");
                return (cell.GetProperty("version").GetInt64(), value.ValueKind == JsonValueKind.Object ? value.GetProperty("$map")[0][1].GetInt64() : value.GetInt64());
            }
        }

        return null;
    }

    [Fact]
    public void ASwapReachesTheStateFileWhenTheFlushIntervalElapsesAndNotBefore()
    {
        using var folder = Folder();
        var file = Path.Combine(folder.Root, "s.json");
        folder.Write("c.ai", Counter);
        folder.Host.Load("c.ai");

        // Loading declared the cell: written at once.
        Assert.Equal((1L, 0L), Saved(file));

        folder.Host.Call("c.ai", "bump!");
        folder.Host.Call("c.ai", "bump!");
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal((1L, 0L), Saved(file));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal((1L, 2L), Saved(file));

        // Nothing changed: the next tick leaves the file alone (its time stays).
        var written = File.GetLastWriteTimeUtc(file);
        File.SetLastWriteTimeUtc(file, written.AddDays(-1));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(written.AddDays(-1), File.GetLastWriteTimeUtc(file));

        folder.Host.Call("c.ai", "bump!");
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((1L, 3L), Saved(file));
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public void TheFlushIntervalIsTheOptionsAndInfiniteWritesOnlyAfterReloadsAndOnDispose()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), new PluginHostOptions().StateFlushInterval);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PluginHostOptions { StateFlushInterval = TimeSpan.Zero });

        var root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var file = Path.Combine(root, "s.json");
        File.WriteAllText(Path.Combine(root, "c.ai"), Counter);
        PluginHostOptions Options(TimeSpan interval) => new() { CacheDirectory = Path.Combine(root, ".cache"), StateFile = file, TimeProvider = _time, StateFlushInterval = interval };
        try
        {
            using (var host = PluginHost.Create(root, Options(TimeSpan.FromSeconds(5))))
            {
                host.Load("c.ai");
                host.Call("c.ai", "bump!");
                _time.Advance(TimeSpan.FromSeconds(4));
                Assert.Equal((1L, 0L), Saved(file));
                _time.Advance(TimeSpan.FromSeconds(1));
                Assert.Equal((1L, 1L), Saved(file));
            }

            using (var host = PluginHost.Create(root, Options(Timeout.InfiniteTimeSpan)))
            {
                host.Load("c.ai");
                host.Call("c.ai", "bump!");
                _time.Advance(TimeSpan.FromDays(1));
                Assert.Equal((1L, 1L), Saved(file));
            }

            Assert.Equal((1L, 2L), Saved(file));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task AReloadThatMigratesAndARollbackWriteTheStateFileAtOnce()
    {
        using var folder = Folder();
        var file = Path.Combine(folder.Root, "s.json");
        folder.Write("c.ai", Counter);
        folder.Host.Load("c.ai");
        for (var i = 0; i < 3; i++)
        {
            folder.Host.Call("c.ai", "bump!");
        }

        Assert.Equal((1L, 0L), Saved(file));

        folder.Write("c.ai", "(define-stateful n :version 2 :state {:count 0} :migrate-from {1 (lambda (old) {:count (* old 100)})})\n(define (value) (deref n))");
        var reload = folder.Host.Reload("c.ai");
        Assert.Equal((2L, 300L), Saved(file));
        Assert.All(await reload.UnloadVerification, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));

        var rollback = folder.Host.Rollback("c.ai");
        Assert.Equal((1L, 3L), Saved(file));
        Assert.All(await rollback.UnloadVerification, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));

        // A rejected reload commits nothing and writes nothing.
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-1));
        var before = File.GetLastWriteTimeUtc(file);
        folder.Write("c.ai", "(define-stateful n :version 2 :state 0 :migrate-from {1 (lambda (old) (car old))})");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("c.ai"));
        Assert.Equal(before, File.GetLastWriteTimeUtc(file));
        Assert.Equal((1L, 3L), Saved(file));
    }

    [Fact]
    public async Task EveryReadOfTheStateFileWhileItIsRewrittenParsesAndNoTemporaryFileIsLeft()
    {
        using var folder = Folder();
        var file = Path.Combine(folder.Root, "s.json");
        folder.Write("c.ai", "(define-stateful n :version 1 :state 0)\n(define-stateful log :version 1 :state ())\n(define (bump!) (swap! log (lambda (l) (cons (deref n) l))) (swap! n inc))");
        folder.Host.Load("c.ai");
        var bump = folder.Host.GetSlot("c.ai", "bump!");
        using var done = new CancellationTokenSource();
        var reads = 0;
        var last = 0L;
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                // Every read sees a whole document, never less than the one before.
                var saved = Saved(file) ?? throw new InvalidOperationException("the state file disappeared");
                Assert.True(saved.Value >= last, $"the file went back from {last} to {saved.Value}");
                last = saved.Value;
                reads++;
                reading.Set();
            }
        });

        // The writes start once the reader reads (on two busy cores its task may not have started yet).
        Assert.True(reading.Wait(TimeSpan.FromSeconds(30)));
        for (var i = 0; i < 100; i++)
        {
            bump.Invoke();
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        done.Cancel();
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(reads > 0);
        Assert.Equal((1L, 100L), Saved(file));
        Assert.False(File.Exists(file + ".tmp"));
    }

    [Fact]
    public async Task TimerWritesReloadWritesAndSaveStateOnTheRealClockNeverRaceAndTheLastWriteWins()
    {
        var events = new List<HostEvent>();
        using var folder = new ModuleFolder((root, options) =>
        {
            options.StateFile = Path.Combine(root, "s.json");
            options.StateFlushInterval = TimeSpan.FromMilliseconds(1);
        });
        folder.Host.Events += (_, e) =>
        {
            lock (events)
            {
                events.Add(e);
            }
        };
        var file = Path.Combine(folder.Root, "s.json");
        folder.Write("c.ai", Counter);
        folder.Host.Load("c.ai");
        var bump = folder.Host.GetSlot("c.ai", "bump!");
        using var done = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 1).Select(_ => Task.Run(() =>
        {
            var n = 0;
            while (!done.IsCancellationRequested)
            {
                bump.Invoke();
                n++;
            }

            return n;
        })).ToList();

        var unloads = new List<Task<IReadOnlyList<UnloadReport>>>();
        for (var i = 0; i < 3; i++)
        {
            folder.Write("c.ai", Counter + $"\n(define revision {i})");
            unloads.Add(folder.Host.Reload("c.ai").UnloadVerification);
            folder.Host.SaveState(file);
        }

        await done.CancelAsync();
        var bumps = (await Task.WhenAll(writers)).Sum();
        folder.Host.SaveState(file);

        Assert.Equal((1L, (long)bumps), Saved(file));
        Assert.False(File.Exists(file + ".tmp"));
        lock (events)
        {
            Assert.DoesNotContain(events, e => e.Kind == HostEventKind.StateSaveFailed);
        }

        folder.Host.Release(bump);
        foreach (var reports in await Task.WhenAll(unloads))
        {
            Assert.All(reports, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
        }
    }

    [Fact]
    public void ATemporaryFileLeftByACrashIsRemovedAndTheStateFileIsRestored()
    {
        var root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var file = Path.Combine(root, "s.json");
            File.WriteAllText(Path.Combine(root, "c.ai"), Counter);
            File.WriteAllText(file, "{\"format\":1,\"cells\":[{\"module\":\"c.ai\",\"name\":\"n\",\"version\":1,\"value\":41}]}");
            File.WriteAllText(file + ".tmp", "{\"format\":1,\"cells\":[{\"module\":\"c.ai\",\"na");
            using var host = PluginHost.Create(root, new PluginHostOptions { CacheDirectory = Path.Combine(root, ".cache"), StateFile = file, TimeProvider = _time });
            Assert.False(File.Exists(file + ".tmp"));
            Assert.Equal(42L, host.Call("c.ai", "bump!"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void AFailingWriteIsAStateSaveFailedEventTheHostGoesOnAndTheNextTickTriesAgain()
    {
        var events = new List<HostEvent>();
        using var folder = Folder(Path.Combine("gone", "s.json"), events);
        var file = Path.Combine(folder.Root, "gone", "s.json");
        folder.Write("c.ai", Counter);
        folder.Host.Load("c.ai");
        Assert.Equal(1L, folder.Host.Call("c.ai", "bump!"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2L, folder.Host.Call("c.ai", "bump!"));
        _time.Advance(TimeSpan.FromSeconds(1));

        // Three failed writes (the load, two ticks), reported once: they fail the same way.
        var failed = Assert.Single(events, e => e.Kind == HostEventKind.StateSaveFailed);
        Assert.Equal("state-save-failed", failed.Event);
        Assert.Equal(file, failed.Module);
        Assert.False(failed.Ok);
        Assert.StartsWith("state not saved (retried at the next flush): ", failed.Error, StringComparison.Ordinal);
        Assert.Contains(file + ".tmp", failed.Error, StringComparison.Ordinal);

        // The folder comes back: the next tick writes, with nothing more to report.
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((1L, 2L), Saved(file));
        Assert.Single(events, e => e.Kind == HostEventKind.StateSaveFailed);

        // Gone again when the host is disposed: the last write is reported too, and Dispose does not throw.
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        folder.Host.Call("c.ai", "bump!");
        folder.Host.Dispose();
        Assert.Equal(2, events.Count(e => e.Kind == HostEventKind.StateSaveFailed));
    }

    public static TheoryData<string, string, int, int, string> BadFiles => new()
    {
        { "empty", "", 1, 1, "state file s.json is empty; nothing was restored" },
        { "not JSON", "not json", 1, 2, "state file s.json is not valid JSON: 'not json' is an invalid JSON literal. Expected the literal 'null'; nothing was restored" },
        {
            "truncated",
            "{\n  \"format\": 1,\n  \"cells\": [\n    {\n      \"module\": \"c.ai\",\n      \"na",
            6, 10,
            "state file s.json ends early (truncated?): Expected end of string, but instead reached end of data; nothing was restored"
        },
        {
            "cut after a cell",
            "{\n  \"format\": 1,\n  \"cells\": [\n    {\n      \"module\": \"c.ai\",\n      \"name\": \"n\",\n      \"version\": 1,\n      \"value\": 41\n    }",
            9, 6,
            "state file s.json ends early (truncated?): Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed; nothing was restored"
        },
        { "no version", "{\"format\":1,\"cells\":[\n  {\"module\":\"c.ai\",\"name\":\"n\",\"value\":1}]}", 2, 3, "state file s.json: cell 1 has no \"version\"; nothing was restored" },
        { "version not an integer", "{\"format\":1,\"cells\":[{\"module\":\"c.ai\",\"name\":\"n\",\"version\":\"1\",\"value\":1}]}", 1, 22, "state file s.json: cell 1's \"version\" must be an integer, got \"1\"; nothing was restored" },
        { "bad value", "{\"format\":1,\"cells\":[{\"module\":\"c.ai\",\"name\":\"n\",\"version\":1,\"value\":{\"$what\":1}}]}", 1, 22, "state file s.json: the value of cell 1 (n) cannot be read: unknown JSON object in state: {\"$what\":1}; nothing was restored" },
        { "no cells", "{\"format\":1}", 1, 1, "state file s.json has no \"cells\"; nothing was restored" },
        { "another format", "{\"format\":2,\"cells\":[]}", 1, 2, "state file s.json has \"format\" 2; this version reads format 1; nothing was restored" },
        { "trailing text", "{\"format\":1,\"cells\":[]} x", 1, 25, "state file s.json is not valid JSON: 'x' is invalid after a single JSON value. Expected end of data; nothing was restored" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void AStateFileThatIsNotValidStateFailsTheHostsCreationNamingTheFileAndWhere(string what, string text, int line, int column, string message)
    {
        var root = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var file = Path.Combine(root, "s.json");
            File.WriteAllText(file, text);
            var error = Assert.Throws<FluentAIException>(() => PluginHost.Create(root, new PluginHostOptions { CacheDirectory = Path.Combine(root, ".cache"), StateFile = file, TimeProvider = _time }));
            Assert.True(error.Code == ErrorCodes.StateFileInvalid, what);
            Assert.Equal(message, error.Message);
            Assert.Equal((file, line, column), (error.Location?.File, error.Location?.Line, error.Location?.Column));
            Assert.StartsWith($"{file}({line},{column}): error FAI4008: {message}", error.Render(), StringComparison.Ordinal);

            // The file is left as it was, for whoever looks into it.
            Assert.Equal(text, File.ReadAllText(file));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void ABadCellAfterGoodOnesRestoresNothing()
    {
        using var folder = new ModuleFolder();
        folder.Write("c.ai", Counter);
        folder.Write("d.ai", "(define-stateful m :version 1 :state 0)");
        folder.Host.Load("c.ai");
        folder.Host.Call("c.ai", "bump!");
        var before = folder.Host.SnapshotState();
        var bad = folder.Write(
            "bad.json",
            "{\"format\":1,\"cells\":[\n{\"module\":\"c.ai\",\"name\":\"n\",\"version\":1,\"value\":100},\n{\"module\":\"d.ai\",\"name\":\"m\",\"version\":1,\"value\":7},\n{\"module\":\"c.ai\",\"name\":\"gone\",\"version\":1}]}");

        var error = Assert.Throws<FluentAIException>(() => folder.Host.LoadState(bad));
        Assert.Equal("state file bad.json: cell 3 has no \"value\"; nothing was restored", error.Message);
        Assert.Equal((bad, 4, 1), (error.Location?.File, error.Location?.Line, error.Location?.Column));

        // Neither the existing cell took the saved value nor was the new one added.
        Assert.Equal(before, folder.Host.SnapshotState());
        Assert.Equal(1L, folder.Host.Call("c.ai", "value"));

        var json = Assert.Throws<FluentAIException>(() => folder.Host.RestoreState("{\"cells\":[{\"module\":\"c.ai\",\"name\":\"n\",\"version\":1,\"value\":5}, 3]}"));
        Assert.Equal(("<state>", "state file <state>: cell 2 is not an object; nothing was restored"), (json.Location?.File, json.Message));
        Assert.Equal(1L, folder.Host.Call("c.ai", "value"));
    }
}
