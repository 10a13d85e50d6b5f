using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Benchmarks.Tests;

/// <summary>
/// Runs every benchmark body once, the way BenchmarkDotNet would (global setup, iteration setup,
/// body, cleanups), and checks its result, so a benchmark can never measure a broken path.
/// </summary>
public class BenchmarkBodyTests
{
    [Fact]
    public void Fib30BodiesComputeFib30()
    {
        var b = new Fib30();
        b.Setup();
        try
        {
            Assert.Equal(Sources.Fib30, b.FluentAI());
            Assert.Equal(Sources.Fib30, b.BoxedCSharp());
            Assert.Equal(Sources.Fib30, b.TypedCSharp());
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Fact]
    public void MapLoopBodiesSumEveryKey()
    {
        var b = new MapLoop();
        b.Setup();
        try
        {
            var fluent = Assert.IsType<FMap>(b.FluentAI());
            var fmap = Assert.IsType<FMap>(b.FMapCSharp());
            var dict = b.TypedCSharp();
            Assert.Equal(8, fluent.Count);
            Assert.Equal(8, fmap.Count);
            Assert.Equal(8, dict.Count);
            for (var k = 0; k < 8; k++)
            {
                var key = "k" + k;
                var expected = Sources.MapLoopExpected(k);
                Assert.Equal(expected, fluent[key]);
                Assert.Equal(expected, fmap[key]);
                Assert.Equal(expected, dict[key]);
            }

            Assert.Equal(49_995_000L, dict.Values.Sum());
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Fact]
    public void MapLibraryBodiesBuildFindEnumerateAndCountEveryEntry()
    {
        var b = new MapLibraries();
        b.Setup();
        const int n = MapLibraries.N;
        const long keySum = (long)n * (n - 1) / 2;

        var built = b.FMapBuilderBuild();
        Assert.Equal(n, built.Count);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (object?)(long)i), built.Keys);
        Assert.Equal(built, b.FMapPersistentBuild());
        Assert.Equal(n, b.ImToolsBuild().Count());
        Assert.Equal(n, b.FSharpxPersistentBuild().Count);
        Assert.Equal(n, b.FSharpxTransientBuild().Count);
        Assert.Equal(n, b.LanguageExtBuild().Count);
        Assert.Equal(n, b.ImmutablePersistentBuild().Count);
        Assert.Equal(n, b.ImmutableBuilderBuild().Count);
        Assert.Equal(n, b.DictionaryBuild().Count);

        Assert.All(
            new[] { b.FMapLookup(), b.ImToolsLookup(), b.FSharpxLookup(), b.LanguageExtLookup(), b.ImmutableLookup(), b.DictionaryLookup() },
            found => Assert.Equal(n, found));
        Assert.All(
            new[] { b.FMapEnumerate(), b.ImToolsEnumerate(), b.FSharpxEnumerate(), b.LanguageExtEnumerate(), b.ImmutableEnumerate(), b.DictionaryEnumerate() },
            sum => Assert.Equal(keySum, sum));
        Assert.All(
            new[] { b.FMapRecords(), b.ImToolsRecords(), b.FSharpxRecords(), b.LanguageExtRecords(), b.ImmutableRecords(), b.DictionaryRecords() },
            entries => Assert.Equal(4L * n, entries));
    }

    [Fact]
    public void SlotCallBodiesReturnTheArgument()
    {
        var b = new SlotCall();
        b.Setup();
        try
        {
            Assert.Equal(42L, b.SlotToFluentAI());
            Assert.Equal(42L, b.FnToFluentAI());
            Assert.Equal(42L, b.SlotToCSharp());
            Assert.Equal(42L, b.SlotToCSharpWithStackCheck());
            Assert.Equal(42L, b.DelegateCall());
            Assert.Equal(42L, b.DirectCall());
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Fact]
    public void WarmCompileCompilesAndLoadsTheNewModule()
    {
        var b = new WarmCompile { WarmUp = 1 };
        b.Setup();
        try
        {
            Assert.True(b.CompileOnly() > 0);
            Assert.True(b.RoslynOnGeneratedCSharp() > 0);
            Assert.True(b.RoslynOnPlainCSharp() > 0);
            b.NewModule();
            var constant = b.LastConstant;
            Assert.Equal(constant, b.CompileAndLoad());
            b.UnloadModule();
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Fact]
    public void ReloadMakesTheNewConstantVisibleThroughEveryDependent()
    {
        var b = new Reload { WarmUp = 1 };
        b.GlobalSetup();
        try
        {
            b.ChangeBase();
            Assert.Equal((3 * b.Constant) + 1 + 2 + 3, b.ReloadBase());
            CheckResult(b.LastResult!);
            b.ChangeSmallBase();
            Assert.Equal((3 * b.Constant) + 1 + 2 + 3, b.ReloadSmallBase());
            CheckResult(b.LastResult!);
        }
        finally
        {
            b.Cleanup();
        }
    }

    private static void CheckResult(ReloadResult result)
    {
        Assert.Equal(1 + Reload.Dependents, result.Modules.Count);
        var unloads = result.UnloadVerification.GetAwaiter().GetResult();
        Assert.Equal(1 + Reload.Dependents, unloads.Count);
        Assert.All(unloads, u => Assert.True(u.Unloaded, u.Module));
    }

    [Fact]
    public void TheGeneratedModuleComputesItsChain()
    {
        using var folder = new ModuleFolder("chain");
        folder.Write("base.ai", Sources.Module100(7));
        using var host = folder.CreateHost();
        host.Load("base.ai");
        Assert.Equal(1 + 7 + Sources.ChainSum, host.GetSlot("base.ai", "f99").Invoke(1L));
    }

    [Fact]
    public void SaveToVisibleServesTheSavedChange()
    {
        var b = new SaveToVisible { WarmUp = 1 };
        b.GlobalSetup();
        try
        {
            Assert.True(b.Save() > 0);
        }
        finally
        {
            b.Cleanup();
        }
    }

    [Fact]
    public void SoakReportsMemoryAndUnloadsEveryReplacedContext()
    {
        using var output = new StringWriter();
        Assert.True(Soak.Run(output, reloads: 12), output.ToString());
        Assert.Contains("replaced contexts unloaded: 24 of 24", output.ToString(), StringComparison.Ordinal);
    }
}
