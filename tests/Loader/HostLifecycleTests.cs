namespace FluentAI.Plugins.Loader.Tests;

/// <summary>What a host does around its transactions: re-entry from module code, REPL results, and disposal with verifications pending.</summary>
public sealed class HostLifecycleTests
{
    [Fact]
    public async Task HotReloadFromTopLevelFormsIsAClearErrorInsteadOfADeadlock()
    {
        using var folder = new ModuleFolder();
        folder.Write("dep.ai", "(define x 1)");
        var file = folder.Write("main.ai", "(import \"dep\" (x))\n(hot-reload \"dep.ai\")");

        var load = Task.Run(() => Assert.Throws<ModuleLoadException>(() => folder.Host.Load("main.ai")));

        var error = (await load.WaitAsync(TimeSpan.FromSeconds(30))).Error!;
        Assert.Equal(ErrorCodes.ReloadRejected, error.Code);
        Assert.Equal((file, 2), (error.Location?.File, error.Location?.Line));
        Assert.Contains("was called by top-level forms while their module loads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotReloadFromAFunctionAfterLoadingWorks()
    {
        using var folder = new ModuleFolder();
        var verdicts = new List<HostEvent>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Host.Events += (_, e) =>
        {
            if (e.Kind is HostEventKind.Unload or HostEventKind.UnloadFailed)
            {
                lock (verdicts)
                {
                    verdicts.Add(e);
                    if (verdicts.Count == 2)
                    {
                        both.TrySetResult();
                    }
                }
            }
        };
        folder.Write("dep.ai", "(define (x) 1)");
        folder.Write("main.ai", "(import \"dep\" (x))\n(define (again) (hot-reload \"dep.ai\"))");

        Assert.Equal("Reloaded 2 functions, migrated 0 state values", folder.Host.Call("main.ai", "again")?.ToString());
        Assert.Equal(2, folder.Host.VersionOf("dep.ai"));

        // Both replaced versions unload, main.ai's too, whose function was running when it was replaced.
        await both.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.All(verdicts, v => Assert.True(v.Ok, v.Error));
    }

    [Fact]
    public async Task AReplValueOfAVersionDoesNotKeepThatVersionLoadedOnceReplaced()
    {
        using var folder = new ModuleFolder();
        folder.Write("dep.ai", "(define (n) 1)");
        folder.Write("main.ai", "(import \"dep\" (n))\n(define (main) (lambda () (n)))");
        var repl = new ReplSession(folder.Host, "main.ai");
        Assert.IsAssignableFrom<Values.Fn>(repl.Evaluate("(main)").Value);
        repl.Evaluate("nil");

        folder.Write("main.ai", "(import \"dep\" (n))\n(define (main) 2)");
        var result = folder.Host.Reload("main.ai");

        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void DisposingTheHostWritesTheVerdictsOfVerificationsStillRunning()
    {
        var folder = new ModuleFolder();
        var audit = Path.Combine(folder.Root, "audit.jsonl");
        var host = PluginHost.Create(folder.Root, new PluginHostOptions { CacheDirectory = Path.Combine(folder.Root, ".cache"), AuditLogPath = audit });
        folder.Write("m.ai", "(define (f) 1)");
        host.Load("m.ai");
        folder.Write("m.ai", "(define (f) 2)");
        host.Reload("m.ai");

        host.Dispose();

        Assert.Contains(File.ReadLines(audit), line => line.Contains("\"event\":\"unload\"", StringComparison.Ordinal) && line.Contains("\"fromVersion\":1", StringComparison.Ordinal));
        folder.Dispose();
    }
}
