using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class StateTests
{
    private const string CacheV1 = "(define-stateful user-cache :version 1 :state {})\n(define (add-user! id name) (swap! user-cache assoc id {:name name}))\n(define (users) (deref user-cache))";

    private static string CacheV3(string step2 = "(lambda (old) (map-values (lambda (u) (assoc u :prefs {})) old))") =>
        "(define-stateful user-cache :version 3 :state {}\n  :migrate-from {1 (lambda (old) (map-values (lambda (u) (assoc u :last-login nil)) old))\n                2 " + step2 + "})\n(define (users) (deref user-cache))";

    private static ModuleFolder WithUsers(int count)
    {
        var folder = new ModuleFolder();
        folder.Write("cache.ai", CacheV1);
        folder.Host.Load("cache.ai");
        for (var i = 0; i < count; i++)
        {
            folder.Host.Call("cache.ai", "add-user!", (long)i, "user" + i);
        }

        return folder;
    }

    [Fact]
    public async Task AReloadKeepsStateWhenTheVersionIsUnchanged()
    {
        using var folder = WithUsers(3);
        folder.Write("cache.ai", CacheV1 + "\n(define (count-users) (length (keys (deref user-cache))))");
        var result = folder.Host.Reload("cache.ai");
        Assert.Equal(3L, folder.Host.Call("cache.ai", "count-users"));
        Assert.Empty(result.Migrations);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void ARaisedVersionRunsTheMigrationChainInOrder()
    {
        using var folder = WithUsers(2);
        folder.Write("cache.ai", CacheV3());
        var result = folder.Host.Reload("cache.ai");

        Assert.Equal(["Migrated user-cache from v1 to v2 (2 entries)", "Migrated user-cache from v2 to v3 (2 entries)"], result.Migrations);
        Assert.Equal("Reloaded 1 functions, migrated 2 state values", result.ToString());
        Assert.Equal("{0 {:name \"user0\", :last-login nil, :prefs {}}, 1 {:name \"user1\", :last-login nil, :prefs {}}}", Printer.Print(folder.Host.Call("cache.ai", "users")));
    }

    [Fact]
    public void AMissingStepALowerVersionAndAThrowingMigrationRejectTheReloadAndKeepEverything()
    {
        using var folder = WithUsers(2);
        var before = folder.Host.Call("cache.ai", "users");

        folder.Write("cache.ai", "(define-stateful user-cache :version 3 :state {} :migrate-from {1 (lambda (o) o)})\n(define (users) 0)");
        var missing = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("cache.ai"));
        Assert.Contains("no migration from v2 to v3 for state user-cache (:migrate-from has: 1)", missing.Error!.Message, StringComparison.Ordinal);

        folder.Write("cache.ai", CacheV3("(lambda (old) (car old))"));
        var throwing = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("cache.ai"));
        var error = Assert.IsType<FluentAIException>(throwing.Error);
        Assert.Equal(ErrorCodes.MigrationFailed, error.Code);
        Assert.Contains("migration of state user-cache from v2 to v3 failed: car expects a list", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("cache.ai", error.Location?.File, StringComparison.Ordinal);
        Assert.Equal(3, error.Location?.Line);

        Assert.Same(before, folder.Host.Call("cache.ai", "users"));
        Assert.Equal(1, folder.Host.VersionOf("cache.ai"));
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("cache.ai"));

        folder.Write("cache.ai", CacheV3());
        folder.Host.Reload("cache.ai");
        folder.Write("cache.ai", CacheV1);
        var lower = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("cache.ai"));
        Assert.Contains("state user-cache is at v3, but the new code declares v1", lower.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMigrationReturningAFunctionIsRejected()
    {
        using var folder = WithUsers(1);
        folder.Write("cache.ai", "(define-stateful user-cache :version 2 :state {} :migrate-from {1 (lambda (old) (lambda () old))})");
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("cache.ai"));
        Assert.Contains("migration from v1 to v2 gave a function value", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1L, (long)((FMap)folder.Host.Call("cache.ai", "users")!).Count);
    }

    [Fact]
    public void AFailureInADependentAfterTheStateMigratedRestoresTheState()
    {
        using var folder = new ModuleFolder();
        folder.Write("store.ai", "(define-stateful counter :version 1 :state 5)\n(define (value) (deref counter))");
        folder.Write("app.ai", "(import \"store\" (value))\n(define start (if (> (value) 100) (car 1) (value)))");
        folder.Host.Load("app.ai");

        folder.Write("store.ai", "(define-stateful counter :version 2 :state 0 :migrate-from {1 (lambda (n) (* n 100))})\n(define (value) (deref counter))");
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("store.ai"));

        Assert.Equal(5L, folder.Host.Call("store.ai", "value"));
        Assert.Equal(5L, folder.Host.GetSlot("app.ai", "start").Value);
    }

    [Fact]
    public void SwapIsAtomicUnderContention()
    {
        using var folder = new ModuleFolder();
        folder.Write("c.ai", "(define-stateful hits :version 1 :state 0)\n(define (hit!) (swap! hits + 1))\n(define (total) (deref hits))");
        folder.Host.Load("c.ai");
        var hit = folder.Host.GetSlot("c.ai", "hit!");
        Parallel.For(0, 8, _ =>
        {
            for (var i = 0; i < 5000; i++)
            {
                hit.Invoke();
            }
        });
        Assert.Equal(40000L, folder.Host.Call("c.ai", "total"));
    }

    [Fact]
    public void HotReloadMigrateAppliesAOneOffMigration()
    {
        using var folder = WithUsers(2);
        var repl = new ReplSession(folder.Host, "cache.ai");
        var summary = repl.Evaluate("(hot-reload \"cache.ai\" :migrate (lambda (old) (map-values (lambda (u) (assoc u :created-at 0)) old)))").Value;
        Assert.Equal("Migrated user-cache from v1 to v1 (2 entries)\nReloaded 2 functions, migrated 1 state values", Printer.Print(summary));
        Assert.Equal("{0 {:name \"user0\", :created-at 0}, 1 {:name \"user1\", :created-at 0}}", Printer.Print(folder.Host.Call("cache.ai", "users")));
    }

    [Fact]
    public async Task AFunctionStoredInStateIsWarnedAboutAndNamedWhenItKeepsAVersionAlive()
    {
        using var folder = new ModuleFolder();
        var warnings = new List<HostEvent>();
        folder.Host.Events += (_, e) => { if (e.Event == "state-warning") { lock (warnings) { warnings.Add(e); } } };
        folder.Write("h.ai", "(define-stateful handlers :version 1 :state [])\n(define (register!) (swap! handlers (lambda (hs) (cons (lambda (x) x) hs))))");
        folder.Host.Load("h.ai");
        folder.Host.Call("h.ai", "register!");
        Assert.Contains("state handlers now holds a function value", Assert.Single(warnings).Detail, StringComparison.Ordinal);

        folder.Write("h.ai", "(define-stateful handlers :version 1 :state [])\n(define (register!) 0)");
        var result = folder.Host.Reload("h.ai");
        var report = Assert.Single(await result.UnloadVerification);
        Assert.False(report.Unloaded);
        Assert.Contains("state handlers of h.ai holds a function of that version", report.Holder, StringComparison.Ordinal);
    }

    [Fact]
    public void RollbackRestoresCodeAndState()
    {
        using var folder = WithUsers(2);
        folder.Write("cache.ai", CacheV3());
        folder.Host.Reload("cache.ai");
        var result = folder.Host.Rollback("cache.ai");
        Assert.Equal("{0 {:name \"user0\"}, 1 {:name \"user1\"}}", Printer.Print(folder.Host.Call("cache.ai", "users")));
    }

    [Fact]
    public void AnUnchangedVersionWithADifferentStateShapeWarns()
    {
        using var folder = WithUsers(1);
        folder.Write("cache.ai", "(define-stateful user-cache :version 1 :state [])\n(define (users) (deref user-cache))");
        var result = folder.Host.Reload("cache.ai");
        Assert.Contains("user-cache stays at v1 with its value (a map), but its :state is now a list", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    private static string Store(string state, string topLevel = "") =>
        "(import \"host\" (during-reload))\n" + state + "\n(define (add! n) (swap! counter + n))\n(define (value) (deref counter))\n" + topLevel;

    [Fact]
    public async Task AWriteByTheRunningVersionDuringAMigrationIsAppliedAfterItNotLost()
    {
        using var folder = new ModuleFolder();
        Task<object?>? write = null;
        object? readDuringMigration = null;
        var writeDoneDuringMigration = true;
        Slot add = null!, value = null!;
        folder.Host.Register("during-reload", n =>
        {
            // Callers of the running version: a read sees the state it knows, a write waits for the reload.
            readDuringMigration = Outside(() => value.Invoke()).GetAwaiter().GetResult();
            write = Outside(() => add.Invoke(5L));
            writeDoneDuringMigration = write.Wait(TimeSpan.FromMilliseconds(200));
            return n;
        });
        folder.Write("store.ai", Store("(define-stateful counter :version 1 :state 10)"));
        folder.Host.Load("store.ai");
        (add, value) = (folder.Host.GetSlot("store.ai", "add!"), folder.Host.GetSlot("store.ai", "value"));

        folder.Write("store.ai", Store("(define-stateful counter :version 2 :state 0 :migrate-from {1 (lambda (n) (* (during-reload n) 100))})"));
        var result = folder.Host.Reload("store.ai");

        Assert.Equal(10L, readDuringMigration);
        Assert.False(writeDoneDuringMigration);
        Assert.Equal(1005L, await write!);
        Assert.Equal(1005L, folder.Host.Call("store.ai", "value"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task ARejectedReloadKeepsTheWritesTheRunningVersionMadeMeanwhile()
    {
        using var folder = new ModuleFolder();
        Task<object?>? write = null;
        Slot add = null!;
        folder.Host.Register("during-reload", n =>
        {
            write = Outside(() => add.Invoke(5L));
            return n;
        });
        folder.Write("store.ai", Store("(define-stateful counter :version 1 :state 10)"));
        folder.Host.Load("store.ai");
        add = folder.Host.GetSlot("store.ai", "add!");

        // The new version resets the counter, lets the running one write, then fails in its top-level code.
        folder.Write("store.ai", Store("(define-stateful counter :version 1 :state 10)", "(reset! counter 0)\n(during-reload 1)\n(car 5)"));
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("store.ai"));

        Assert.Equal(15L, await write!);
        Assert.Equal(15L, folder.Host.Call("store.ai", "value"));
        Assert.Equal(1L, folder.Host.VersionOf("store.ai"));
    }

    [Fact]
    public async Task RollbackDoesNotLoseWritesMadeWhileItRuns()
    {
        using var folder = new ModuleFolder();
        Task<object?>? write = null;
        object? readDuringRollback = null;
        Slot add = null!, value = null!;
        folder.Host.Register("during-reload", n =>
        {
            if (add is not null)
            {
                readDuringRollback = Outside(() => value.Invoke()).GetAwaiter().GetResult();
                write = Outside(() => add.Invoke(5L));
            }

            return n;
        });
        folder.Write("store.ai", Store("(define-stateful counter :version 1 :state 10)", "(during-reload 0)"));
        folder.Host.Load("store.ai");
        folder.Write("store.ai", Store("(define-stateful counter :version 2 :state 0 :migrate-from {1 (lambda (n) (* n 100))})"));
        folder.Host.Reload("store.ai");
        (add, value) = (folder.Host.GetSlot("store.ai", "add!"), folder.Host.GetSlot("store.ai", "value"));

        // Rolling back to v1 restores the state v1 left (10): until it commits, v2 still sees its own
        // state, and a v2 write made meanwhile waits, then applies to the restored value.
        var result = folder.Host.Rollback("store.ai");

        Assert.Equal(1000L, readDuringRollback);
        Assert.Equal(15L, await write!);
        Assert.Equal(15L, folder.Host.Call("store.ai", "value"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    /// <summary>Calls from another thread that does not inherit the reload's flow, as a request thread would.</summary>
    private static Task<object?> Outside(Func<object?> call)
    {
        var done = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        new Thread(() =>
        {
            try
            {
                done.SetResult(call());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }).UnsafeStart();
        return done.Task;
    }
}
