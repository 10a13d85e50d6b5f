using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// <c>:migrate-to</c> (SPEC §6.2): a loaded version records, per state cell, how to carry a value of
/// its version back to each earlier one, for a rollback to use.
/// </summary>
public sealed class DownMigrationTests
{
    private const string CacheV2 =
        "(define-stateful user-cache :version 2 :state {}\n"
        + "  :migrate-from {1 (lambda (old) (map-values (lambda (u) (assoc u :prefs {})) old))}\n"
        + "  :migrate-to {1 (lambda (new) (map-values (lambda (u) (dissoc u :prefs)) new))})\n"
        + "(define-stateful hits :version 1 :state 0)\n"
        + "(define (users) (deref user-cache))";

    [Fact]
    public async Task ALoadedVersionRecordsItsDownMigrationsAndTheyMapAValueBack()
    {
        using var folder = new ModuleFolder();
        var path = folder.Write("cache.ai", CacheV2);
        folder.Host.Load("cache.ai");

        var generation = folder.Host.Graph.Find(path)!.Current!;
        var down = Assert.Single(generation.DownMigrations);
        Assert.Equal("user-cache", down.Key);
        Assert.Equal([1L], down.Value.Keys);
        var v2 = FMap.Of(7L, FMap.Of(Keyword.Intern("name"), "ada", Keyword.Intern("prefs"), FMap.Empty));
        Assert.Equal("{7 {:name \"ada\"}}", Printer.Print(down.Value[1].Invoke(v2)));

        // Recorded per version: a reload records the new version's, and the old one (its functions with it) unloads.
        folder.Write("cache.ai", CacheV2.Replace("(dissoc u :prefs)", "(assoc (dissoc u :prefs) :v 1)", StringComparison.Ordinal));
        down = default;
        var result = folder.Host.Reload("cache.ai");
        Assert.Equal("{7 {:name \"ada\", :v 1}}", Printer.Print(folder.Host.Graph.Find(path)!.Current!.DownMigrations["user-cache"][1].Invoke(v2)));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Theory]
    [InlineData("(define down 5)", "define-stateful s: :migrate-to must be a map from an earlier version to a function, got 5 (an integer)")]
    [InlineData("(define down {2 (lambda (n) n)})", "define-stateful s: a :migrate-to key must be an integer version lower than :version 2, got 2 (an integer)")]
    [InlineData("(define down {:v1 (lambda (n) n)})", "define-stateful s: a :migrate-to key must be an integer version lower than :version 2, got :v1 (a keyword)")]
    [InlineData("(define down {1 \"back\"})", "define-stateful s: :migrate-to 1 must be a function of one argument (the value at this version, giving the value at v1), got \"back\" (a string)")]
    [InlineData("(define down {1 (lambda (a b) a)})", "define-stateful s: :migrate-to 1 must be a function of one argument (the value at this version, giving the value at v1), got #<fn lambda> (a function)")]
    public void AComputedMigrateToThatIsNotVersionsToFunctionsRejectsTheLoadAtTheForm(string definition, string message)
    {
        using var folder = new ModuleFolder();
        var path = folder.Write("m.ai", definition + "\n(define-stateful s :version 2 :state 0 :migrate-to down)");
        var error = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai")).Error!;
        Assert.Equal(ErrorCodes.TypeMismatch, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal((path, 2, 1), (error.Location?.File, error.Location?.Line, error.Location?.Column));
        Assert.Equal(0L, folder.Host.VersionOf("m.ai"));
    }
}
