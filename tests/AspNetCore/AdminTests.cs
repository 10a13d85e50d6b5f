using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace FluentAI.Plugins.AspNetCore.Tests;

/// <summary>The admin endpoints: reload, canary (sticky by X-Canary-Key), promote, abort, safe reload, status.</summary>
public sealed class AdminTests
{
    /// <summary>A handlers.ai whose every request fails (a division by zero), as a broken release would.</summary>
    internal const string Broken = "(let ((method (get req :method))";

    [Fact]
    public async Task Reload_and_status_report_versions_and_per_version_figures()
    {
        await using var app = await RunningApp.StartAsync();
        var events = new HostEvents(app.Host);
        await app.Client.GetStringAsync("/");
        app.Edit("\"v1\"", "\"v2\"");

        var reloaded = await app.PostAsync("/admin/reload?module=handlers");
        Assert.Equal(2, reloaded.GetProperty("modules")[0].GetProperty("to").GetInt64());
        Assert.Equal("Hello from FluentAI v2\n", await app.Client.GetStringAsync("/"));

        var module = (await app.StatusAsync()).GetProperty("modules").EnumerateArray().Single();
        Assert.Equal("handlers", module.GetProperty("name").GetString());
        Assert.Equal(2, module.GetProperty("version").GetInt64());
        Assert.Equal(JsonValueKind.Null, module.GetProperty("rollout").ValueKind);
        var v2 = module.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("version").GetInt64() == 2);
        Assert.Equal(1, v2.GetProperty("calls").GetInt64());
        Assert.True(v2.GetProperty("p99Ms").GetDouble() > 0);
        events.AssertUnloaded("handlers.ai", 1);

        // A change that cannot apply says why and changes nothing.
        app.Edit("(define version-name \"v2\")", "(define version-name");
        var rejected = await app.PostAsync("/admin/reload?module=handlers.ai", 422);
        Assert.Contains("handlers.ai(5,1): error FAI0002", rejected.GetProperty("diagnostics")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("Hello from FluentAI v2\n", await app.Client.GetStringAsync("/"));
        await app.PostAsync("/admin/promote?module=handlers", 409);
        await app.PostAsync("/admin/canary?module=handlers&percentage=ten", 400);
    }

    [Fact]
    public async Task A_canary_is_sticky_per_X_Canary_Key_takes_its_share_per_call_without_one_and_promotes()
    {
        await using var app = await RunningApp.StartAsync();
        var events = new HostEvents(app.Host);
        app.Edit("\"v1\"", "\"v2\"");
        var started = await app.PostAsync("/admin/canary?module=handlers&percentage=50&salt=test");
        Assert.Equal("canary", started.GetProperty("rollout").GetProperty("phase").GetString());

        var byKey = new Dictionary<string, string>();
        for (var round = 0; round < 2; round++)
        {
            for (var k = 0; k < 20; k++)
            {
                var answer = await GetAsync(app, "/", $"user-{k}");
                Assert.Equal(byKey.GetValueOrDefault($"user-{k}", answer), answer);
                byKey[$"user-{k}"] = answer;
            }
        }

        Assert.Contains("Hello from FluentAI v1\n", byKey.Values);
        Assert.Contains("Hello from FluentAI v2\n", byKey.Values);
        var unkeyed = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            unkeyed.Add(await app.Client.GetStringAsync("/"));
        }

        Assert.Contains("Hello from FluentAI v1\n", unkeyed);
        Assert.Contains("Hello from FluentAI v2\n", unkeyed);

        var rollout = (await app.StatusAsync()).GetProperty("modules")[0].GetProperty("rollout");
        Assert.Equal(50, rollout.GetProperty("weight").GetDouble());
        Assert.Equal(60, rollout.GetProperty("stableCalls").GetInt64() + rollout.GetProperty("newCalls").GetInt64());

