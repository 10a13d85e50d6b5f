using System.Diagnostics;
using System.Text.Json;
using FluentAI.Plugins.Orleans;

namespace Fleet;

/// <summary>
/// Starts N host processes on 127.0.0.1, rolls a version out as a canary, ramps and promotes it, then rolls out a
/// version that fails and checks it is aborted on every host. Exits 0 only when every step held.
/// </summary>
internal static class DemoCommand
{
    private const string V2 = "(define (price n) (* n 4))";

    private const string Failing = "(define (price n) (get n :boom))";

    public static async Task<int> RunAsync(Args args)
    {
        var hosts = args.Int("hosts", 3);
        var basePort = args.Int("base-port", 21111);
        var auditDir = Path.GetFullPath(args.Text("audit-dir", Path.Combine(Path.GetTempPath(), "fai-fleet-demo")));
        var work = Path.Combine(auditDir, "modules");
        Directory.CreateDirectory(auditDir);
        var children = new List<Process>();
        var ready = new List<Task>();
        var failures = 0;
        try
        {
            for (var i = 0; i < hosts; i++)
            {
                var name = $"host-{i + 1}";
                var dir = Path.Combine(work, name);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, Cluster.Module), HostCommand.V1);
                foreach (var old in new[] { $"{name}.jsonl", $"{name}.fleet.jsonl" })
                {
                    File.Delete(Path.Combine(auditDir, old));
                }

                var (process, started) = StartHost(i, name, dir, Path.Combine(auditDir, $"{name}.jsonl"), basePort);
                children.Add(process);
                ready.Add(started);
                if (i == 0)
                {
                    // The primary must be up before the others join it.
                    await started;
                }
            }

            await Task.WhenAll(ready);

            var (client, grains) = await Cluster.ClientAsync(basePort, hosts);
            using (client)
            {
                var grain = grains.GetGrain<IModuleRolloutGrain>(Cluster.Module);
                bool AllAt(FleetRolloutState s) => s.Hosts.Length == hosts && s.Hosts.All(h => h.Live && h.Generation == s.Generation);
                bool Audited(string text) => Enumerable.Range(1, hosts).All(i => File.ReadAllText(Path.Combine(auditDir, $"host-{i}.jsonl")).Contains(text, StringComparison.Ordinal));

                await grain.StartCanary(new FleetCanary { Source = V2, Weight = 10, Steps = [50], RampDuration = TimeSpan.FromSeconds(8), MinCalls = 50 });
                failures += await StepAsync("1. v2 canary at 10 % on every host", grain, s => s.Phase == FleetPhase.Canary && s.Weight == 10 && s.ReadyHosts == hosts && AllAt(s));
                failures += await StepAsync("2. the ramp moved every host to 50 %", grain, s => s.Phase == FleetPhase.Canary && s.Weight == 50 && AllAt(s));
                failures += await StepAsync("3. v2 promoted on every host", grain, s => s.Phase == FleetPhase.Promoted && AllAt(s) && Audited("\"canary-promote\""));

                await grain.StartCanary(new FleetCanary { Source = Failing, Weight = 20, MinCalls = 20 });
                var clock = Stopwatch.StartNew();
                failures += await StepAsync("4. the failing v3 aborted by the fleet rule", grain, s => s.Phase == FleetPhase.Aborted && (s.Reason ?? "").StartsWith("fleet canary error rate", StringComparison.Ordinal));
                var decided = clock.Elapsed;
                // A host that had not started v3 when the fleet aborted never runs it; every host ends on v2, on disk too.
                bool OnV2() => Enumerable.Range(1, hosts).All(i => File.ReadAllText(Path.Combine(work, $"host-{i}", Cluster.Module)) == V2);
                failures += await StepAsync("5. v3 rolled back on every host", grain, s => s.Phase == FleetPhase.Aborted && AllAt(s) && OnV2());
                var abortedHere = Enumerable.Range(1, hosts).Count(i => File.ReadAllText(Path.Combine(auditDir, $"host-{i}.jsonl")).Contains("\"canary-abort\"", StringComparison.Ordinal));
                Console.WriteLine(abortedHere == hosts ? $"all {hosts} hosts had started v3 and logged its canary-abort" : $"{abortedHere} of {hosts} hosts had started v3 and logged its canary-abort; the others never served it");
                Console.WriteLine($"v3 was aborted {decided.TotalSeconds:F1} s after it started; every host had applied the abort {(clock.Elapsed - decided).TotalSeconds:F1} s later (poll interval 1 s; the grain learns a host's generation at its next poll)");
                Console.WriteLine(AbortSpread(auditDir, hosts));
                Console.WriteLine($"audit logs: {string.Join(", ", Enumerable.Range(1, hosts).Select(i => Path.Combine(auditDir, $"host-{i}.jsonl")))} (the fleet generations beside them, host-N.fleet.jsonl)");
                await client.StopAsync();
            }
        }
        finally
        {
            foreach (var child in children)
            {
                if (!child.HasExited)
                {
                    child.Kill(entireProcessTree: true);
                }

                await child.WaitForExitAsync();
                child.Dispose();
            }
        }

        Console.WriteLine(failures == 0 ? "every step held" : $"{failures} step(s) did not hold");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>When each host applied the last abort, from its <c>.fleet.jsonl</c>: how far apart the hosts were.</summary>
    private static string AbortSpread(string auditDir, int hosts)
    {
        var times = new List<DateTimeOffset>();
        for (var i = 1; i <= hosts; i++)
        {
            var last = File.ReadLines(Path.Combine(auditDir, $"host-{i}.fleet.jsonl"))
                .Select(line => JsonSerializer.Deserialize<JsonElement>(line))
                .LastOrDefault(e => e.GetProperty("action").GetString() == "abort");
            if (last.ValueKind == JsonValueKind.Object)
            {
                times.Add(last.GetProperty("time").GetDateTimeOffset());
            }
        }

        return times.Count == 0
            ? "no host logged the abort"
            : $"{times.Count} hosts applied the abort within {(times.Max() - times.Min()).TotalMilliseconds:F0} ms of each other (their .fleet.jsonl)";
    }

    private static async Task<int> StepAsync(string name, IModuleRolloutGrain grain, Func<FleetRolloutState, bool> held)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        FleetRolloutState state;
        while (!held(state = await grain.GetState()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var ok = held(state);
        Console.WriteLine();
        Console.WriteLine($"{(ok ? "✔" : "✖")} {name}");
        StatusTable.Write(Console.Out, state);
        return ok ? 0 : 1;
    }

    private static (Process Process, Task Ready) StartHost(int index, string name, string dir, string audit, int basePort)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(DemoCommand).Assembly.Location);
        }

        foreach (var a in new[] { "host", "--index", $"{index}", "--id", name, "--dir", dir, "--audit", audit, "--base-port", $"{basePort}" })
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        var ready = new TaskCompletionSource();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException($"{name} exited before it was ready"));
                return;
            }

            Console.WriteLine($"  [{name}] {e.Data}");
            if (e.Data.StartsWith($"{name} ready", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();

        return (process, ready.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }
}
