namespace FluentAI.Plugins.Orleans.Tests;

public sealed class RampTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(9.9, 10)]
    [InlineData(10, 25)]
    [InlineData(20, 50)]
    [InlineData(29.9, 50)]
    public void StepsAreSpreadEvenlyOverTheRamp(double seconds, double weight)
    {
        var state = new FleetRolloutState { InitialWeight = 10, Steps = [25, 50], RampDuration = TimeSpan.FromSeconds(30) };
        Assert.Equal(weight, ModuleRolloutGrain.RampWeight(state, TimeSpan.FromSeconds(seconds)));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(15, 55)]
    [InlineData(29, 97)]
    public void WithoutStepsTheWeightRisesInWholePercents(double seconds, double weight)
    {
        var state = new FleetRolloutState { InitialWeight = 10, RampDuration = TimeSpan.FromSeconds(30) };
        Assert.Equal(weight, ModuleRolloutGrain.RampWeight(state, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void AVersionChecksItsOwnHash()
    {
        var version = ModuleVersion.Of(FleetCluster.V2);
        Assert.True(version.IsIntact);
        Assert.Equal(64, version.Hash.Length);
        Assert.False((version with { Source = FleetCluster.V1 }).IsIntact);
    }
}
