using System.Diagnostics;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// <c>fluentai run --watch</c> end to end, with the real file-system watcher: waits are bounded
/// polls for output (they assert what happens, never how fast).
/// </summary>
[Collection("console")]
public sealed class WatchTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-watch-tests", Guid.NewGuid().ToString("N"));

    public WatchTests()
    {
        Directory.CreateDirectory(_dir);
        Environment.SetEnvironmentVariable("FLUENTAI_CACHE", Path.Combine(_dir, ".cache"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task WaitFor(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task RunWatchReloadsChangedModulesReportsBrokenEditsAndExitsZeroWhenStopped()
    {
        var file = Path.Combine(_dir, "app.ai");
        await File.WriteAllTextAsync(file, "(defn greet () \"v1\")\n(defn main () (println (greet)))");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var output = TextWriter.Synchronized(stdout);
        var errors = TextWriter.Synchronized(stderr);
        using var stop = new CancellationTokenSource();

        var run = Task.Run(() => CommandLine.RunAsync(["run", file, "--watch"], TextReader.Null, output, errors, stop.Token));
        await WaitFor(() => stdout.ToString().Contains("watching", StringComparison.Ordinal), "the watch to start");
        Assert.StartsWith("v1\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, "(defn greet () \"v2\")\n(defn main () (println (greet)))");
        await WaitFor(() => stdout.ToString().Contains("Reloaded 2 functions", StringComparison.Ordinal), "the reload");

        await File.WriteAllTextAsync(file, "(defn greet () (undefined-thing))\n(defn main () 0)");
        await WaitFor(() => stderr.ToString().Contains("error FAI1001", StringComparison.Ordinal), "the error report");
        Assert.Contains($"{file}(1,17): error FAI1001: unknown name 'undefined-thing'", stderr.ToString(), StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }

    [Fact]
    public async Task ARunawaySaveIsStoppedAtTheBudgetAndTheNextGoodSaveReloads()
    {
        var file = Path.Combine(_dir, "app.ai");

        // The first load is the program: it may run longer than the budget.
        await File.WriteAllTextAsync(file, "(defn greet () \"v1\")\n(sleep 800)\n(defn main () (println (greet)))");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => CommandLine.RunAsync(["run", file, "--watch", "--budget", "0.5"], TextReader.Null, TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), stop.Token));
        await WaitFor(() => stdout.ToString().Contains("watching", StringComparison.Ordinal), "the watch to start");
        Assert.StartsWith("v1\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, "(defn spin (n) (spin n))\n(defn greet () \"v2\")\n(define stuck (spin 1))\n(defn main () 0)");
        await WaitFor(() => stderr.ToString().Contains("FAI3014", StringComparison.Ordinal), "the budget error");
        Assert.Contains($"{file}(3,1): error FAI3014: the load of app.ai ran over its budget of 500 ms", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("interrupted at app.ai(1,", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Reloaded", stdout.ToString(), StringComparison.Ordinal);

        await File.WriteAllTextAsync(file, "(defn greet () \"v3\")\n(defn main () (println (greet)))");
        await WaitFor(() => stdout.ToString().Contains("Reloaded", StringComparison.Ordinal), "the good save's reload");

        await stop.CancelAsync();
        Assert.Equal(0, await run);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("soon")]
    public async Task ABudgetThatIsNoPositiveNumberIsAUsageError(string value)
    {
        var file = Path.Combine(_dir, "app.ai");
        await File.WriteAllTextAsync(file, "(defn main () 0)");
        using var stderr = new StringWriter();
        Assert.Equal(2, await CommandLine.RunAsync(["run", file, "--budget", value], TextReader.Null, TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains($"--budget takes seconds (a positive number) or 'none', not '{value}'", stderr.ToString(), StringComparison.Ordinal);
    }
}
