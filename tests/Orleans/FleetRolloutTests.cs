using System.Diagnostics;
using Xunit.Abstractions;

namespace FluentAI.Plugins.Orleans.Tests;

public sealed class FleetRolloutTests(ITestOutputHelper output)
{
    private static readonly string[] Keys = [.. Enumerable.Range(0, 400).Select(i => $"user-{i}")];

    [Fact]
    public async Task ACanaryServesItsShareOnEveryReadyHostWithTheSameKeysOnItEverywhere()
    {
        await using var fleet = await FleetCluster.StartAsync();
        var started = await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 25, MinCalls = 1000 });
        Assert.Equal(ModuleVersion.HashOf(FleetCluster.V2), started.Salt);
        var state = await fleet.ConvergedAsync(s => s.ReadyHosts == 3, "three ready hosts");
        Assert.Equal(FleetPhase.Canary, state.Phase);
        Assert.All(fleet.Hosts, h => Assert.Equal(25, h.Host.RolloutStatus(FleetCluster.Module)!.Weight));
        await Eventually.Until(() => fleet.Grain.GetState(), s => s.Hosts.All(h => h.Generation == state.Generation), "every host's applied generation known to the grain");

        // The same key is on the same side on every host: the grain gave them all one salt.
        var sides = fleet.Hosts.Select(h => Keys.Where(k => h.Price(10, k) == 40).ToHashSet()).ToList();
        Assert.All(sides, s => Assert.Equal(sides[0], s));
        Assert.InRange(sides[0].Count, 60, 140);
        Assert.All(fleet.Hosts, h => Assert.All(Keys, k => Assert.Equal(sides[0].Contains(k) ? 40 : 30, h.Price(10, k))));

        // Raising the weight only moves keys to the canary, on every host.
        await fleet.Grain.SetWeight(60);
        await fleet.ConvergedAsync(s => s.Weight == 60, "weight 60");
        var raised = fleet.Hosts.Select(h => Keys.Where(k => h.Price(10, k) == 40).ToHashSet()).ToList();
        Assert.All(raised, s => Assert.Equal(raised[0], s));
        Assert.Superset(sides[0], raised[0]);
        Assert.InRange(raised[0].Count, 200, 280);

        // Every host's counts reach the grain and are summed there.
        var canaryCalls = fleet.Hosts.Sum(h => h.Host.RolloutStatus(FleetCluster.Module)!.NewCalls);
        var reported = await Eventually.Until(() => fleet.Grain.GetState(), s => s.CanaryCalls == canaryCalls, $"{canaryCalls} canary calls reported");
        Assert.Equal(3L * Keys.Length * 3, reported.CanaryCalls + reported.StableCalls);
        Assert.Equal(0, reported.CanaryErrors);
    }

    [Fact]
    public async Task TheGrainsRampMovesEveryHostAndPromotesTheCandidateEverywhereUnloadingTheOldVersion()
    {
        await using var fleet = await FleetCluster.StartAsync();
        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 10, Steps = [50], RampDuration = TimeSpan.FromSeconds(20), MinCalls = 1000 });
        await fleet.ConvergedAsync(s => s.ReadyHosts == 3, "three ready hosts");
        Assert.All(fleet.Hosts, h => Assert.Equal(10, h.Host.RolloutStatus(FleetCluster.Module)!.Weight));

        fleet.Clock.Advance(TimeSpan.FromSeconds(10));
        await fleet.ConvergedAsync(s => s.Weight == 50, "the ramp's step to 50 %");
        Assert.All(fleet.Hosts, h => Assert.Equal(50, h.Host.RolloutStatus(FleetCluster.Module)!.Weight));

        fleet.Clock.Advance(TimeSpan.FromSeconds(10));
        var promoted = await fleet.ConvergedAsync(s => s.Phase == FleetPhase.Promoted, "promotion at the ramp's end");
        Assert.Equal("the ramp reached 100 % after 20 s", promoted.Reason);
        Assert.Equal(promoted.Candidate, promoted.Stable);
        foreach (var host in fleet.Hosts)
        {
            Assert.Equal("promoted", host.Phase);
            Assert.All(Keys.Take(50), k => Assert.Equal(40, host.Price(10, k)));
            await host.AssertUnloadedAsync(1);
        }
    }

    [Fact]
    public async Task FailuresOnOneHostAbortTheCanaryOnEveryHostWithinAPoll()
    {
        await using var fleet = await FleetCluster.StartAsync();
        const string Failing = "(define (price n) (if (= n 13) (get n :boom) (* n 4)))";
        await fleet.Grain.StartCanary(new FleetCanary { Source = Failing, Weight = 50, MinCalls = 20, MaxErrorRate = 0.05 });
        await fleet.ConvergedAsync(s => s.ReadyHosts == 3, "three ready hosts");

        // Only host-1's traffic hits the failing input; the other hosts' canaries are healthy.
        var failures = 0;
        for (var i = 0; i < 100; i++)
        {
            try
            {
                fleet.Hosts[0].Price(13);
            }
            catch (FluentAIException)
            {
                failures++;
            }
        }

        Assert.Equal(50, failures);
        Assert.All(fleet.Hosts.Skip(1), h => Assert.All(Enumerable.Range(0, 10), _ => Assert.Contains(h.Price(10), new long[] { 30, 40 })));
        var aborted = await Eventually.Until(() => fleet.Grain.GetState(), s => s.Phase == FleetPhase.Aborted, "the fleet abort");
        var clock = Stopwatch.StartNew();
        var pollsAtAbort = fleet.Hosts.Select(h => h.Member.Polls).ToList();
        Assert.StartsWith("fleet canary error rate ", aborted.Reason, StringComparison.Ordinal);
        await Eventually.Until(() => fleet.Hosts.All(h => h.Applied(FleetPhase.Aborted)), "every host aborted");
        var polls = fleet.Hosts.Select((h, i) => h.Member.Polls - pollsAtAbort[i]).ToList();
        output.WriteLine($"abort reached every host {clock.ElapsedMilliseconds} ms after the test saw the grain decide; polls completed per host since: {string.Join(", ", polls)}");

        // A host at most finishes the poll it was in, then the next one applies the abort.
        Assert.All(polls, p => Assert.InRange(p, 0, 2));
        foreach (var host in fleet.Hosts)
        {
            Assert.Equal(39, host.Price(13));
            Assert.Equal(FleetCluster.V1, host.FileText);
            await host.AssertUnloadedAsync(2);
        }
    }

    [Fact]
    public async Task APostCheckFailingOnOneHostAbortsTheCanaryEverywhere()
    {
        await using var fleet = await FleetCluster.StartAsync(hosts: 2);
        var picky = await fleet.AddHostAsync(fleet.Cluster.Silos[2], postCheck: _ => false);
        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 20 });
        var aborted = await fleet.ConvergedAsync(s => s.Phase == FleetPhase.Aborted, "the fleet abort");
        Assert.StartsWith($"host {picky.Name}: the canary was aborted on this host:", aborted.Reason, StringComparison.Ordinal);
        Assert.Contains(aborted.Hosts, h => h.HostId == picky.Name && h.Failure is not null);
        foreach (var host in fleet.Hosts)
        {
            await Eventually.Until(() => host.Applied(FleetPhase.Aborted), $"{host.Name} aborted");
            Assert.Equal(30, host.Price(10));
            await host.AssertUnloadedAsync(2);
        }
    }

    [Fact]
    public async Task AHostKilledMidRolloutDoesNotBlockItAndHostsThatJoinLaterConverge()
    {
        await using var fleet = await FleetCluster.StartAsync();
        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 30, MinCalls = 1000 });
        await fleet.ConvergedAsync(s => s.ReadyHosts == 3, "three ready hosts");
        var canaryKeys = Keys.Where(k => fleet.Hosts[0].Price(10, k) == 40).ToHashSet();

        var grainSilo = await fleet.GrainSiloAsync();
        var victim = fleet.Cluster.Silos.First(s => s != grainSilo);
        await fleet.KillAsync(victim);

        // A silo and a host join mid-rollout: the host gets the candidate, reports ready, and routes keys as the others do.
        var silo = await fleet.Cluster.StartAdditionalSiloAsync();
        var joined = await fleet.AddHostAsync(silo);
        await Eventually.Until(() => joined.Phase == "canary" && joined.Host.RolloutStatus(FleetCluster.Module)!.Weight == 30, "the joined host's canary at 30 %");
        Assert.Equal(canaryKeys, Keys.Where(k => joined.Price(10, k) == 40).ToHashSet());
        // The killed host's lease runs out on the grain's clock; the others keep theirs by polling.
        Assert.Equal(4, (await fleet.Grain.GetState()).ReadyHosts);
        fleet.Clock.Advance(TimeSpan.FromSeconds(6));
        var state = await Eventually.Until(() => fleet.Grain.GetState(), s => s.LiveHosts == 3, "the killed host's lease to expire");
        Assert.Equal(3, state.ReadyHosts);
        Assert.Single(state.Hosts, h => !h.Live && fleet.Hosts.Single(x => x.Name == h.HostId).Disposed);

        var promoted = await fleet.Grain.Promote();
        Assert.Equal(FleetPhase.Promoted, promoted.Phase);
        foreach (var host in fleet.Live)
        {
            await Eventually.Until(() => host.Applied(FleetPhase.Promoted), $"{host.Name} promoted");
            Assert.Equal(40, host.Price(10));
            await host.AssertUnloadedAsync(1);
        }

        // A host deployed with v1 after the promotion reloads to the promoted version at its first poll.
        var late = await fleet.AddHostAsync(fleet.Cluster.Silos[0]);
        Assert.Equal(FleetPhase.Promoted, late.Member.Phase);
        Assert.Equal(40, late.Price(10));
        Assert.Equal(FleetCluster.V2, late.FileText);
        await late.AssertUnloadedAsync(1);
    }

    [Fact]
    public async Task TheRampSurvivesTheLossOfTheGrainsSilo()
    {
        await using var fleet = await FleetCluster.StartAsync();
        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 10, Steps = [40, 70], RampDuration = TimeSpan.FromSeconds(30), MinCalls = 1000 });
        await fleet.ConvergedAsync(s => s.ReadyHosts == 3, "three ready hosts");
        fleet.Clock.Advance(TimeSpan.FromSeconds(10));
        var before = await fleet.ConvergedAsync(s => s.Weight == 40, "the first step");

        var grainSilo = await fleet.GrainSiloAsync();
        await fleet.KillAsync(grainSilo);
        Assert.Equal(2, fleet.Live.Count());

        // The survivors' polls activate the grain on another silo from storage; the ramp goes on from where it stood.
        fleet.Clock.Advance(TimeSpan.FromSeconds(10));
        var stepped = await fleet.ConvergedAsync(s => s.Weight == 70, "the second step after the silo loss");
        Assert.True(stepped.Generation > before.Generation);
        Assert.NotEqual(grainSilo, await fleet.GrainSiloAsync());
        Assert.All(fleet.Live, h => Assert.Equal(70, h.Host.RolloutStatus(FleetCluster.Module)!.Weight));

        fleet.Clock.Advance(TimeSpan.FromSeconds(10));
        await fleet.ConvergedAsync(s => s.Phase == FleetPhase.Promoted, "promotion after the silo loss");
        foreach (var host in fleet.Live)
        {
            Assert.Equal("promoted", host.Phase);
            await host.AssertUnloadedAsync(1);
        }
    }

    [Fact]
    public async Task AnAbortDecidedWhileAHostCompilesTheCandidateIsAppliedThere()
    {
        await using var fleet = await FleetCluster.StartAsync(hosts: 1);
        var host = fleet.Hosts[0];

        // The abort lands between the host's local canary start and its ready report (as a slow compile makes it).
        host.Member.Applied += (_, a) =>
        {
            if (a.Action == "canary")
            {
                fleet.Grain.Abort("aborted while host-1 compiled").GetAwaiter().GetResult();
            }
        };
        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 50 });
        await Eventually.Until(() => host.Applied(FleetPhase.Aborted), "host-1's canary aborted");
        Assert.Equal(FleetPhase.Aborted, host.Member.Phase);
        Assert.Equal(FleetCluster.V1, host.FileText);
        await host.AssertUnloadedAsync(2);
    }

    [Fact]
    public async Task PushedGenerationsReachHostsThatWouldPollOnlyAnHourLater()
    {
        await using var fleet = await FleetCluster.StartAsync(hosts: 0);
        foreach (var silo in fleet.Cluster.Silos)
        {
            await fleet.AddHostAsync(silo, pollInterval: TimeSpan.FromHours(1));
        }

        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2, Weight = 30, MinCalls = 1000 });
        await Eventually.Until(() => fleet.Hosts.All(h => h.Phase == "canary" && h.Host.RolloutStatus(FleetCluster.Module)!.Weight == 30), "every host's canary at 30 % by push");
        await fleet.Grain.Abort("aborted by the test");
        await Eventually.Until(() => fleet.Hosts.All(h => h.Applied(FleetPhase.Aborted)), "every host aborted by push");
        foreach (var host in fleet.Hosts)
        {
            Assert.InRange(host.Member.Pushes, 2, 3);
            Assert.Equal(FleetPhase.Aborted, host.Member.Phase);
            await host.AssertUnloadedAsync(2);
        }
    }

    [Fact]
    public async Task TheGrainRejectsASecondCanaryAndDecisionsWithoutOne()
    {
        await using var fleet = await FleetCluster.StartAsync(hosts: 0);
        await Assert.ThrowsAsync<InvalidOperationException>(() => fleet.Grain.Promote());
        await fleet.Grain.StartCanary(new FleetCanary { Source = FleetCluster.V2 });
        var second = await Assert.ThrowsAsync<InvalidOperationException>(() => fleet.Grain.StartCanary(new FleetCanary { Source = "(define (price n) n)" }));
        Assert.Contains("promote or abort it first", second.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => fleet.Grain.SetWeight(101));
        var aborted = await fleet.Grain.Abort("");
        Assert.Equal("aborted by the operator", aborted.Reason);
    }
}
