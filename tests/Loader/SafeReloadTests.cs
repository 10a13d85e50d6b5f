using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class SafeReloadTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task APreCheckCallsTheNewCodeBeforeTheSwapAndAPassingWindowReleasesTheOldVersion()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");
        long seenByCheck = 0, seenByOthers = 0;

        var result = folder.Host.SafeReload("m.ai", new SafeReloadOptions
        {
            PreCheck = check =>
            {
                seenByCheck = (long)check.Call("f")!;

                // Another flow (no execution context flows to it) still gets the running version.
                var other = new Thread(() => seenByOthers = (long)f.Invoke()!);
                other.UnsafeStart();
                other.Join();
                return check.ValidSyntax && check.CompatibleApi;
            },
            PostCheck = check => check.ErrorRate <= 0.1,
            RollbackAfter = TimeSpan.FromSeconds(3),
        });

        Assert.Equal((2L, 1L), (seenByCheck, seenByOthers));
        Assert.Equal(2L, f.Invoke());
        Assert.Equal(("safe-reload", "window", 1L, 2L), (result.Rollout!.Kind, result.Rollout.Phase, result.Rollout.StableVersion, result.Rollout.NewVersion));
        Assert.False(result.UnloadVerification.IsCompleted);

        for (var i = 1; i <= 3; i++)
        {
            time.Advance(Second);
            events.WaitFor(HostEventKind.PostCheck, i);
        }

        // The check at the window's end passed: v1 is released and unloads.
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        Assert.Equal([1L], (await result.UnloadVerification).Select(r => r.Version));
        Assert.Equal("committed", folder.Host.RolloutStatus("m.ai")!.Phase);
        Assert.Equal(2L, f.Invoke());
        Assert.Equal(2, events.All.Count(e => e.Kind == HostEventKind.SafeReload));
    }

    [Fact]
    public void AFailingPreCheckRejectsTheReloadAndNothingChanges()
    {
        using var folder = new ModuleFolder();
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define-stateful n :version 1 :state 5)\n(define (f) (deref n))");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define-stateful n :version 2 :state 0 :migrate-from {1 (lambda (old) (* old 100))})\n(define (f) (+ 1000 (deref n)))");

        var error = Assert.Throws<ModuleLoadException>(() => folder.Host.SafeReload("m.ai", new SafeReloadOptions { PreCheck = check => (long)check.Call("f")! < 1000 }));

        Assert.Contains("the :pre-check returned false", error.Message, StringComparison.Ordinal);
        Assert.Equal(5L, f.Invoke());
        Assert.Equal(1, folder.Host.VersionOf("m.ai"));
        Assert.False(events.All.Single(e => e.Kind == HostEventKind.PreCheck).Ok);
        Assert.Contains(events.All, e => e.Kind == HostEventKind.ReloadRejected);
        Assert.Null(folder.Host.RolloutStatus("m.ai"));
    }

    [Fact]
    public void AThrowingPreCheckRejectsTheReloadWithItsLocatedError()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (f x) x)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f x) (get x :k))");

        var error = Assert.Throws<ModuleLoadException>(() => folder.Host.SafeReload("m.ai", new SafeReloadOptions { PreCheck = check => check.Call("f", 5) is null }));

        Assert.Contains("m.ai v2: the :pre-check failed: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("m.ai(1,15)", error.Message, StringComparison.Ordinal);
        Assert.Equal(7L, f.Invoke(7));
        GC.KeepAlive(error);
    }

    [Fact]
    public async Task AFailingPostCheckRollsCodeAndStateBackInOnePublication()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define-stateful hits :version 1 :state 0)\n(define (count) (deref hits))\n(define (f x) (swap! hits inc) (str \"v1 \" x))");
        var f = folder.Host.GetSlot("m.ai", "f");
        f.Invoke(0);
        folder.Write("m.ai", "(define-stateful hits :version 2 :state 0 :migrate-from {1 (lambda (old) (* old 10))})\n(define (count) (deref hits))\n(define (f x) (swap! hits inc) (if (odd? x) (get x :boom) (str \"v2 \" x)))");

        var result = folder.Host.SafeReload("m.ai", new SafeReloadOptions { PostCheck = check => check.ErrorRate <= 0.1, RollbackAfter = TimeSpan.FromSeconds(30) });
        Assert.Equal("v2 2", f.Invoke(2));
        Assert.Throws<FluentAIException>(() => f.Invoke(3));

        time.Advance(Second);
        var rollback = events.WaitFor(HostEventKind.Rollback);

        Assert.Equal("v1 4", f.Invoke(4));
        Assert.Equal((2L, 1L), (rollback.FromVersion!.Value, rollback.ToVersion!.Value));
        Assert.Contains("post-check returned false", rollback.Detail, StringComparison.Ordinal);
        Assert.Contains("1 state cell lost writes", rollback.Detail, StringComparison.Ordinal);
        Assert.Equal((2.0, 1.0, 0.5), (rollback.Figures!["calls"], rollback.Figures["errors"], rollback.Figures["errorRate"]));
        Assert.Equal("rolled-back", folder.Host.RolloutStatus("m.ai")!.Phase);

        // The state went back to v1's snapshot (the version-2 writes could not be carried back), then v1 counted one call.
        Assert.Equal(2L, folder.Host.Call("m.ai", "count"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        Assert.Equal([2L], (await result.UnloadVerification).Select(r => r.Version));
    }

    [Fact]
    public void APostCheckThatRunsPastItsTimeoutRollsBack()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");
        using var hang = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();

        folder.Host.SafeReload("m.ai", new SafeReloadOptions
        {
            PostCheck = _ =>
            {
                started.Set();
                hang.Wait();
                return true;
            },
            CheckTimeout = TimeSpan.FromSeconds(2),
        });

        time.Advance(Second);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
        time.Advance(Second);
        Assert.Equal(2L, f.Invoke());
        time.Advance(Second);

        var rollback = events.WaitFor(HostEventKind.Rollback);
        Assert.Contains("ran longer than 2 s", rollback.Detail, StringComparison.Ordinal);
        Assert.Equal(1L, f.Invoke());
        hang.Set();
        events.AssertUnloaded("m.ai", 2);
    }

    [Fact]
    public async Task TheHostCanRollBackOrPromoteDuringTheWindowAndOtherReloadsWait()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        folder.Write("lib.ai", "(define (f) 1)");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define (g) (* 10 (f)))");
        var g = folder.Host.GetSlot("app.ai", "g");
        folder.Write("lib.ai", "(define (f) 2)");
        folder.Host.SafeReload("lib.ai", new SafeReloadOptions());
        Assert.Equal(20L, g.Invoke());

        // app.ai is in the reloaded unit: reloading it now is rejected, saying why.
        var busy = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("app.ai"));
        Assert.Contains("app.ai is in a safe-reload of lib.ai", busy.Message, StringComparison.Ordinal);

        var back = folder.Host.Rollback("lib.ai");
        Assert.Equal(10L, g.Invoke());
        Assert.Equal(1, folder.Host.VersionOf("lib.ai"));
        Assert.All(await back.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));

        // The graph is as before: a plain reload works again, and a second safe reload can be promoted early.
        folder.Write("lib.ai", "(define (f) 3)");
        folder.Host.SafeReload("lib.ai", new SafeReloadOptions());
        var promoted = folder.Host.Promote("lib.ai");
        Assert.Equal(30L, g.Invoke());
        Assert.Equal("committed", promoted.Rollout!.Phase);
        Assert.All(await promoted.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        Assert.Throws<InvalidOperationException>(() => folder.Host.Promote("lib.ai"));
    }

    [Fact]
    public void SafeReloadFromFluentAIChecksTheNewCodeThroughItsImports()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define (f) 1)");
        folder.Write("deploy.ai", """
            (import "m" (f))
            (define (ship)
              (safe-reload "m.ai"
                :pre-check (lambda () (and (valid-syntax?) (compatible-api?) (= (f) 2)))
                :post-check (lambda () (< (error-rate) 0.5))
                :rollback-after 2))
            """);
        var ship = folder.Host.GetSlot("deploy.ai", "ship");
        var f = folder.Host.GetSlot("m.ai", "f");
        folder.Write("m.ai", "(define (f) 2)");

        var summary = ship.Invoke()!.ToString();

        Assert.Equal("Reloaded 2 functions, migrated 0 state values; rollback window open for 2 s", summary);
        Assert.Equal(2L, f.Invoke());
        time.Advance(Second);
        events.WaitFor(HostEventKind.PostCheck);
        time.Advance(Second);
        events.WaitFor(HostEventKind.SafeReload, 2);
        Assert.Equal("committed", folder.Host.RolloutStatus("m.ai")!.Phase);

        // A pre-check that fails from FluentAI rejects the reload as hot-reload's errors do.
        folder.Write("m.ai", "(define (f) 3)");
        var error = Assert.Throws<FluentAIException>(() => ship.Invoke());
        Assert.Contains("pre-check returned false", error.Message, StringComparison.Ordinal);
        Assert.Equal(2L, f.Invoke());

        // The version the window retired.
        events.AssertUnloaded("m.ai", 1);
    }

    [Fact]
    public void HealthFiguresOutsideACheckSayWhereTheyBelong()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (f) (error-rate))");
        var error = Assert.Throws<FluentAIException>(() => folder.Host.Call("m.ai", "f"));
        Assert.Contains("(error-rate) reads the version under check", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeclaredDownMigrationCarriesTheWindowsWritesBack()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => o.TimeProvider = time);
        folder.Write("m.ai", "(define-stateful hits :version 1 :state 0)\n(define (count) (deref hits))\n(define (hit) (swap! hits inc))");
        var hit = folder.Host.GetSlot("m.ai", "hit");
        hit.Invoke();
        hit.Invoke();

        // v2 keeps a map; its :migrate-to carries a map back to v1's number.
        folder.Write("m.ai", """
            (define-stateful hits :version 2 :state {:n 0}
              :migrate-from {1 (lambda (old) {:n old :since 1})}
              :migrate-to {1 (lambda (new) (get new :n))})
            (define (count) (get (deref hits) :n))
            (define (hit) (swap! hits (lambda (m) (assoc m :n (inc (get m :n))))))
            """);
        var result = folder.Host.SafeReload("m.ai", new SafeReloadOptions());
        hit.Invoke();
        Assert.Equal(3L, folder.Host.Call("m.ai", "count"));

        var back = folder.Host.Rollback("m.ai");

        // The write v2 made in the window (3) survives the rollback; nothing was lost.
        Assert.Equal(3L, folder.Host.Call("m.ai", "count"));
        hit.Invoke();
        Assert.Equal(4L, folder.Host.Call("m.ai", "count"));
        Assert.Equal(0, back.Rollout!.NewErrors);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void ADownMigrationThatFailsFallsBackToTheSnapshotAndReportsTheLoss()
    {
        using var folder = new ModuleFolder(o => o.TimeProvider = new FakeTimeProvider());
        var events = new RolloutEvents(folder.Host);
        folder.Write("m.ai", "(define-stateful hits :version 1 :state 5)\n(define (count) (deref hits))");
        folder.Host.Load("m.ai");
        folder.Write("m.ai", "(define-stateful hits :version 2 :state 0 :migrate-from {1 (lambda (old) (* old 10))} :migrate-to {1 (lambda (new) (get new :missing))})\n(define (count) (deref hits))\n(define (bump) (swap! hits inc))");
        folder.Host.SafeReload("m.ai", new SafeReloadOptions());
        folder.Host.Call("m.ai", "bump");

        folder.Host.Rollback("m.ai");

        Assert.Equal(5L, folder.Host.Call("m.ai", "count"));
        events.AssertUnloaded("m.ai", 2);
        Assert.Contains("1 state cell lost writes", events.All.Single(e => e.Kind == HostEventKind.Rollback).Detail, StringComparison.Ordinal);
        Assert.Equal(1.0, events.All.Single(e => e.Kind == HostEventKind.Rollback).Figures!["lostWrites"]);
    }
}
