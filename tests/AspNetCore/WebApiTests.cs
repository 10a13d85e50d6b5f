using System.Net;
using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Loader;
using Microsoft.Extensions.Logging;

namespace FluentAI.Plugins.AspNetCore.Tests;

/// <summary>The WebApi sample as its README section promises, on a real Kestrel at 127.0.0.1.</summary>
public sealed class WebApiTests
{
    [Fact]
    public async Task The_handler_gets_the_request_as_a_map_and_answers_with_text_json_status_and_headers()
    {
        await using var app = await RunningApp.StartAsync();

        using var root = await app.Client.GetAsync("/");
        Assert.Equal("text/plain; charset=utf-8", root.Content.Headers.ContentType!.ToString());
        Assert.Equal("Hello from FluentAI v1\n", await root.Content.ReadAsStringAsync());

        using var user = await app.Client.GetAsync("/users/2");
        Assert.Equal(HttpStatusCode.OK, user.StatusCode);
        Assert.Equal("application/json", user.Content.Headers.ContentType!.MediaType);
        Assert.Equal("v1", user.Headers.GetValues("x-handler").Single());
        Assert.Equal("""{"id":2,"name":"Grace","role":"dev"}""", await user.Content.ReadAsStringAsync());

        using var echo = await app.Client.PostAsync("/echo?x=1&y=two", new StringContent("hello, body", Encoding.UTF8, "text/plain"));
        Assert.Equal("""{"echo":"hello, body","query":{"x":"1","y":"two"}}""", await echo.Content.ReadAsStringAsync());

        using var missing = await app.Client.GetAsync("/users/9");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("""{"error":"no user 9"}""", await missing.Content.ReadAsStringAsync());

        using var list = await app.Client.GetAsync("/users");
        Assert.Equal(3, JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_handler_that_fails_answers_500_and_logs_its_location_and_a_bad_result_says_what_was_expected()
    {
        var logs = new LogCapture();
        await using var app = await RunningApp.StartAsync(b => b.Logging.AddProvider(logs));
        app.Edit("((= path \"/\")", "((= path \"/boom\") (car 5))\n      ((= path \"/list\") (list 1 2))\n      ((= path \"/\")");
        app.Host.Reload("handlers.ai");

        using var boom = await app.Client.GetAsync("/boom");
        Assert.Equal(HttpStatusCode.InternalServerError, boom.StatusCode);
        Assert.Contains(logs.Entries, e => e.Id.Id == 110 && e.Text.Contains("GET /boom failed at", StringComparison.Ordinal) && e.Text.Contains("handlers.ai(", StringComparison.Ordinal));

        using var list = await app.Client.GetAsync("/list");
        Assert.Equal(HttpStatusCode.InternalServerError, list.StatusCode);
        Assert.Contains(logs.Entries, e => e.Id.Id == 112 && e.Text.Contains("returned (1 2): expected a string or a map", StringComparison.Ordinal));

        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));
        // The failing call is an error of v2 in the per-version figures; a bad result is the host's finding, not the module's.
        Assert.Equal(1, app.Host.Metrics("handlers.ai").Single(m => m.Version == 2).Errors);
        var versions = (await app.StatusAsync()).GetProperty("modules")[0].GetProperty("versions");
        Assert.Equal(1, versions.EnumerateArray().Single(v => v.GetProperty("version").GetInt64() == 2).GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task A_broken_save_changes_no_answer_and_is_logged_with_its_location_then_a_good_save_serves()
    {
        var logs = new LogCapture();
        await using var app = await RunningApp.StartAsync(b => b.Logging.AddProvider(logs), "--watch");
        var events = new HostEvents(app.Host);
        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));

        app.Edit("(define version-name \"v1\")", "(define version-name \"v1\"");
        events.WaitFor(HostEventKind.ReloadRejected);
        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("handlers.ai(5,1): error FAI0002: '(' is never closed", StringComparison.Ordinal));

        app.Edit("(define version-name \"v1\"", "(define version-name \"v2\")");
        events.WaitFor(HostEventKind.Reload);
        Assert.Equal("Hello from FluentAI v2\n", await app.Client.GetStringAsync("/"));
        events.AssertUnloaded("handlers.ai", 1);
        Assert.Equal(2, app.Host.VersionOf("handlers.ai"));
    }

    [Fact]
    public async Task A_client_that_goes_away_stops_a_handler_that_would_run_for_ever()
    {
        var logs = new LogCapture();
        await using var app = await RunningApp.StartAsync(b => b.Logging.AddProvider(logs));
        app.Edit("((= path \"/\")", "((= path \"/spin\") (spin 1))\n      ((= path \"/\")");
        app.Edit("(define version-name \"v1\")", "(define version-name \"v1\")\n(define (spin n) (spin n))");
        app.Host.Reload("handlers.ai");

        using (var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.Client.GetAsync("/spin", gone.Token));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!logs.Entries.Any(e => e.Id.Id == 113))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the handler was not stopped when its client went away");
            await Task.Delay(20);
        }

        Assert.Contains(logs.Entries, e => e.Id.Id == 113 && e.Text.Contains("GET /spin: the client went away; the handler was stopped at", StringComparison.Ordinal) && e.Text.Contains("handlers.ai", StringComparison.Ordinal));
        Assert.Equal("Hello from FluentAI v1\n", await app.Client.GetStringAsync("/"));
        Assert.DoesNotContain(logs.Entries, e => e.Id.Id == 110);
    }
}
