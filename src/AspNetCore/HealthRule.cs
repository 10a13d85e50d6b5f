using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;
using Microsoft.AspNetCore.Http;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>
/// The health rule an admin request sets for a safe reload or a canary: the new version fails
/// when, over at least <see cref="MinCalls"/> calls, its error rate is above
/// <see cref="MaxErrorRate"/>; with a <see cref="Probe"/> path, also when a GET of that path,
/// answered by the new version's handler, gives a status of 400 or more.
/// </summary>
internal sealed record HealthRule(double MaxErrorRate, int MinCalls, string? Probe, string ProbeFunction)
{
    public static HealthRule From(IQueryCollection query)
    {
        var minCalls = AdminEndpoints.Number(query["min-calls"], 20);
        var maxErrorRate = AdminEndpoints.Number(query["max-error-rate"], 0.01);
        if (minCalls < 1 || minCalls != Math.Floor(minCalls) || maxErrorRate is < 0 or > 1)
        {
            throw new ArgumentException("min-calls is a whole number of at least 1 and max-error-rate a fraction from 0 to 1");
        }

        var probe = query["probe"].ToString();
        var function = query["probe-function"].ToString();
        return new HealthRule(maxErrorRate, (int)minCalls, probe.Length > 0 ? probe : null, function.Length > 0 ? function : "handle-request");
    }

    public bool Passes(ReloadCheck check)
    {
        if (!check.IsPreCheck && check.Calls >= MinCalls && check.ErrorRate > MaxErrorRate)
        {
            return false;
        }

        return Probe is null || StatusOf(check.Call(ProbeFunction, RequestHandler.Probe(Probe))) < 400;
    }

    private static long StatusOf(object? response) => response switch
    {
        string => 200,
        FMap map => map[Keyword.Intern("status")] as long? ?? 200,
        _ => 500,
    };
}
