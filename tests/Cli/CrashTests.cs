using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// <c>fluentai run --state</c> as a separate process killed with SIGKILL: the state file it leaves is whole and
/// holds every write but those of the last flush interval (PluginHostOptions.StateFlushInterval, 1 s).
/// </summary>
public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The loop sleeps this long between writes: at least 19 ms (a timed wait may end up to 1 ms early).</summary>
    private const int SleepMs = 20;

    /// <summary>The most writes the loop makes in one flush interval of 1 s.</summary>
    private const int WritesPerWindow = (1000 / (SleepMs - 1)) + 1;

    /// <summary>
    /// Prints each count before it writes it: the state file can never be ahead of the last count printed.
    /// The first line says what was restored.
    /// </summary>
    private const string Program = """
        (define-stateful counter :version 1 :state 0)
        (println "restored" (deref counter))
        (defn count-up ()
          (println "count" (+ (deref counter) 1))
          (swap! counter inc)
          (sleep 20)
          (count-up))
        (define (main) (count-up))
        """;

    private readonly string _dir = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "fai-cli-tests", Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AfterSigkillTheStateFileIsWholeAndLosesAtMostTheWritesOfTheLastFlushInterval()
    {
        var app = Path.Combine(_dir, "app.ai");
        File.WriteAllText(app, Program);
        var state = Path.Combine(_dir, "s.json");

        // Killed once it counted well past two windows of writes, so the lower bound below says something.
        var first = await RunUntilAsync(app, state, lines => lines.Any(l => Count(l) >= (3 * WritesPerWindow) + 1));
        Assert.Equal("restored 0", first[0]);
        var printed = first.Select(Count).Max();

        // Whole, whatever moment the kill hit: a write goes through s.json.tmp and a rename.
        using (var doc = JsonDocument.Parse(File.ReadAllText(state)))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("format").GetInt32());
        }

        var second = await RunUntilAsync(app, state, lines => lines.Count > 0);
        Assert.StartsWith("restored ", second[0], StringComparison.Ordinal);
        var restored = long.Parse(second[0]["restored ".Length..], System.Globalization.CultureInfo.InvariantCulture);

        // Never a write that did not happen; at most one window lost, plus one more for a write the kill
        // interrupted (the file then holds the snapshot before it) or a tick that ran late.
        output.WriteLine($"printed {printed} before the kill; restored {restored}; the bound allows {2 * WritesPerWindow} lost writes");
        Assert.InRange(restored, printed - (2 * WritesPerWindow), printed);
    }

    /// <summary>The count a <c>count N</c> line gives, or 0 for any other line.</summary>
    private static long Count(string line) =>
        line.StartsWith("count ", StringComparison.Ordinal) ? long.Parse(line["count ".Length..], System.Globalization.CultureInfo.InvariantCulture) : 0;

    /// <summary>Runs <c>fluentai run APP --state STATE</c> until its output satisfies <paramref name="enough"/>, then kills it (SIGKILL) and returns every line it printed.</summary>
    private async Task<List<string>> RunUntilAsync(string app, string state, Func<List<string>, bool> enough)
    {
        var start = new ProcessStartInfo(Dotnet())
        {
            WorkingDirectory = _dir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "fluentai.dll"), "run", app, "--state", state })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FLUENTAI_CACHE"] = Path.Combine(_dir, ".cache");
        var lines = new List<string>();
        var errors = new List<string>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(e.Data);
                if (enough(lines))
                {
                    seen.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // Bounded: a cold start compiles the module (a few seconds on a busy machine), then the loop counts.
            await Task.WhenAny(seen.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromSeconds(90));
            Assert.False(process.HasExited, $"fluentai exited with {(process.HasExited ? process.ExitCode : 0)}: {string.Join('\n', errors)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                // SIGKILL on Unix: no Dispose, no final save, as in a crash.
                process.Kill();
            }

            // Until the output is read to its end.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        lock (errors)
        {
            Assert.True(errors.Count == 0, string.Join('\n', errors));
        }

        lock (lines)
        {
            return [.. lines];
        }
    }

    /// <summary>The <c>dotnet</c> running these tests (it runs fluentai.dll from this folder), else the one on PATH.</summary>
    private static string Dotnet()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
