using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.Building;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class CompileCacheTests
{
    [Fact]
    public void ADependentWithUnchangedSourceIsNotRecompiledByACascade()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(define (f x) (+ x 1))");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define (g x) (f x))");
        folder.Host.Load("app.ai");
        Assert.Equal(2, folder.Host.Cache.Misses);

        folder.Write("lib.ai", "(define (f x) (+ x 2))");
        folder.Host.Reload("lib.ai");

        Assert.Equal(3, folder.Host.Cache.Misses);
        Assert.Equal(1, folder.Host.Cache.Hits);
        Assert.Equal(12L, folder.Host.Call("app.ai", "g", 10L));
    }

    [Fact]
    public void AChangedExportSignatureRecompilesDependents()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(define (f x) (+ x 1))");
        folder.Write("app.ai", "(import \"lib\" *)\n(define (g x) (f x))");
        folder.Host.Load("app.ai");
        folder.Write("lib.ai", "(define (f x) (+ x 1))\n(define (h) 0)");
        folder.Host.Reload("lib.ai");
        Assert.Equal(4, folder.Host.Cache.Misses);
    }

    [Fact]
    public void AnUnchangedModuleIsNotRecompiledByANewHost()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define (f x) (* x 3))");
        folder.Host.Load("m.ai");
        Assert.Equal(1, folder.Host.Cache.Misses);

        using var second = PluginHost.Create(folder.Root, new PluginHostOptions { CacheDirectory = Path.Combine(folder.Root, ".cache") });
        second.Load("m.ai");
        Assert.Equal(0, second.Cache.Misses);
        Assert.Equal(1, second.Cache.Hits);
        Assert.Equal(9L, second.Call("m.ai", "f", 3L));
    }

    [Fact]
    public void TheInMemoryIndexKeepsOnlyTheMostRecentImagesAndFindsOlderOnesOnDisk()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        var cache = new CompileCache(dir) { MemoryCapacity = 3 };
        var images = new List<CachedImage>();
        for (var i = 0; i < 8; i++)
        {
            var result = PluginHost.Compiler.Compile(ParsedModule.Parse($"(define (f) {i})", Path.Combine(dir, "m.ai")));
            Assert.True(result.Success);
            images.Add(cache.Store(result));
        }

        Assert.Equal(3, cache.InMemory);
        var first = cache.TryGet(images[0].Hash);
        Assert.NotNull(first);
        Assert.Equal(images[0].DllPath, first.DllPath);
        Assert.Equal(1, cache.Hits);
        Assert.Equal(0, cache.Misses);
        Assert.Equal(3, cache.InMemory);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ReloadsDoNotGrowTheInMemoryIndexBeyondItsCapacity()
    {
        using var folder = new ModuleFolder();
        folder.Host.Cache.MemoryCapacity = 4;
        folder.Write("lib.ai", "(define (f) 0)");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define v (f))\n(define (g) v)");
        folder.Host.Load("app.ai");
        for (var i = 1; i <= 12; i++)
        {
            folder.Write("lib.ai", $"(define (f) {i})");
            folder.Host.Reload("lib.ai");
        }

        Assert.Equal(12L, folder.Host.Call("app.ai", "g"));
        Assert.Equal(14, folder.Host.Cache.Misses);
        Assert.True(folder.Host.Cache.InMemory <= 4, $"{folder.Host.Cache.InMemory} images kept in memory");
        folder.Host.Rollback("lib.ai");
        Assert.Equal(11L, folder.Host.Call("app.ai", "g"));
        Assert.Equal(14, folder.Host.Cache.Misses);
    }

    [Fact]
    public void TheCompiledSurfaceIsReadWithoutLoadingTheImage()
    {
        var dir = Path.Combine(Path.GetTempPath(), "fai-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "lib.ai");
        var result = PluginHost.Compiler.Compile(ParsedModule.Parse("(module lib (export add rate rest as more))\n(define rate 5)\n(define (add a b) (+ a b))\n(define (rest x & xs) xs)", file));
        Assert.True(result.Success);
        var dll = Path.Combine(dir, "lib.dll");
        File.WriteAllBytes(dll, result.Image!);

        Assert.Equal(new HashSet<string> { "add/2", "rate", "more/1+" }, SurfaceReader.Read(dll));
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == result.AssemblyName);
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void ChangingTheArityOfAnExportADependentCallsRejectsTheReload()
    {
        using var folder = new ModuleFolder();
        folder.Write("lib.ai", "(define (f x) x)");
        folder.Write("app.ai", "(import \"lib\" (f))\n(define (g) (f 1))");
        folder.Host.Load("app.ai");

        folder.Write("lib.ai", "(define (f x y) x)");
        var result = Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("lib.ai"));

        var error = Assert.Single(result.Diagnostics, d => d.IsError);
        Assert.Equal(ErrorCodes.WrongArityKnown, error.Code);
        Assert.EndsWith("app.ai", error.Span.File, StringComparison.Ordinal);
        Assert.Equal(2, error.Span.Line);
        Assert.Equal(1L, folder.Host.Call("app.ai", "g"));
    }
}
