using Pipeline;

namespace FluentAI.Plugins.Samples.Tests;

internal static class PipelineAssert
{
    /// <summary>Each applied reload replaced one version, and the run's unload verification found every one collected.</summary>
    public static void EveryReplacedVersionUnloaded(PipelineResult result, int applied)
    {
        Assert.Equal(applied, result.Unloads.Count);
        Assert.All(result.Unloads, u => Assert.True(u.Unloaded, $"{u.Module} v{u.Version} held by {u.Holder}"));
    }
}
