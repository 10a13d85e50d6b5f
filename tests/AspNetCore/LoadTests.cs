using System.Diagnostics;
using System.Net;
using System.Text;
using FluentAI.Plugins.Loader;
using Xunit.Abstractions;

namespace FluentAI.Plugins.AspNetCore.Tests;

/// <summary>
/// The bounded version of plugins/WebApi/loadtest.sh, on a real Kestrel at 127.0.0.1 with HttpClient
/// loops: traffic while edits are saved (--watch), then, on a server without --watch (where a
/// saved file waits for the admin request that rolls it out), a canary ramp, an aborted canary of a
/// broken version and a safe reload rolled back by its health probe. No request fails except
/// those the broken canary answers, at most its min-calls plus one in flight per client. Latencies
/// are printed, never asserted. CI saves 20 edits; FLUENTAI_SOAK=1 saves 100.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int MinCalls = 10;

    private static int Edits => Environment.GetEnvironmentVariable("FLUENTAI_SOAK") == "1" ? 100 : 20;

    [Fact]
    public async Task Edits_under_traffic_fail_no_request_and_every_replaced_version_unloads()
    {
        await using var app = await RunningApp.StartAsync("--watch");
        var events = new HostEvents(app.Host);
        await using (var traffic = Traffic.Start(app, Clients))
        {
            for (var i = 2; i <= Edits + 1; i++)
            {
                app.Edit($"(define version-name \"v{i - 1}\")", $"(define version-name \"v{i}\")");
                events.WaitFor(HostEventKind.Reload, i - 1);
            }

            await traffic.StopAsync();
            output.WriteLine(traffic.Describe($"{Edits} edits"));
            Assert.Equal(0, traffic.Failed);
            Assert.True(traffic.Served > Edits, traffic.Describe("edits"));
        }

        for (var v = 1; v <= Edits; v++)
        {
            events.AssertUnloaded("handlers.ai", v);
        }
    }

    [Fact]
    public async Task A_canary_ramp_an_aborted_broken_canary_and_a_rolled_back_safe_reload_under_traffic()
    {
        await using var app = await RunningApp.StartAsync();
        var events = new HostEvents(app.Host);
        var original = File.ReadAllText(app.Handlers);
        await using var traffic = Traffic.Start(app, Clients);

        // A ramp from 20 % to 100 % over two seconds, promoted at its end.
        app.Edit("\"v1\"", "\"v2\"");
        await app.PostAsync("/admin/canary?module=handlers&percentage=20&ramp-duration=2");
        events.WaitFor(HostEventKind.CanaryPromote);
        var afterRamp = traffic.Failed;

        // A broken v3: aborted once it has failed min-calls times.
        File.WriteAllText(app.Handlers, original.Replace(AdminTests.Broken, "(/ 1 0) " + AdminTests.Broken, StringComparison.Ordinal));
        traffic.Phase = "broken canary";
        await app.PostAsync($"/admin/canary?module=handlers&percentage=50&min-calls={MinCalls}&max-error-rate=0.05");
        events.WaitFor(HostEventKind.CanaryAbort);
        await traffic.NextRequestsAsync(Clients * 2);
        traffic.Phase = "after";
        var brokenFailures = traffic.Failed - afterRamp;

        // A v4 that serves but reports itself unhealthy after 20 requests: rolled back by the probe.
        File.WriteAllText(app.Handlers, original);
        AdminTests.Degrade(app);
        await app.PostAsync("/admin/safe-reload?module=handlers&rollback-after=60&probe=/health");
        events.WaitFor(HostEventKind.Rollback);
        await traffic.NextRequestsAsync(Clients * 2);
        await traffic.StopAsync();
        output.WriteLine(traffic.Describe("canary ramp, broken canary, safe reload rolled back"));

        Assert.Equal(0, afterRamp);
        Assert.InRange(brokenFailures, 1, MinCalls + Clients);
        Assert.Equal(brokenFailures, traffic.Failed);
        Assert.Equal(0, traffic.FailedIn("after"));
        Assert.Equal("rolled-back", app.Host.RolloutStatus("handlers.ai")!.Phase);
        Assert.Equal(2, app.Host.VersionOf("handlers.ai"));
        foreach (var v in new[] { 1, 3, 4 })
        {
            events.AssertUnloaded("handlers.ai", v);
        }
    }

    /// <summary>Clients requesting a mix of the sample's routes in a loop, half with an X-Canary-Key, counting failures per phase.</summary>
    private sealed class Traffic : IAsyncDisposable
    {
        // Not /health: that is the probe's, and v4 answers it 503 on purpose.
        private static readonly string[] Paths = ["/", "/users", "/users/2", "/users/3"];
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _clients = [];
        private readonly List<double> _latencies = [];
        private readonly Dictionary<string, int> _failures = [];
        private readonly List<string> _failureSamples = [];
        private long _served;

        public string Phase { get; set; } = "before";

        public long Served => Interlocked.Read(ref _served);

        public int Failed
        {
            get
            {
                lock (_failures)
                {
                    return _failures.Values.Sum();
                }
            }
        }

        public static Traffic Start(RunningApp app, int clients)
        {
            var traffic = new Traffic();
            for (var c = 0; c < clients; c++)
            {
                var client = c;
                traffic._clients.Add(Task.Run(() => traffic.RunAsync(app.Client, client)));
            }

            return traffic;
        }

        public int FailedIn(string phase)
        {
            lock (_failures)
            {
                return _failures.GetValueOrDefault(phase);
            }
        }

        /// <summary>Waits until <paramref name="count"/> more requests have been answered.</summary>
        public async Task NextRequestsAsync(int count)
        {
            var target = Served + count;
            while (Served < target)
            {
                await Task.Yield();
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_clients);
        }

        public string Describe(string what)
        {
            lock (_latencies)
            {
                var sorted = _latencies.Order().ToArray();
                var p = (double q) => sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];
                var text = new StringBuilder($"{what}: {Served} requests, {Failed} failed, p50 {p(0.5):0.00} ms, p99 {p(0.99):0.00} ms");
                foreach (var sample in _failureSamples.Take(3))
                {
                    text.Append("\n  ").Append(sample);
                }

                return text.ToString();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await StopAsync();
            }

            _stop.Dispose();
        }

        private async Task RunAsync(HttpClient http, int client)
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, Paths[i % Paths.Length]);
                if (client % 2 == 0)
                {
                    request.Headers.Add("X-Canary-Key", $"user-{client}-{i % 50}");
                }

                var phase = Phase;
                var started = Stopwatch.GetTimestamp();
                HttpStatusCode status;
                try
                {
                    using var response = await http.SendAsync(request, CancellationToken.None);
                    status = response.StatusCode;
                }
                catch (HttpRequestException e)
                {
                    Fail(phase, $"{request.RequestUri}: {e.Message}");
                    continue;
                }

                lock (_latencies)
                {
                    _latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }

                if (status != HttpStatusCode.OK)
                {
                    Fail(phase, $"{request.RequestUri}: {(int)status}");
                }

                Interlocked.Increment(ref _served);
            }
        }

        private void Fail(string phase, string what)
        {
            lock (_failures)
            {
                _failures[phase] = _failures.GetValueOrDefault(phase) + 1;
                _failureSamples.Add($"{phase}: {what}");
            }
        }
    }
}
