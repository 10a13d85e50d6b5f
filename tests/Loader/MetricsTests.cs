using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FluentAI.Plugins.Loader.Tests;

public interface IGreeter
{
    string Greet(string name);
}

public sealed class MetricsTests
{
    private const string Duration = "fluentai.module.call.duration";

    [Fact]
    public void SlotProxyAndImportCallsAreMeasuredPerVersionWithOnlyNameAndVersionTags()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var folder = new ModuleFolder(o => o.MeterFactory = factory);
        folder.Write("greeter.ai", "(module greeter (export greet))\n(define (greet name) (str \"hi \" name))");
        folder.Write("app.ai", "(import \"greeter\" (greet))\n(define (welcome who) (greet who))");
        folder.Host.Load("app.ai");
        using var collector = new MetricCollector<double>(factory, "FluentAI.Plugins", Duration);

        folder.Host.GetSlot("greeter.ai", "greet").Invoke("ada");
        folder.Host.As<IGreeter>("greeter.ai").Greet("bob");
        folder.Host.GetSlot("app.ai", "welcome").Invoke("cy");

        var measured = collector.GetMeasurementSnapshot();

        // greet three times (slot, proxy, import from app) and welcome once; the argument is never a tag.
        Assert.Equal(3, measured.Count(m => Equals(m.Tags["fluentai.module.name"], "greeter")));
        Assert.Single(measured, m => Equals(m.Tags["fluentai.module.name"], "app"));
        Assert.All(measured, m => Assert.Equal(["fluentai.module.name", "fluentai.module.version"], m.Tags.Keys.Order()));
        Assert.All(measured, m => Assert.Equal(1L, m.Tags["fluentai.module.version"]));
    }

    [Fact]
    public async Task AMeasuredSlotKeepsNoReplacedVersionLoadedWhenNoCallFollowsTheReload()
    {
        // The slot caches the measuring wrapper of its target; that cache held the replaced
        // version's function (and its context) until the next call, found by the WebApi sample.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var folder = new ModuleFolder(o => o.MeterFactory = factory);
        folder.Write("greeter.ai", "(define (greet name) (str \"hi \" name))");
        using var collector = new MetricCollector<double>(factory, "FluentAI.Plugins", Duration);
        var greet = folder.Host.GetSlot("greeter.ai", "greet");
        Assert.Equal("hi ada", greet.Invoke("ada"));

        folder.Write("greeter.ai", "(define (greet name) (str \"hello \" name))");
        var result = folder.Host.Reload("greeter.ai");

        Assert.All(await result.UnloadVerification, u => Assert.True(u.Unloaded, u.ToString()));
        Assert.Equal("hello ada", greet.Invoke("ada"));
        Assert.Single(collector.GetMeasurementSnapshot(), m => Equals(m.Tags["fluentai.module.version"], 2L));
    }

    [Fact]
    public void AFailingCallIsTaggedWithItsErrorCodeAndCountedAsAnError()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var folder = new ModuleFolder(o => o.MeterFactory = factory);
        folder.Write("m.ai", "(define (half n) (if (odd? n) (get n :x) (/ n 2)))");
        var half = folder.Host.GetSlot("m.ai", "half");
        using var collector = new MetricCollector<double>(factory, "FluentAI.Plugins", Duration);

        half.Invoke(4);
        var error = Assert.Throws<FluentAIException>(() => half.Invoke(3));

        var failed = Assert.Single(collector.GetMeasurementSnapshot(), m => m.Tags.ContainsKey("error.type"));
        Assert.Equal(error.Code, failed.Tags["error.type"]);
        var figures = Assert.Single(folder.Host.Metrics("m.ai"));
        Assert.Equal((2L, 1L, 0.5), (figures.Calls, figures.Errors, figures.ErrorRate));
    }

    [Fact]
    public void ARecursiveReloadableFunctionIsMeasuredOncePerCallFromOutside()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var folder = new ModuleFolder(o => o.MeterFactory = factory);
        folder.Write("fib.ai", "(define-reloadable fib (lambda (n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))))");
        var fib = folder.Host.GetSlot("fib.ai", "fib");
        using var collector = new MetricCollector<double>(factory, "FluentAI.Plugins", Duration);

        Assert.Equal(55L, fib.Invoke(10));

        Assert.Single(collector.GetMeasurementSnapshot());
    }

    [Fact]
    public void NothingIsMeasuredWhileNoOneListensUnlessTheHostIsToldToMeasure()
    {
        using var quiet = new ModuleFolder();
        quiet.Write("m.ai", "(define (f) 1)");
        quiet.Host.GetSlot("m.ai", "f").Invoke();
        Assert.Empty(quiet.Host.Metrics("m.ai"));

        using var measuring = new ModuleFolder(o => o.MeasureCalls = true);
        measuring.Write("m.ai", "(define (f) 1)");
        measuring.Host.GetSlot("m.ai", "f").Invoke();
        Assert.Equal(1, Assert.Single(measuring.Host.Metrics("m.ai")).Calls);
    }

    [Fact]
    public void LatencyPercentilesComeFromTheHostClockOverTheWindow()
    {
        var time = new FakeTimeProvider();
        using var folder = new ModuleFolder(o => { o.TimeProvider = time; o.MeasureCalls = true; o.MetricsWindow = TimeSpan.FromSeconds(60); });
        folder.Host.Register("work", ms =>
        {
            time.Advance(TimeSpan.FromMilliseconds((long)ms!));
            return null;
        });
        folder.Write("m.ai", "(import \"host\" (work))\n(define (f ms) (work ms))");
        var f = folder.Host.GetSlot("m.ai", "f");

        // 98 calls of 1 ms, 2 of 100 ms: p50 is about 1 ms, p99 about 100 ms (within the histogram's ±10 %).
        for (var i = 0; i < 100; i++)
        {
            f.Invoke(i < 98 ? 1 : 100);
        }

        var figures = Assert.Single(folder.Host.Metrics("m.ai"));
        Assert.InRange(figures.P50.TotalMilliseconds, 0.9, 1.1);
        Assert.InRange(figures.P99.TotalMilliseconds, 90, 110);

        // Two windows later the old calls no longer count.
        time.Advance(TimeSpan.FromSeconds(120));
        Assert.Equal(TimeSpan.Zero, folder.Host.Metrics("m.ai")[0].P50);
        Assert.Equal(100, folder.Host.Metrics("m.ai")[0].Calls);
    }

    [Fact]
    public async Task TheMeterIsCreatedThroughTheFactoryAndReloadsAreTimed()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var folder = new ModuleFolder(o => o.MeterFactory = factory);
        folder.Write("m.ai", "(define (f) 1)");
        folder.Host.Load("m.ai");
        using var reloads = new MetricCollector<double>(factory, "FluentAI.Plugins", "fluentai.module.reload.duration");

        folder.Write("m.ai", "(define (f) 2)");
        Assert.True(Assert.Single(await folder.Host.Reload("m.ai").UnloadVerification).Unloaded);
        folder.Write("m.ai", "(define (f) (");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("m.ai"));

        var outcomes = reloads.GetMeasurementSnapshot().Select(m => m.Tags["fluentai.reload.outcome"]).ToList();
        Assert.Equal(["committed", "rejected"], outcomes);
    }
}
