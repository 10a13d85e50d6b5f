using FluentAI.Plugins.Loader;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>
/// One failure model: a method that loads or changes modules does all of it or throws
/// <see cref="ModuleLoadException"/> and changes nothing; misuse throws the usual .NET exceptions.
/// </summary>
public sealed class FailureModelTests
{
    [Fact]
    public void LoadingAFileThatDoesNotCompileThrowsWithItsDiagnosticsAndLoadsNothing()
    {
        using var folder = new HostFolder();
        var file = folder.Write("bad.ai", "(define (f x)\n  (+ x y))");

        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("bad.ai"));

        var error = Assert.Single(e.Diagnostics, d => d.IsError);
        Assert.Equal(ErrorCodes.UnknownName, error.Code);
        Assert.Equal((file, 2, 8), (error.Span.File, error.Span.Line, error.Span.Column));
        Assert.Equal($"{file}(2,8): error {ErrorCodes.UnknownName}: unknown name 'y'", error.ToString());
        Assert.Contains(error.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Null(e.Error);
        Assert.Equal(0, folder.Host.VersionOf("bad.ai"));
        Assert.Empty(folder.Host.Modules);
    }

    [Fact]
    public void TopLevelFormsThatThrowRejectTheLoadWithTheLocatedErrorAndLoadNothingTheyImport()
    {
        using var folder = new HostFolder();
        folder.Write("lib.ai", "(define (f) 1)");
        var file = folder.Write("app.ai", "(import \"lib\" (f))\n(define x (f))\n(car x)");

        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("app.ai"));

        Assert.Empty(e.Diagnostics);
        Assert.Equal((ErrorCodes.TypeMismatch, file, 3), (e.Error?.Code, e.Error?.Location?.File, e.Error?.Location?.Line));
        Assert.Equal(e.Error!.Render(), e.Message);
        Assert.Empty(folder.Host.Modules);
    }

    [Fact]
    public void GetSlotCallAndAsThrowModuleLoadExceptionWhenTheLoadTheyNeedFails()
    {
        using var folder = new HostFolder();
        folder.Write("bad.ai", "(define (f) (");

        Assert.Throws<ModuleLoadException>(() => folder.Host.GetSlot("bad.ai", "f"));
        Assert.Throws<ModuleLoadException>(() => folder.Host.Call("bad.ai", "f"));
        Assert.Throws<ModuleLoadException>(() => folder.Host.As<LoadAndCallTests.IRequestHandler>("bad.ai"));
        Assert.Throws<ModuleLoadException>(() => folder.Host.Load("missing.ai"));
    }

    [Fact]
    public async Task ARejectedReloadKeepsTheOldVersionServingAndTheNextGoodOneGoesThrough()
    {
        using var folder = new HostFolder();
        folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");

        foreach (var broken in new[] { "(define (f) (", "(define (f) 2)\n(car 5)", "(define (f) (g))" })
        {
            folder.Write("m.ai", broken);
            Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));
            Assert.Equal(1L, f.Invoke());
            Assert.Equal(1, folder.Host.VersionOf("m.ai"));
        }

        folder.Write("m.ai", "(define (f) 3)");
        var result = folder.Host.Reload("m.ai");
        Assert.Equal(3L, f.Invoke());
        Assert.Equal(2, folder.Host.VersionOf("m.ai"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void ReloadingADeletedOrMissingFileThrowsAndTheLoadedVersionStays()
    {
        using var folder = new HostFolder();
        var file = folder.Write("m.ai", "(define (f) 1)");
        var f = folder.Host.GetSlot("m.ai", "f");
        File.Delete(file);

        var deleted = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));
        var missing = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("never-there.ai"));

        Assert.Contains("m.ai", deleted.Message, StringComparison.Ordinal);
        Assert.Contains("never-there.ai", missing.Message, StringComparison.Ordinal);
        Assert.Equal(1L, f.Invoke());
        Assert.Equal(1, folder.Host.VersionOf("m.ai"));
    }

    [Fact]
    public void RollbackWithoutAnEarlierVersionThrowsInvalidOperationException()
    {
        using var folder = new HostFolder();
        folder.Write("m.ai", "(define (f) 1)");
        folder.Host.Load("m.ai");

        Assert.Throws<InvalidOperationException>(() => folder.Host.Rollback("m.ai"));
        Assert.Throws<InvalidOperationException>(() => folder.Host.Rollback("not-loaded.ai"));
        Assert.Equal(1, folder.Host.VersionOf("m.ai"));
    }

    [Fact]
    public void ADisposedHostRefusesToLoadOrReload()
    {
        var folder = new HostFolder();
        folder.Write("m.ai", "(define (f) 1)");
        folder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => folder.Host.Load("m.ai"));
        Assert.Throws<ObjectDisposedException>(() => folder.Host.Reload("m.ai"));
        Assert.Throws<ObjectDisposedException>(() => folder.Host.Rollback("m.ai"));
    }
}
