using System.Net.Http.Json;
using System.Text.Json;
using FluentAI.Plugins.Loader;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using WebApi;

namespace FluentAI.Plugins.AspNetCore.Tests;

/// <summary>
/// The WebApi sample on a real Kestrel bound to 127.0.0.1 (a free port), serving a copy of its
/// handlers/ folder that the test may edit, with an HttpClient pointed at it.
/// </summary>
internal sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(WebApplication app, string folder)
    {
        App = app;
        Folder = folder;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        Host = app.Services.GetRequiredService<PluginHost>();
    }

    public WebApplication App { get; }

    public string Folder { get; }

    public HttpClient Client { get; }

    public PluginHost Host { get; }

    public string Handlers => Path.Combine(Folder, "handlers.ai");

    public static Task<RunningApp> StartAsync(params string[] extra) => StartAsync(null, null, extra);

    public static Task<RunningApp> StartAsync(Action<WebApplicationBuilder>? configure, params string[] extra) => StartAsync(configure, null, extra);

    /// <summary>Starts the sample; <paramref name="configureApp"/> may add middleware before it listens.</summary>
    public static async Task<RunningApp> StartAsync(Action<WebApplicationBuilder>? configure, Action<WebApplication>? configureApp, params string[] extra)
    {
        var folder = Directory.CreateTempSubdirectory("fluentai-webapi").FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "handlers")))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }

        var app = WebApiApp.Build(["--urls", "http://127.0.0.1:0", "--modules", folder, .. extra], configure);
        configureApp?.Invoke(app);
        await app.StartAsync();
        return new RunningApp(app, folder);
    }

    /// <summary>Replaces <paramref name="from"/> by <paramref name="to"/> in handlers.ai.</summary>
    public void Edit(string from, string to)
    {
        var text = File.ReadAllText(Handlers);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(Handlers, text.Replace(from, to, StringComparison.Ordinal));
    }

    public async Task<JsonElement> PostAsync(string admin, int expectedStatus = 200)
    {
        using var response = await Client.PostAsync(admin, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"POST {admin}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> StatusAsync() =>
        (await Client.GetFromJsonAsync<JsonElement>("/admin/status")).Clone();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
