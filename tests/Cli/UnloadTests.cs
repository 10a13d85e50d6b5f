using System.Diagnostics;
using System.IO.Pipes;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// Every version the command replaces unloads, the first one it ran from included (SPEC §5.5):
/// run, eval and repl keep no value, function or handle of a module version, and the audit log
/// gets the verdict of every reload they made before they end. Waits are bounded polls.
/// </summary>
[Collection("console")]
public sealed class UnloadTests : IDisposable
{
    // main's value and the module's last top-level value are both closures of the running version:
    // the command must keep neither once it has used them.
    private const string Main = "(import \"dep.ai\" (greeting))\n(defn main () (println (greeting)) (lambda () (greeting)))\n(lambda () (main))";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-unload-tests", Guid.NewGuid().ToString("N"));
    private readonly string _audit;
    private readonly string _main;
    private readonly string _dep;

    public UnloadTests()
    {
        Directory.CreateDirectory(_dir);
        Environment.SetEnvironmentVariable("FLUENTAI_CACHE", Path.Combine(_dir, ".cache"));
        _audit = Path.Combine(_dir, "audit.jsonl");
        _main = Path.Combine(_dir, "main.ai");
        _dep = Path.Combine(_dir, "dep.ai");
        File.WriteAllText(_dep, "(define (greeting) \"v1\")");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task WaitFor(Func<bool> condition, Task<int> command, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(command.IsCompleted && !condition(), $"the command ended before {what}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting for " + what);
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task RunWatchUnloadsTheFirstVersionOfTheEntryModuleWhenItsDependencyIsReloaded()
    {
        await File.WriteAllTextAsync(_main, Main);
        using var stdout = new StringWriter();
        using var stop = new CancellationTokenSource();
        var output = TextWriter.Synchronized(stdout);
        var run = Task.Run(() => CommandLine.RunAsync(["run", _main, "--watch", "--audit", _audit], TextReader.Null, output, TextWriter.Synchronized(new StringWriter()), stop.Token));
        await WaitFor(() => stdout.ToString().Contains("watching", StringComparison.Ordinal), run, "the watch to start");

        await File.WriteAllTextAsync(_dep, "(define (greeting) \"v2\")");
        Assert.Equal("unload", (await AuditFile.WaitForVerdict(_audit, _main, 1, run)).Event);

        await File.WriteAllTextAsync(_dep, "(define (greeting) \"v3\")");
        Assert.Equal("unload", (await AuditFile.WaitForVerdict(_audit, _main, 2, run)).Event);

        await stop.CancelAsync();
        Assert.Equal(0, await run);
        AuditFile.AssertNoUnloadFailed(_audit);
    }

    [Fact]
    public async Task EvalOfAModuleThatStartsDevModeUnloadsItsFirstVersionAndStillPrintsTheValueLast()
    {
        // dev-mode from main, not from a top-level form: a top-level (dev-mode) deadlocks the load (a Loader defect).
        await File.WriteAllTextAsync(_main, "(import \"dep.ai\" (greeting))\n(defn main () (dev-mode :watch [\"*.ai\"]) (lambda () (greeting)))\n(lambda () (main))");
        using var stdout = new StringWriter();
        using var stop = new CancellationTokenSource();
        var output = TextWriter.Synchronized(stdout);
        var eval = Task.Run(() => CommandLine.RunAsync(["eval", _main, "--audit", _audit], TextReader.Null, output, TextWriter.Synchronized(new StringWriter()), stop.Token));
        await WaitFor(() => stdout.ToString().Contains("watching", StringComparison.Ordinal), eval, "dev mode to start");

        await File.WriteAllTextAsync(_dep, "(define (greeting) \"v2\")");
        Assert.Equal("unload", (await AuditFile.WaitForVerdict(_audit, _main, 1, eval)).Event);

        await stop.CancelAsync();
        Assert.Equal(0, await eval);
        Assert.EndsWith("\n#<fn lambda>\n", stdout.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        AuditFile.AssertNoUnloadFailed(_audit);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("eval")]
    public async Task AModuleWhoseMainReloadsItsDependencyHasItsFirstVersionUnloadedBeforeTheCommandEnds(string command)
    {
        // No watcher and no wait: the command itself must stay until the host has checked the replaced versions.
        await File.WriteAllTextAsync(_main, "(import \"dep.ai\" (greeting))\n(defn main () (hot-reload \"dep.ai\") (lambda () (greeting)))\n(lambda () (main))");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CommandLine.RunAsync([command, _main, "--audit", _audit], TextReader.Null, stdout, stderr);

        Assert.Equal("", stderr.ToString());
        Assert.Equal(0, code);
        Assert.Equal("unload", AuditFile.Verdict(_audit, _main, 1)?.Event);
        Assert.Equal("unload", AuditFile.Verdict(_audit, _dep, 1)?.Event);
        AuditFile.AssertNoUnloadFailed(_audit);
    }

    [Fact]
    public async Task ReplInAFileScopeUnloadsTheFirstVersionWhileItWaitsForInputAfterAnErrorFromThatVersion()
    {
        // A function value, a failure and a reload of the scope's first version; while the REPL is then
        // blocked reading, that version must unload. (No input whose value is a closure of version 1:
        // the Loader's REPL session keeps every input's value, reported separately.)
        await File.WriteAllTextAsync(_main, "(import \"dep.ai\" (greeting))\n(defn main () (println (greeting)))\n(defn fail () (car 5))");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var output = TextWriter.Synchronized(stdout);
        using var input = new AnonymousPipeServerStream(PipeDirection.Out);
        using var stdin = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, input.ClientSafePipeHandle));
        var typing = new StreamWriter(input) { AutoFlush = true };
        var repl = Task.Run(() => CommandLine.RunAsync(["repl", _main, "--audit", _audit], stdin, output, TextWriter.Synchronized(stderr)));

        await typing.WriteLineAsync("main\n(fail)");
        await WaitFor(() => stderr.ToString().Contains("FAI3005", StringComparison.Ordinal), repl, "the error");
        await File.WriteAllTextAsync(_dep, "(define (greeting) \"v2\")");
        await typing.WriteLineAsync("(hot-reload \"dep.ai\")");
        await WaitFor(() => stdout.ToString().Contains("Reloaded", StringComparison.Ordinal), repl, "the reload");
        Assert.Equal("unload", (await AuditFile.WaitForVerdict(_audit, _main, 1, repl)).Event);

        await typing.WriteLineAsync("(greeting)");
        await typing.DisposeAsync();
        Assert.Equal(1, await repl);
        Assert.Equal("#<fn main>\nReloaded 3 functions, migrated 0 state values\n\"v2\"\n", stdout.ToString().ReplaceLineEndings("\n"));
        Assert.StartsWith($"{_main}(3,15): error FAI3005: car expects a list", stderr.ToString(), StringComparison.Ordinal);
        AuditFile.AssertNoUnloadFailed(_audit);
    }
}
