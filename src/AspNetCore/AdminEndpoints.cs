using System.Globalization;
using System.Net;
using FluentAI.Plugins.Loader;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>
/// HTTP endpoints that drive reloads, canaries and rollbacks and report the modules' versions,
/// rollouts and per-version figures. Only loopback clients may use them unless
/// <see cref="FluentAIPluginsOptions.AllowRemoteAdmin"/> is on; put real authorization on the
/// returned group before exposing them further.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: <c>POST reload?module=M</c>,
    /// <c>POST safe-reload?module=M&amp;rollback-after=S[&amp;max-error-rate=R&amp;min-calls=N&amp;probe=/path]</c>,
    /// <c>POST canary?module=M&amp;percentage=P[&amp;ramp-duration=S&amp;max-error-rate=R&amp;min-calls=N&amp;probe=/path&amp;salt=S]</c>,
    /// <c>POST promote?module=M</c>, <c>POST abort?module=M</c>, <c>POST rollback?module=M</c> and
    /// <c>GET status</c>. A rejected change answers 422 with the located diagnostics and changes nothing.
    /// </summary>
    public static RouteGroupBuilder MapFluentAIAdmin(this IEndpointRouteBuilder endpoints, string prefix = "/admin")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var allowRemote = endpoints.ServiceProvider.GetRequiredService<IOptions<FluentAIPluginsOptions>>().Value.AllowRemoteAdmin;
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(async (context, next) =>
            allowRemote || context.HttpContext.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? await next(context).ConfigureAwait(false)
                : Results.Problem("the admin endpoints answer loopback clients only", statusCode: 403));

        group.MapPost("/reload", (PluginHost host, string module) => Change(() => host.Reload(Module(module))));
        group.MapPost("/promote", (PluginHost host, string module) => Change(() => host.Promote(Module(module))));
        group.MapPost("/abort", (PluginHost host, string module) => Change(() => host.Abort(Module(module))));
        group.MapPost("/rollback", (PluginHost host, string module) => Change(() => host.Rollback(Module(module))));
        group.MapPost("/safe-reload", (PluginHost host, HttpRequest request, string module) => Change(() =>
        {
            var rule = HealthRule.From(request.Query);
            return host.SafeReload(Module(module), new SafeReloadOptions
            {
                RollbackAfter = Seconds(request.Query["rollback-after"], TimeSpan.FromSeconds(30)),
                PreCheck = rule.Probe is null ? null : rule.Passes,
                PostCheck = rule.Passes,
            });
        }));
        group.MapPost("/canary", (PluginHost host, HttpRequest request, string module) => Change(() =>
        {
            var rule = HealthRule.From(request.Query);
            var ramp = request.Query["ramp-duration"].ToString();
            return host.CanaryReload(Module(module), new CanaryOptions
            {
                Percentage = Number(request.Query["percentage"], 10),
                RampDuration = ramp.Length > 0 ? Seconds(ramp, TimeSpan.Zero) : null,
                MaxErrorRate = rule.MaxErrorRate,
                MinCalls = rule.MinCalls,
                PreCheck = rule.Probe is null ? null : rule.Passes,
                Salt = request.Query["salt"].ToString() is { Length: > 0 } salt ? salt : null,
            });
        }));
        group.MapGet("/status", (PluginHost host) => Results.Json(AdminStatus.Of(host)));
        return group;
    }

    /// <summary>Runs a change and answers with what it did, or 4xx with why nothing changed.</summary>
    private static IResult Change(Func<ReloadResult> change)
    {
        try
        {
            var result = change();
            return Results.Json(new
            {
                ok = true,
                report = result.Report,
                modules = result.Modules.Select(m => new { path = m.Path, from = m.FromVersion, to = m.ToVersion, reason = m.Reason }),
                rollout = result.Rollout is { } r ? AdminStatus.Of(r) : null,
            });
        }
        catch (ModuleLoadException e)
        {
            return Results.Json(new { ok = false, error = e.Message, diagnostics = e.Diagnostics.Select(d => d.ToString()) }, statusCode: 422);
        }
        catch (InvalidOperationException e)
        {
            return Results.Json(new { ok = false, error = e.Message }, statusCode: 409);
        }
        catch (ArgumentException e)
        {
            return Results.Json(new { ok = false, error = e.Message }, statusCode: 400);
        }
    }

    /// <summary>A module as the query names it: <c>handlers</c> and <c>handlers.ai</c> are the same file.</summary>
    private static string Module(string module) =>
        module.EndsWith(".ai", StringComparison.Ordinal) ? module : module + ".ai";

    internal static double Number(string? text, double fallback) =>
        string.IsNullOrEmpty(text) ? fallback
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new ArgumentException($"'{text}' is not a number");

    private static TimeSpan Seconds(string? text, TimeSpan fallback) =>
        string.IsNullOrEmpty(text) ? fallback : TimeSpan.FromSeconds(Number(text, 0));
}
