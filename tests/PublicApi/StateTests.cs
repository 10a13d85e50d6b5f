using System.Text.Json;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>State cells: kept across reloads, migrated by version, and serialized to JSON and back.</summary>
public sealed class StateTests
{
    private const string Counter = "(define-stateful hits :version 1 :state 0)\n(define (hit!) (swap! hits inc))\n(define (total) (deref hits))";

    private const string UsersV1 = "(define-stateful users :version 1 :state {})\n(define (add! id name) (swap! users assoc id {:name name}))\n(define (all) (deref users))";

    private const string UsersV3 = """
        (define-stateful users :version 3 :state {}
          :migrate-from {1 (lambda (old) (map-values (lambda (u) (assoc u :last-login nil)) old))
                         2 (lambda (old) (map-values (lambda (u) (assoc u :prefs {})) old))})
        (define (all) (deref users))
        """;

    [Fact]
    public async Task AStatefulCellKeepsItsValueAcrossAReloadOfTheSameVersion()
    {
        using var folder = new HostFolder();
        folder.Write("c.ai", Counter);
        var hit = folder.Host.GetSlot("c.ai", "hit!");
        hit.Invoke();
        hit.Invoke();

        folder.Write("c.ai", Counter + "\n(define (twice) (* 2 (deref hits)))");
        var result = folder.Host.Reload("c.ai");

        Assert.Equal(3L, hit.Invoke());
        Assert.Equal(6L, folder.Host.Call("c.ai", "twice"));
        Assert.Empty(result.Migrations);
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task ARaisedVersionRunsEveryStepOfTheMigrationChainInOrder()
    {
        using var folder = new HostFolder();
        folder.Write("u.ai", UsersV1);
        folder.Host.Call("u.ai", "add!", 1, "ada");
        folder.Host.Call("u.ai", "add!", 2, "bob");

        folder.Write("u.ai", UsersV3);
        var result = folder.Host.Reload("u.ai");

        Assert.Equal(["Migrated users from v1 to v2 (2 entries)", "Migrated users from v2 to v3 (2 entries)"], result.Migrations);
        Assert.Equal(2, result.MigratedStateValues);
        Assert.Equal("{1 {:name \"ada\", :last-login nil, :prefs {}}, 2 {:name \"bob\", :last-login nil, :prefs {}}}", Printer.Print(folder.Host.Call("u.ai", "all")));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void AMigrationThatThrowsRejectsTheReloadWithItsLocationAndKeepsTheState()
    {
        using var folder = new HostFolder();
        var file = folder.Write("u.ai", UsersV1);
        folder.Host.Call("u.ai", "add!", 1, "ada");
        var before = folder.Host.Call("u.ai", "all");

        folder.Write("u.ai", UsersV3.Replace("(lambda (old) (map-values (lambda (u) (assoc u :prefs {})) old))", "(lambda (old) (car old))", StringComparison.Ordinal));
        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("u.ai"));

        Assert.Equal(ErrorCodes.MigrationFailed, e.Error?.Code);
        Assert.Equal((file, 3), (e.Error?.Location?.File, e.Error?.Location?.Line));
        Assert.Same(before, folder.Host.Call("u.ai", "all"));
        Assert.Equal(1, folder.Host.VersionOf("u.ai"));
    }

    [Fact]
    public void ASnapshotRestoredIntoANewHostGivesTheCellsBackExactly()
    {
        using var folder = new HostFolder();
        folder.Write("u.ai", UsersV1);
        folder.Host.Call("u.ai", "add!", 1, "ada");
        folder.Host.Call("u.ai", "add!", long.MaxValue, "max");
        var json = folder.Host.SnapshotState();

        var cell = Assert.Single(JsonDocument.Parse(json).RootElement.GetProperty("cells").EnumerateArray());
        Assert.Equal(("u.ai", "users", 1L), (cell.GetProperty("module").GetString(), cell.GetProperty("name").GetString(), cell.GetProperty("version").GetInt64()));

        using var restarted = folder.Restart();
        restarted.RestoreState(json);
        Assert.Equal(Printer.Print(folder.Host.Call("u.ai", "all")), Printer.Print(restarted.Call("u.ai", "all")));
        Assert.Equal(json, restarted.SnapshotState());
    }

    [Fact]
    public void RestoredStateOfAnOlderVersionIsMigratedWhenTheModuleLoads()
    {
        using var folder = new HostFolder();
        folder.Write("u.ai", UsersV1);
        folder.Host.Call("u.ai", "add!", 1, "ada");
        var json = folder.Host.SnapshotState();

        folder.Write("u.ai", UsersV3);
        using var restarted = folder.Restart();
        restarted.RestoreState(json);
        var module = restarted.Load("u.ai");

        Assert.Equal(["Migrated users from v1 to v2 (1 entries)", "Migrated users from v2 to v3 (1 entries)"], module.Migrations);
        Assert.Equal("{1 {:name \"ada\", :last-login nil, :prefs {}}}", Printer.Print(restarted.Call("u.ai", "all")));
    }

    [Fact]
    public void SaveStateAndLoadStateCarryTheCellsAcrossARestart()
    {
        using var folder = new HostFolder();
        var saved = folder.PathOf("state.json");
        folder.Write("c.ai", Counter);
        folder.Host.Call("c.ai", "hit!");
        folder.Host.Call("c.ai", "hit!");

        folder.Host.SaveState(saved);
        using var restarted = folder.Restart();
        restarted.LoadState(saved);
        restarted.LoadState(folder.PathOf("no-such-state.json"));

        Assert.Equal(2L, restarted.Call("c.ai", "total"));
    }

    [Fact]
    public void AStateFileIsRestoredWhenTheHostIsCreatedAndSavedWhenItIsDisposed()
    {
        using var folder = new HostFolder();
        var stateFile = folder.PathOf("state.json");
        folder.Write("c.ai", Counter);
        using (var first = folder.Restart(new PluginHostOptions { StateFile = stateFile }))
        {
            first.Call("c.ai", "hit!");
        }

        using var second = folder.Restart(new PluginHostOptions { StateFile = stateFile });
        Assert.Equal(2L, second.Call("c.ai", "hit!"));
    }

    [Fact]
    public void StateJsonKeepsEveryFluentValueExactly()
    {
        using var folder = new HostFolder();
        var repl = new ReplSession(folder.Host);
        var value = repl.Evaluate("{:int 9223372036854775807 :float 1.0 :text \"é\" :kw :k :sym 'x :list [1 [2] nil #t] 3 {:nested {}}}").Value;

        var json = StateJson.Serialize(value);

        Assert.Contains("9223372036854775807", json, StringComparison.Ordinal);
        Assert.Contains("{\"$kw\":\"k\"}", json, StringComparison.Ordinal);
        Assert.Equal(Printer.Print(value), Printer.Print(StateJson.Deserialize(json)));
        Assert.Equal(value, StateJson.Deserialize(json));
        Assert.Throws<ArgumentException>(() => StateJson.Serialize(new Lambda0("f", () => null)));
    }
}
