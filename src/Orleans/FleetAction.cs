namespace FluentAI.Plugins.Orleans;

/// <summary>Something a <see cref="FleetMember"/> did to its host for a fleet generation (<see cref="FleetMember.Applied"/>).</summary>
/// <param name="HostId">The host.</param>
/// <param name="Module">The module.</param>
/// <param name="Generation">The fleet generation that asked for it.</param>
/// <param name="Action"><c>canary</c>, <c>weight</c>, <c>promote</c>, <c>abort</c>, <c>reload</c> or <c>failed</c>.</param>
/// <param name="Detail">The weight, the version, the reason or the error.</param>
public sealed record FleetAction(string HostId, string Module, long Generation, string Action, string Detail);
