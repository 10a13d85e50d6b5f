using System.Globalization;
using FluentAI.Plugins.Orleans;

namespace Fleet;

/// <summary>The rollout as a table, in the manner of <c>kubectl argo rollouts get rollout</c>.</summary>
internal static class StatusTable
{
    public static void Write(TextWriter output, FleetRolloutState state)
    {
        var i = CultureInfo.InvariantCulture;
        output.WriteLine($"Name:        {state.Module}");
        output.WriteLine($"Status:      {state.Phase}{(state.Reason is null ? "" : $" ({state.Reason})")}");
        output.WriteLine($"Generation:  {state.Generation}");
        output.WriteLine($"Weight:      {state.Weight.ToString(i)} % on {state.ReadyHosts}/{state.LiveHosts} ready hosts");
        output.WriteLine($"Stable:      {state.Stable?.ShortHash ?? "(as deployed)"}");
        output.WriteLine($"Candidate:   {state.Candidate?.ShortHash ?? "-"}   salt {(state.Salt.Length > 12 ? state.Salt[..12] : state.Salt)}");
        output.WriteLine($"Fleet:       canary {state.CanaryErrors}/{state.CanaryCalls} errors, stable {state.StableErrors}/{state.StableCalls} errors");
        output.WriteLine($"  {"HOST",-10} {"LIVE",-5} {"READY",-6} {"GEN",4} {"CANARY",14} {"STABLE",14}  FAILURE");
        foreach (var h in state.Hosts)
        {
            output.WriteLine($"  {h.HostId,-10} {(h.Live ? "yes" : "no"),-5} {(h.Ready ? "yes" : "no"),-6} {h.Generation,4} {$"{h.CanaryErrors}/{h.CanaryCalls}",14} {$"{h.StableErrors}/{h.StableCalls}",14}  {h.Failure ?? ""}");
        }
    }
}
