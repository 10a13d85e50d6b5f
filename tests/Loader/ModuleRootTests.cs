namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Imports resolve only to .ai files inside the host's root (or a root its options allow), links followed.</summary>
public sealed class ModuleRootTests : IDisposable
{
    private const string Secret = "(module secret (export pw))\n(define pw \"hunter2\")";
    private readonly string _outer = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));

    public ModuleRootTests()
    {
        Directory.CreateDirectory(Path.Combine(_outer, "root", "lib"));
        File.WriteAllText(Path.Combine(_outer, "secret.ai"), Secret);
        File.WriteAllText(Path.Combine(_outer, "root", "lib", "util.ai"), "(module util (export twice))\n(define (twice x) (* 2 x))");
    }

    private string Root => Path.Combine(_outer, "root");

    [Theory]
    [InlineData("../secret")]
    [InlineData("lib/../../secret.ai")]
    public void AnImportThatClimbsOutOfTheRootIsACompileErrorAtTheImport(string import)
    {
        var error = LoadFails($"(import \"{import}\" (pw))\n(define (f) pw)");
        Assert.Equal("FAI1013", error.Code);
        Assert.Equal((1, 9), (error.Span.Line, error.Span.Column));
        Assert.Contains($"import of \"{import}\" reaches outside the module root ({Root})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAbsolutePathOutsideTheRootIsRefusedAndAFileThatIsNotAModuleIsNeverRead()
    {
        var outside = LoadFails($"(import \"{Path.Combine(_outer, "secret.ai")}\" (pw))");
        Assert.Equal("FAI1013", outside.Code);

        // A file that is not .ai is never parsed, so no diagnostic can show a line of it.
        var notes = Path.Combine(Root, "notes.txt");
        File.WriteAllText(notes, "the password is hunter2 (");
        var text = LoadFailsWith($"(import \"{notes}\" *)");
        Assert.Equal("FAI1013", Assert.Single(text.Diagnostics).Code);
        Assert.Contains("only .ai files are read as modules", text.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASymbolicLinkInsideTheRootThatPointsOutIsRefused()
    {
        File.CreateSymbolicLink(Path.Combine(Root, "sneaky.ai"), Path.Combine(_outer, "secret.ai"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "up"), _outer);
        Assert.Equal("FAI1013", LoadFails("(import \"sneaky\" (pw))").Code);
        Assert.Equal("FAI1013", LoadFails("(import \"up/secret\" (pw))").Code);

        // A link that stays inside the root is an ordinary import.
        File.CreateSymbolicLink(Path.Combine(Root, "alias.ai"), Path.Combine(Root, "lib", "util.ai"));
        using var host = Create();
        File.WriteAllText(Path.Combine(Root, "app.ai"), "(import \"alias\" (twice))\n(define (f) (twice 21))");
        Assert.Equal(42L, host.Call("app.ai", "f"));
    }

    [Fact]
    public void ImportsInsideTheRootAndInAnAllowedRootResolve()
    {
        using var inside = Create();
        File.WriteAllText(Path.Combine(Root, "app.ai"), "(import \"lib/util\" (twice))\n(define (f) (twice 4))");
        Assert.Equal(8L, inside.Call("app.ai", "f"));

        using var allowed = Create(o => o.AllowedRoots.Add(_outer));
        File.WriteAllText(Path.Combine(Root, "app2.ai"), "(import \"../secret\" (pw))\n(define (f) pw)");
        Assert.Equal("hunter2", allowed.Call("app2.ai", "f"));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outer, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private PluginHost Create(Action<PluginHostOptions>? configure = null)
    {
        var options = new PluginHostOptions { CacheDirectory = Path.Combine(_outer, ".cache") };
        configure?.Invoke(options);
        return PluginHost.Create(Root, options);
    }

    private Diagnostics.Diagnostic LoadFails(string source) => LoadFailsWith(source).Diagnostics.Single(d => d.Code == "FAI1013");

    private ModuleLoadException LoadFailsWith(string source)
    {
        using var host = Create();
        File.WriteAllText(Path.Combine(Root, "app.ai"), source);
        var e = Assert.Throws<ModuleLoadException>(() => host.Load("app.ai"));
        Assert.DoesNotContain(e.Diagnostics, d => d.Span.File.StartsWith(_outer + Path.DirectorySeparatorChar + "secret", StringComparison.Ordinal));
        return e;
    }
}
