using FluentAI.Plugins.Loader;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>Answers HTTP requests with a function a FluentAI module exports.</summary>
public static class HandlerEndpoints
{
    /// <summary>The request header whose value a canary routes by; without it, a canary takes its share per call.</summary>
    public const string CanaryKeyHeader = "X-Canary-Key";

    /// <summary>
    /// Answers every request no other endpoint matches with <paramref name="function"/> of
    /// <paramref name="file"/>: it gets <c>{:method "GET" :path "/users" :query {"q" "x"} :headers
    /// {"accept" "*/*"} :body "..."}</c> (query and header names as strings, header names in lower
    /// case) and returns a string (200, <c>text/plain</c>) or <c>{:status 201 :headers {...} :body
    /// ...}</c>, whose map or list body is written as JSON. The call goes through the function's
    /// stable slot, so a reload changes the next request's code and no connection is dropped; a
    /// call that fails answers 500 and is logged with its <c>.ai</c> location.
    /// </summary>
    public static IEndpointConventionBuilder MapFluentAIHandler(this IEndpointRouteBuilder endpoints, string file, string function = "handle-request")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var handler = new RequestHandler(
            services.GetRequiredService<PluginHost>(),
            file,
            function,
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HandlerEndpoints).FullName!));
        return endpoints.MapFallback(handler.HandleAsync);
    }
}
