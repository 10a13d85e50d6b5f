using FluentAI.Plugins.Loader;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>
/// The host's Meter <c>FluentAI.Plugins</c> as a host application exports it with OpenTelemetry
/// (<c>AddMeter("FluentAI.Plugins")</c>, docs/production.md): the call histogram arrives with its tags and
/// the bucket boundaries the host advises, and a canary's calls carry their role.
/// </summary>
public sealed class OpenTelemetryTests
{
    private const string Duration = "fluentai.module.call.duration";

    /// <summary>The boundaries the host advises for call durations: a microsecond to ten seconds.</summary>
    private static readonly double[] CallBuckets =
        [1e-6, 2.5e-6, 5e-6, 1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    [Fact]
    public void CallsThroughASlotReachAnOpenTelemetryExporterWithTheirTagsAndTheAdvisedBuckets()
    {
        var exported = new List<MetricSnapshot>();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter("FluentAI.Plugins")
            .AddInMemoryExporter(exported)
            .Build();
        using var folder = new HostFolder();
        folder.Write("pricing.ai", "(module pricing (export price))\n(define (price n) (* n 3))");
        var price = folder.Host.GetSlot("pricing.ai", "price");

        for (var i = 0; i < 3; i++)
        {
            price.Invoke(i);
        }

        Assert.True(provider.ForceFlush());

        var duration = Assert.Single(exported, m => m.Name == Duration);
        Assert.Equal(("s", MetricType.Histogram), (duration.Unit, duration.MetricType));
        var point = Assert.Single(duration.MetricPoints, p => Tag(p, "fluentai.module.name") is "pricing");
        Assert.Equal(["fluentai.module.name", "fluentai.module.version"], Tags(point).Keys.Order());
        Assert.Equal(1L, Tag(point, "fluentai.module.version"));
        Assert.Equal(3, point.GetHistogramCount());

        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        Assert.Equal([.. CallBuckets, double.PositiveInfinity], bounds);
    }

    [Fact]
    public void DuringACanaryEachSideIsExportedWithItsRoleAndNeverWithTheRoutingKey()
    {
        var exported = new List<MetricSnapshot>();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter("FluentAI.Plugins")
            .AddInMemoryExporter(exported)
            .Build();
        using var folder = new HostFolder();
        folder.Write("pricing.ai", "(module pricing (export price))\n(define (price n) (* n 3))");
        var price = folder.Host.GetSlot("pricing.ai", "price");
        price.Invoke(1);
        folder.Write("pricing.ai", "(module pricing (export price))\n(define (price n) (* n 4))");
        folder.Host.CanaryReload("pricing.ai", new CanaryOptions { Percentage = 50 });

        for (var i = 0; i < 10; i++)
        {
            price.Invoke(i);
        }

        using (PluginHost.RouteBy("user-42"))
        {
            price.Invoke(5);
        }

        Assert.True(provider.ForceFlush());

        var points = exported.Where(m => m.Name == Duration).SelectMany(m => m.MetricPoints).ToList();
        var roles = points.Where(p => Tag(p, "fluentai.rollout.role") is not null)
            .Select(p => (Role: (string)Tag(p, "fluentai.rollout.role")!, Version: (long)Tag(p, "fluentai.module.version")!))
            .ToHashSet();
        Assert.Equal([("canary", 2L), ("stable", 1L)], roles.Order());

        // Routed calls only: the ones before the canary are the tag-less v1 series.
        var routed = points.Where(p => Tag(p, "fluentai.rollout.role") is not null).Sum(p => p.GetHistogramCount());
        Assert.Equal(11, routed);
        Assert.DoesNotContain(points, p => Tags(p).ContainsValue("user-42"));
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    private static object? Tag(MetricPoint point, string name) => Tags(point).GetValueOrDefault(name);
}
