using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class CanaryTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task WithoutAKeyTheCanaryGetsItsShareWithinOnePercentOverTenThousandCalls()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");

        var started = folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 10 });
        var canary = Enumerable.Range(0, 10_000).Count(_ => (long)f.Invoke()! == 2);

        Assert.InRange(canary, 900, 1100);
        Assert.Equal(("canary", "canary", 10.0), (started.Rollout!.Kind, started.Rollout.Phase, started.Rollout.Weight));
        var status = folder.Host.RolloutStatus("m.ai")!;
        Assert.Equal((10_000L - canary, (long)canary), (status.StableCalls, status.NewCalls));
        folder.Host.Abort("m.ai");
        Assert.True(Assert.Single(await started.UnloadVerification).Unloaded);
    }

    [Fact]
    public async Task AWeightSetFromOutsideTheHostRoutesAsARampStepWouldAndNeedsARunningCanary()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        Assert.Throws<InvalidOperationException>(() => folder.Host.SetCanaryWeight("m.ai", 50));
        folder.Write("m.ai", "(define (f) 2)");
        var keys = Enumerable.Range(0, 1000).Select(i => "user-" + i).ToList();
        var started = folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 0, Salt = "fleet" });

        HashSet<string> OnCanary()
        {
            var on = new HashSet<string>();
            foreach (var key in keys)
            {
                using (PluginHost.RouteBy(key))
                {
                    if ((long)f.Invoke()! == 2)
                    {
                        on.Add(key);
                    }
                }
            }

            return on;
        }

        Assert.Empty(OnCanary());
        Assert.Equal(25, folder.Host.SetCanaryWeight("m.ai", 25).Weight);
        var at25 = OnCanary();
        folder.Host.SetCanaryWeight("m.ai", 50);
        var at50 = OnCanary();

        Assert.InRange(at25.Count, 200, 300);
        Assert.InRange(at50.Count, 450, 550);
        Assert.Subset(at50, at25);
        Assert.Equal([25.0, 50.0], events.All.Where(e => e.Kind == HostEventKind.CanaryStep).Select(e => e.Figures!["weight"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => folder.Host.SetCanaryWeight("m.ai", 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => folder.Host.SetCanaryWeight("m.ai", double.NaN));

        folder.Host.SetCanaryWeight("m.ai", 100);
        Assert.Equal(keys.Count, OnCanary().Count);
        folder.Host.Promote("m.ai");
        Assert.Throws<InvalidOperationException>(() => folder.Host.SetCanaryWeight("m.ai", 10));
        Assert.True(Assert.Single(await started.UnloadVerification).Unloaded);
    }

    [Fact]
    public async Task AKeyAlwaysLandsOnTheSameSideAndRaisingTheWeightOnlyMovesKeysToTheCanary()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");
        var keys = Enumerable.Range(0, 2000).Select(i => "user-" + i).ToList();
        var started = folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 10, RampDuration = TimeSpan.FromSeconds(4), Steps = [30, 60, 90, 100], Salt = "s1" });

        HashSet<string> OnCanary()
        {
            var on = new HashSet<string>();
            foreach (var key in keys)
            {
                using (PluginHost.RouteBy(key))
                {
                    var first = (long)f.Invoke()!;
                    Assert.Equal(first, (long)f.Invoke()!);
                    if (first == 2)
                    {
                        on.Add(key);
                    }
                }
            }

            return on;
        }

        var at10 = OnCanary();
        time.Advance(Second);
        var at30 = OnCanary();
        time.Advance(Second);
        var at60 = OnCanary();

        Assert.InRange(at10.Count, 150, 250);
        Assert.InRange(at30.Count, 500, 700);
        Assert.InRange(at60.Count, 1100, 1300);
        Assert.Subset(at30, at10);
        Assert.Subset(at60, at30);
        folder.Host.Promote("m.ai");
        Assert.True(Assert.Single(await started.UnloadVerification).Unloaded);
    }

    [Fact]
    public async Task ACallNeverMixesVersionsAcrossTheUnit()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        folder.Write("lib.ai", "(define (v) \"1\")");
        folder.Write("app.ai", "(import \"lib\" (v))\n(define (both) (str (v) (v)))");
        var both = folder.Host.GetSlot("app.ai", "both");
        var v = folder.Host.GetSlot("lib.ai", "v");
        folder.Write("lib.ai", "(define (v) \"2\")");

        folder.Host.CanaryReload("lib.ai", new CanaryOptions { Percentage = 50 });
        var answers = Enumerable.Range(0, 1000).Select(_ => (string)both.Invoke()!).ToHashSet();
        var direct = Enumerable.Range(0, 1000).Select(_ => (string)v.Invoke()!).ToHashSet();

        Assert.Equal(["11", "22"], answers.Order());
        Assert.Equal(["1", "2"], direct.Order());

        var promoted = folder.Host.Promote("lib.ai");
        Assert.Equal("22", both.Invoke());
        Assert.Equal("promoted", promoted.Rollout!.Phase);
        var unloaded = await promoted.UnloadVerification;
        Assert.Equal(2, unloaded.Count);
        Assert.All(unloaded, r => Assert.True(r.Unloaded, r.Holder));
        Assert.All(unloaded, r => Assert.Equal(1L, r.Version));
    }

    [Fact]
    public async Task AFailingCanaryIsAbortedOnTheCallsThatShowItAndTheStableKeepsServing()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f x) (str \"v1 \" x))");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f x) (get x :boom))");

        var started = folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 50, MinCalls = 20 });
        var failures = 0;
        for (var i = 0; i < 1000; i++)
        {
            try
            {
                Assert.Equal("v1 " + i, f.Invoke(i));
            }
            catch (FluentAIException)
            {
                failures++;
            }
        }

        // The verdict came on the 20th canary call; no call after it went to the canary.
        Assert.Equal(20, failures);
        var abort = events.WaitFor(HostEventKind.CanaryAbort);
        Assert.Contains("canary error rate 1 over 20 calls exceeds the stable's 0", abort.Detail, StringComparison.Ordinal);
        Assert.Equal((20.0, 20.0, 1.0), (abort.Figures!["canaryCalls"], abort.Figures["canaryErrors"], abort.Figures["canaryErrorRate"]));
        Assert.Equal("aborted", folder.Host.RolloutStatus("m.ai")!.Phase);
        Assert.Equal(1, folder.Host.VersionOf("m.ai"));
        var unloaded = Assert.Single(await started.UnloadVerification);
        Assert.True(unloaded.Unloaded, unloaded.Holder);
        Assert.Equal(2L, unloaded.Version);
    }

    [Fact]
    public async Task TheRampRaisesTheShareOnTheHostClockAndPromotesAtItsTarget()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");

        var started = folder.Host.CanaryReload("m.ai", new CanaryOptions { Percentage = 0, RampDuration = TimeSpan.FromSeconds(4) });
        var shares = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            shares.Add(Enumerable.Range(0, 1000).Count(_ => (long)f.Invoke()! == 2) / 10.0);
            time.Advance(Second);
        }

        Assert.Equal([0.0, 25.0, 50.0, 75.0], shares);
        Assert.Equal([25.0, 50.0, 75.0, 100.0], events.All.Where(e => e.Kind == HostEventKind.CanaryStep).Select(e => e.Figures!["weight"]));
        events.WaitFor(HostEventKind.CanaryPromote);
        Assert.Equal(2L, f.Invoke());
        Assert.Equal(2, folder.Host.VersionOf("m.ai"));
        Assert.All(await started.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void ACanaryThatWouldMigrateStateIsRejected()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define-stateful n :version 1 :state 1)\n(define (f) (deref n))");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", "(define-stateful n :version 2 :state 1 :migrate-from {1 (lambda (o) (* o 2))})\n(define (f) (deref n))");

        var error = Assert.Throws<ModuleLoadException>(() => folder.Host.CanaryReload("m.ai", new CanaryOptions()));

        Assert.Contains("state n would migrate from v1 to v2: use safe-reload", error.Message, StringComparison.Ordinal);
        Assert.Equal(1L, folder.Host.Call("m.ai", "f"));
    }

    [Fact]
    public void CanaryFormsFromFluentAIStartReportAndAbort()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f) 1)");
        folder.Write("ops.ai", """
            (define (start) (canary-reload "m.ai" :percentage 25 :max-error-rate 0.05 :min-calls 50))
            (define (status) (rollout-status "m.ai"))
            (define (stop) (canary-abort "m.ai"))
            """);
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");

        Assert.Equal("Canary m.ai v2 serving 25 % of calls", folder.Host.Call("ops.ai", "start")!.ToString());
        Assert.Equal(250, Enumerable.Range(0, 1000).Count(_ => (long)f.Invoke()! == 2));
        var status = (Values.FMap)folder.Host.Call("ops.ai", "status")!;
        Assert.Equal("{:module", Values.Printer.Print(status)[..8]);
        Assert.Equal(250L, status[Values.Keyword.Intern("new-calls")]);
        Assert.Equal("aborted by the host", folder.Host.Call("ops.ai", "stop")!.ToString());
        Assert.Equal(1L, f.Invoke());
        events.AssertUnloaded("m.ai", 2);
    }

    [Fact]
    public void UnloadingTheHostDuringACanaryOrAWindowUnloadsBothSides()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        folder.Write("lib.ai", "(define (v) 1)");
        folder.Write("app.ai", "(import \"lib\" (v))\n(define (g) (v))");
        folder.Write("other.ai", "(define (w) 1)");
        var g = folder.Host.GetSlot("app.ai", "g");
        folder.Host.Load("other.ai");
        folder.Write("lib.ai", "(define (v) 2)");
        folder.Write("other.ai", "(define (w) 2)");
        folder.Host.CanaryReload("lib.ai", new CanaryOptions { Percentage = 50 });
        folder.Host.SafeReload("other.ai", new SafeReloadOptions());
        Assert.Equal(2, Enumerable.Range(0, 100).Select(_ => (long)g.Invoke()!).Distinct().Count());
        folder.Host.Release(g);

        var reports = folder.Host.UnloadAll();

        // lib and app on both sides, other.ai's new and previous versions.
        Assert.Equal(6, reports.Count);
        Assert.All(reports, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version}: {r.Holder}"));
    }

    [Fact]
    public async Task AFailingPostCheckAbortsTheCanaryAndItsErrorRateIsTheCanarysOwn()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f x) x)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f x) (if (= x 0) (get x :k) x))");
        double seen = -1;
        var started = folder.Host.CanaryReload("m.ai", new CanaryOptions
        {
            Percentage = 50,
            MinCalls = 1000,
            PostCheck = check =>
            {
                seen = check.ErrorRate;
                return check.ErrorRate < 0.1;
            },
        });

        // The canary gets every second call (the counter at 50 %); a third of those pass 0, which it fails on. The stable side answers 0 with 0.
        for (var i = 0; i < 200; i++)
        {
            try
            {
                f.Invoke(i % 3);
            }
            catch (FluentAIException)
            {
                // The canary's failures, counted by it.
            }
        }

        time.Advance(Second);
        var abort = events.WaitFor(HostEventKind.CanaryAbort);

        Assert.Equal(1 / 3.0, seen, 2);
        Assert.Contains("post-check returned false", abort.Detail, StringComparison.Ordinal);
        Assert.Equal(0L, f.Invoke(0));
        Assert.True(Assert.Single(await started.UnloadVerification).Unloaded);
    }
}