        var promoted = await app.PostAsync("/admin/promote?module=handlers");
        Assert.Equal("promoted", promoted.GetProperty("rollout").GetProperty("phase").GetString());
        Assert.Equal("Hello from FluentAI v2\n", await GetAsync(app, "/", byKey.First(p => p.Value.Contains("v1", StringComparison.Ordinal)).Key));
        events.AssertUnloaded("handlers.ai", 1);
    }

    [Fact]
    public async Task A_broken_canary_is_aborted_after_at_most_min_calls_failures_and_nobody_sees_it_again()
    {
        await using var app = await RunningApp.StartAsync();
        var events = new HostEvents(app.Host);
        app.Edit(Broken, "(/ 1 0) " + Broken);
        await app.PostAsync("/admin/canary?module=handlers&percentage=50&min-calls=5&max-error-rate=0.1");

        var failures = 0;
        for (var i = 0; i < 200 && app.Host.RolloutStatus("handlers.ai")!.IsRunning; i++)
        {
            using var response = await app.Client.GetAsync("/");
            failures += response.StatusCode == HttpStatusCode.InternalServerError ? 1 : 0;
        }

        var status = app.Host.RolloutStatus("handlers.ai")!;
        Assert.Equal("aborted", status.Phase);
        Assert.InRange(failures, 5, 5);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));
        }

        Assert.Equal(1, app.Host.VersionOf("handlers.ai"));
        events.AssertUnloaded("handlers.ai", 2);
    }

    [Fact]
    public async Task A_safe_reload_whose_health_probe_fails_in_the_window_rolls_back_with_no_failed_request()
    {
        await using var app = await RunningApp.StartAsync();
        var events = new HostEvents(app.Host);
        Degrade(app);
        await app.PostAsync("/admin/safe-reload?module=handlers&rollback-after=60&probe=/health");

        // Every request succeeds: the version degrades only in what its own health probe reports.
        var answers = new List<string>();
        while (app.Host.RolloutStatus("handlers.ai")!.IsRunning && answers.Count < 5000)
        {
            answers.Add(await app.Client.GetStringAsync("/"));
        }

        var status = app.Host.RolloutStatus("handlers.ai")!;
        Assert.Equal("rolled-back", status.Phase);
        Assert.Contains("Hello from FluentAI v2\n", answers);
        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));
        events.AssertUnloaded("handlers.ai", 2);

        // The same version fails its probe before the swap once degraded from the start: rejected, nothing changes.
        app.Edit("(> (deref since-load) 20)", "(> (deref since-load) -1)");
        var rejected = await app.PostAsync("/admin/safe-reload?module=handlers&probe=/health", 422);
        Assert.Contains("pre-check", rejected.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_admin_endpoints_answer_loopback_clients_only_unless_allowed()
    {
        await using var app = await RunningApp.StartAsync(null, FromElsewhere);
        using var refused = await app.Client.PostAsync("/admin/reload?module=handlers", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var status = await app.Client.GetAsync("/admin/status");
        Assert.Equal(HttpStatusCode.Forbidden, status.StatusCode);
        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));

        await using var open = await RunningApp.StartAsync(null, FromElsewhere, "--allow-remote-admin");
        Assert.Equal(JsonValueKind.Array, (await open.StatusAsync()).GetProperty("modules").ValueKind);
    }

    /// <summary>Makes every request look as if it came from 10.1.2.3 (the test itself connects to 127.0.0.1).</summary>
    private static void FromElsewhere(WebApplication app) => app.Use((context, next) =>
    {
        context.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        return next(context);
    });

    /// <summary>A v2 that serves every request but whose /health reports 503 once it has served 20 of them (a cache filling up, say).</summary>
    internal static void Degrade(RunningApp app)
    {
        app.Edit("(define version-name \"v1\")", "(define version-name \"v2\")\n(define-stateful since-load :version 1 :state 0)");
        app.Edit("(swap! served inc)", "(swap! served inc) (swap! since-load inc)");
        app.Edit(
            "((= path \"/health\") (json 200",
            "((and (= path \"/health\") (> (deref since-load) 20)) (json 503 {:ok #f :reason \"cache full\"}))\n      ((= path \"/health\") (json 200");
    }

    private static async Task<string> GetAsync(RunningApp app, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Canary-Key", key);
        using var response = await app.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
