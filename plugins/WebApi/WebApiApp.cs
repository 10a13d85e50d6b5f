using System.Reflection;
using FluentAI.Plugins.AspNetCore;
using OpenTelemetry.Metrics;

namespace WebApi;

/// <summary>
/// The web API: every request other than <c>/admin/*</c> and <c>/metrics</c> is answered by
/// <c>handle-request</c> of <c>handlers.ai</c>, which can be reloaded, canaried and rolled back
/// while requests are served.
/// </summary>
internal static class WebApiApp
{
    public const string Usage = """
        usage: dotnet run --project plugins/WebApi -- [--urls http://127.0.0.1:5080] [--modules DIR] [--watch] [--allow-remote-admin]
          --modules DIR         the folder holding handlers.ai (default: the sample's handlers/ folder in the source tree)
          --watch               reload handlers.ai (and what it imports) when it is saved
          --allow-remote-admin  serve /admin/* to non-loopback clients too
        """;

    /// <summary>Builds the application from the command line; ASP.NET Core's own options (<c>--urls</c>, <c>--environment</c>, ...) pass through.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var modules = DefaultModules();
        var watch = false;
        var allowRemote = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--modules" when i + 1 < args.Length:
                    modules = Path.GetFullPath(args[++i]);
                    break;
                case "--modules":
                    throw new ArgumentException("--modules needs a folder\n" + Usage);
                case "--watch":
                    watch = true;
                    break;
                case "--allow-remote-admin":
                    allowRemote = true;
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        // The content root is the program's folder, so appsettings.json applies wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. rest], ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddFluentAIPlugins(o =>
        {
            o.Root = modules;
            o.Modules.Add("handlers.ai");
            o.Watch = watch;
            o.AllowRemoteAdmin = allowRemote;
        });
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("FluentAI.Plugins", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter());
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapFluentAIAdmin("/admin");
        app.MapFluentAIHandler("handlers.ai", "handle-request");
        return app;
    }

    /// <summary>The sample's handlers/ folder in the source tree when it is there (so editing the source reloads it), else the copy beside the program.</summary>
    private static string DefaultModules()
    {
        var source = typeof(WebApiApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HandlersSource")?.Value;
        return source is not null && File.Exists(Path.Combine(source, "handlers.ai"))
            ? source
            : Path.Combine(AppContext.BaseDirectory, "handlers");
    }
}
