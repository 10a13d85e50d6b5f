using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using FluentAI.Plugins.Loader.DevMode;
using FluentAI.Plugins.Loader.Unloading;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// <c>(on-retire f)</c>: a module version closes what it owns when it is retired, by any path (a reload,
/// a hot-reload, a rejected reload, development mode, unload, disposal), and is still collected after.
/// Every host here runs on a fake clock, so a hook's budget runs out only when a test says so.
/// </summary>
public sealed class RetireHookTests
{
    private const string Import = "(import \"host\" (retired!))\n";

    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();
    private readonly List<object?> _seen = [];
    private readonly List<WeakReference?> _contexts = [];
    private readonly List<HostEvent> _events = [];

    /// <summary>A folder whose host lets modules call <c>(retired! v)</c>, which records v and the context of the module code that called it.</summary>
    private ModuleFolder Folder(Action<string, PluginHostOptions>? configure = null)
    {
        var folder = new ModuleFolder((root, options) =>
        {
            options.TimeProvider = _time;
            configure?.Invoke(root, options);
        });
        folder.Host.Register("retired!", v =>
        {
            Record(v);
            return null;
        });
        folder.Host.Events += (_, e) =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        };
        return folder;
    }

    private List<object?> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    private List<HostEvent> Failures
    {
        get
        {
            lock (_events)
            {
                return [.. _events.Where(e => e.Kind == HostEventKind.RetireFailed)];
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Record(object? value)
    {
        var context = CallingModuleContext();
        lock (_seen)
        {
            _seen.Add(value);
            _contexts.Add(context);
            Monitor.PulseAll(_seen);
        }
    }

    /// <summary>Waits (bounded) until a hook has recorded <paramref name="value"/>: the hook is running.</summary>
    private void WaitFor(object value)
    {
        lock (_seen)
        {
            while (!_seen.Contains(value))
            {
                Assert.True(Monitor.Wait(_seen, Safety), $"no hook recorded {value}");
            }
        }
    }

    /// <summary>
    /// A weak reference to the load context of the nearest module frame on the stack (null when there is
    /// none: a call in tail position leaves no frame of its caller; hooks whose context a test checks
    /// call <c>retired!</c> before their last form).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference? CallingModuleContext()
    {
        foreach (var frame in new StackTrace().GetFrames())
        {
            if (frame.GetMethod()?.DeclaringType?.Assembly is { IsCollectible: true } assembly)
            {
                return new WeakReference(AssemblyLoadContext.GetLoadContext(assembly));
            }
        }

        return null;
    }

    /// <summary>Checks off the caller's frame (which may hold temporaries of its calls) that <paramref name="context"/> is collected.</summary>
    private static async Task AssertUnloads(string module, long version, WeakReference? context)
    {
        Assert.NotNull(context);
        var report = Assert.Single(await Task.Run(() => UnloadVerifier.Verify([new UnloadTarget(module, version, context, () => null)])));
        Assert.True(report.Unloaded, $"{Path.GetFileName(module)} v{version} stayed loaded");
    }

    private static async Task AssertUnloaded(ReloadResult result) =>
        Assert.All(await result.UnloadVerification.WaitAsync(Safety), r => Assert.True(r.Unloaded, r.Holder));

    [Fact]
    public async Task AReloadRunsTheReplacedVersionsHooksOnceInRegistrationOrderAndTheVersionStillUnloads()
    {
        using var folder = Folder();
        folder.Write("m.ai", Import
            + "(on-retire (lambda () (retired! \"first\")))\n"
            + "(on-retire (lambda () (retired! \"second\")))\n"
            + "(define registered (on-retire (lambda () (retired! \"third\"))))\n"
            + "(define (open!) (on-retire (lambda () (retired! \"opened\"))))");
        folder.Host.Load("m.ai");
        folder.Host.Call("m.ai", "open!");
        Assert.Null(folder.Host.GetSlotOrNull("m.ai", "registered")!.Value);
        Assert.Empty(Seen);

        folder.Write("m.ai", Import + "(on-retire (lambda () (retired! \"v2\")))\n(define registered 0)");
        var result = folder.Host.Reload("m.ai");

        // Run before Reload returned, in the order they were registered (top-level forms, then the call).
        Assert.Equal(["first", "second", "third", "opened"], Seen);
        await AssertUnloaded(result);

        folder.Write("m.ai", Import + "(define registered 1)");
        var again = folder.Host.Reload("m.ai");
        Assert.Equal(["first", "second", "third", "opened", "v2"], Seen);
        await AssertUnloaded(again);
        Assert.Empty(Failures);
    }

    [Fact]
    public async Task HotReloadFromModuleCodeRunsTheHooksOfEveryVersionItReplaces()
    {
        using var folder = Folder();
        var unloads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var verdicts = new List<HostEvent>();
        folder.Host.Events += (_, e) =>
        {
            if (e.Kind is HostEventKind.Unload or HostEventKind.UnloadFailed)
            {
                lock (verdicts)
                {
                    verdicts.Add(e);
                    if (verdicts.Count == 2)
                    {
                        unloads.TrySetResult();
                    }
                }
            }
        };
        folder.Write("dep.ai", Import + "(on-retire (lambda () (retired! \"dep\")))\n(define (x) 1)");
        folder.Write("main.ai", Import + "(import \"dep\" (x))\n(on-retire (lambda () (retired! \"main\")))\n(define (again) (hot-reload \"dep.ai\"))");

        Assert.Equal("Reloaded 2 functions, migrated 0 state values", folder.Host.Call("main.ai", "again")?.ToString());

        // dep.ai changed and main.ai, which imports it, was re-instantiated: both replaced versions closed.
        Assert.Equal(["dep", "main"], Seen.Order());
        await unloads.Task.WaitAsync(Safety);
        Assert.All(verdicts, v => Assert.True(v.Ok, v.Error));
        Assert.Empty(Failures);
    }

    [Fact]
    public async Task ARejectedReloadRunsTheHooksOfTheVersionItDiscardedAndKeepsTheRunningOnesHooks()
    {
        using var folder = Folder();
        var path = folder.Write("m.ai", Import + "(on-retire (lambda () (retired! \"v1\")))\n(define (f) 1)");
        folder.Host.Load("m.ai");

        // Compiles, registers its hook, then its top-level forms throw: the version never goes live.
        folder.Write("m.ai", Import + "(on-retire (lambda () (retired! \"discarded\") nil))\n(define (f) 2)\n(car 5)");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));

        Assert.Equal(["discarded"], Seen);
        Assert.Equal(1L, folder.Host.VersionOf("m.ai"));
        Assert.Equal(1L, folder.Host.Call("m.ai", "f"));
        await AssertUnloads(path, 2, _contexts[0]);

        folder.Write("m.ai", Import + "(define (f) 3)");
        var result = folder.Host.Reload("m.ai");
        Assert.Equal(["discarded", "v1"], Seen);
        await AssertUnloaded(result);
    }

    [Fact]
    public async Task AThrowingHookIsReportedWithItsLocationAndTheOtherHooksTheReloadAndTheUnloadGoOn()
    {
        var audit = "";
        using var folder = Folder((root, options) => options.AuditLogPath = audit = Path.Combine(root, "audit.jsonl"));
        var path = folder.Write("m.ai", Import + "(on-retire (lambda () (car 5)))\n(on-retire (lambda () (retired! \"after\")))\n(define (f) 1)");
        folder.Host.Load("m.ai");

        folder.Write("m.ai", Import + "(define (f) 2)");
        var result = folder.Host.Reload("m.ai");

        Assert.Equal(2L, folder.Host.Call("m.ai", "f"));
        Assert.Equal(["after"], Seen);
        var failed = Assert.Single(Failures);
        Assert.Equal(("retire-failed", path, 1L, false), (failed.Event, failed.Module, failed.FromVersion!.Value, failed.Ok));
        Assert.Equal(ErrorCodes.TypeMismatch, failed.Exception!.Code);
        Assert.Equal((path, 2, 23), (failed.Exception.Location?.File, failed.Exception.Location?.Line, failed.Exception.Location?.Column));
        Assert.Equal($"{path}(2,23): error FAI3005: car expects a list, got 5 (an integer)", failed.Error);
        await AssertUnloaded(result);

        folder.Host.Dispose();
        var line = File.ReadAllLines(audit).Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.GetProperty("event").GetString() == "retire-failed");
        Assert.Equal((path, 1L, false), (line.GetProperty("module").GetString(), line.GetProperty("fromVersion").GetInt64(), line.GetProperty("ok").GetBoolean()));
        Assert.Equal(failed.Error, line.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnOverrunningHookIsReportedAndStoppedWithoutHoldingUpTheReloadPastItsBudget()
    {
        using var folder = Folder((_, options) => options.RetireTimeout = TimeSpan.FromSeconds(2));
        var path = folder.Write("m.ai", Import + "(on-retire (lambda () (retired! \"entered\") (sleep 600000) (retired! \"finished\")))\n(on-retire (lambda () (retired! \"next\")))\n(define (f) 1)");
        folder.Host.Load("m.ai");

        folder.Write("m.ai", Import + "(define (f) 2)");
        var reload = Task.Run(() => folder.Host.Reload("m.ai"));
        WaitFor("entered");

        // The reload waits for the hook until the budget has passed on the host's clock, and no longer.
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(reload.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var result = await reload.WaitAsync(Safety);

        Assert.Equal(2L, folder.Host.Call("m.ai", "f"));
        var failed = Assert.Single(Failures);
        Assert.Equal((path, 1L, ErrorCodes.Timeout), (failed.Module, failed.FromVersion!.Value, failed.Exception!.Code));
        Assert.Contains("an on-retire hook was still running after 2000 ms (PluginHostOptions.RetireTimeout)", failed.Error, StringComparison.Ordinal);

        // The next hook still ran; the overrunning one was stopped at its sleep, so the version unloads.
        Assert.Equal(["entered", "next"], Seen);
        await AssertUnloaded(result);
        Assert.DoesNotContain("finished", Seen);
    }

    [Fact]
    public async Task AHookRunsAfterTheHostsLockIsReleasedSoASlowOneDoesNotHoldUpAnotherLoad()
    {
        using var folder = Folder();
        using var open = new ManualResetEventSlim();
        folder.Host.Register("wait!", _ => open.Wait(Safety));
        folder.Write("other.ai", "(define (g) 7)");
        folder.Write("m.ai", Import + "(import \"host\" (wait!))\n(on-retire (lambda () (retired! \"entered\") (wait! 0) (retired! \"left\")))");
        folder.Host.Load("m.ai");

        folder.Write("m.ai", "(define (f) 2)");
        var reload = Task.Run(() => folder.Host.Reload("m.ai"));
        WaitFor("entered");

        // The reload has swapped and is waiting for the hook: the host itself is free meanwhile.
        Assert.Equal(7L, await Task.Run(() => folder.Host.Call("other.ai", "g")).WaitAsync(Safety));
        Assert.False(reload.IsCompleted);

        open.Set();
        var result = await reload.WaitAsync(Safety);
        Assert.Equal(["entered", "left"], Seen);
        await AssertUnloaded(result);
        Assert.Empty(Failures);
    }

    [Fact]
    public void UnloadAllRunsTheHooksOfTheRunningVersionsWhileTheyCanStillCallTheirImports()
    {
        using var folder = Folder();
        folder.Write("lib.ai", "(define (bye) \"closed\")");
        folder.Write("m.ai", Import + "(import \"lib\" (bye))\n(on-retire (lambda () (retired! (bye))))");
        folder.Host.Load("m.ai");

        Assert.All(folder.Host.UnloadAll(), r => Assert.True(r.Unloaded, r.Holder));
        Assert.Equal(["closed"], Seen);
        Assert.Empty(Failures);
    }

    [Fact]
    public async Task DisposeRunsTheHooksOfTheRunningVersions()
    {
        using var folder = Folder();
        var path = folder.Write("m.ai", Import + "(on-retire (lambda () (retired! \"closed\") nil))");
        folder.Host.Load("m.ai");

        folder.Host.Dispose();
        Assert.Equal(["closed"], Seen);
        await AssertUnloads(path, 1, _contexts[0]);
        Assert.Empty(Failures);
    }

    [Fact]
    public async Task ADevelopmentModeReloadRunsTheHooksOfTheVersionItReplaces()
    {
        using var folder = Folder();
        var file = folder.Write("m.ai", Import + "(on-retire (lambda () (retired! \"v1\")))\n(define (f) 1)");
        folder.Host.Load("m.ai");
        var reloads = new List<ReloadResult>();
        using var watcher = folder.Host.Watch(new DevModeOptions { WatchFileSystem = false, OnReloaded = reloads.Add });

        folder.Write("m.ai", Import + "(define (f) 2)");
        watcher.Notify(file);
        _time.Advance(TimeSpan.FromMilliseconds(60));

        Assert.Equal(1, watcher.Reloads);
        Assert.Equal(["v1"], Seen);
        await AssertUnloaded(Assert.Single(reloads));
    }

    [Fact]
    public async Task AHookRegisteredByCodeOfAnAlreadyRetiredVersionRunsAtOnce()
    {
        using var folder = Folder();
        var path = folder.Write("m.ai", Import + "(define (later!) (on-retire (lambda () (retired! \"late\"))))");
        folder.Host.Load("m.ai");
        var v1 = folder.Host.Graph.Find(path)!.Current!.Context;
        var slot = folder.Host.GetSlot("m.ai", "later!");
        var later = slot.Target!;
        folder.Host.Release(slot);

        folder.Write("m.ai", Import + "(define (later!) 0)");
        folder.Host.Reload("m.ai");
        Assert.Empty(Seen);

        // v1's code still runs (a caller kept its function): what it opens now is closed at once.
        Assert.Null(later.Invoke());
        Assert.Equal(["late"], Seen);

        later = null;
        await AssertUnloads(path, 1, v1);
    }

    [Fact]
    public async Task AReplSessionsHooksRunWhenTheHostUnloadsNotAtTheNextInput()
    {
        using var folder = Folder();
        var repl = new ReplSession(folder.Host);
        repl.Evaluate("(import \"host\" (retired!))\n(on-retire (lambda () (retired! \"repl\") nil))");
        repl.Evaluate("(+ 1 2)");
        Assert.Empty(Seen);

        folder.Host.Dispose();
        Assert.Equal(["repl"], Seen);
        await AssertUnloads("<repl>", 1, _contexts[0]);
    }

    [Theory]
    [InlineData("(on-retire 5)", "on-retire expects a function of no arguments, got 5 (an integer)")]
    [InlineData("(on-retire (lambda (x) x))", "on-retire expects a function of no arguments, got #<fn lambda> (a function)")]
    public void OnRetireTakesAFunctionOfNoArguments(string form, string message)
    {
        using var folder = Folder();
        var path = folder.Write("m.ai", "(define (f) 1)\n" + form);
        var error = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai")).Error!;
        Assert.Equal(ErrorCodes.TypeMismatch, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal((path, 2), (error.Location?.File, error.Location?.Line));
    }

    [Fact]
    public void OnRetireAsAValueCannotTellWhichVersionCallsItAndSaysSo()
    {
        using var folder = Folder();
        folder.Write("m.ai", "(define r (apply on-retire [(lambda () 1)]))");

        // Called through apply, on-retire sees the runtime as its caller and asks the flow's host: this one, not
        // whichever host another test made the process default (or none, once those are disposed).
        var outer = Hosting.HostServices.Current;
        Hosting.HostServices.Current = folder.Host;
        FluentAIException error;
        try
        {
            error = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai")).Error!;
        }
        finally
        {
            Hosting.HostServices.Current = outer;
        }

        Assert.Equal(ErrorCodes.RuntimeError, error.Code);
        Assert.Equal("on-retire: the calling code is not part of a module this host loaded (call on-retire by name from module code, not through apply or as a value)", error.Message);
    }

    [Fact]
    public void TheRetireBudgetIsPositiveOrInfinite()
    {
        var options = new PluginHostOptions();
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetireTimeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.RetireTimeout = TimeSpan.Zero);
        options.RetireTimeout = Timeout.InfiniteTimeSpan;
        Assert.Equal(Timeout.InfiniteTimeSpan, options.RetireTimeout);
    }
}
