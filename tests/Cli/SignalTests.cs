using System.Text.RegularExpressions;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// SIGINT and SIGTERM sent to the built command running as its own process (SPEC §3 exit codes and
/// Program.cs): the signal is sent once the program has printed that it runs its endless loop; the
/// waits are bounded and the tests assert exit codes and what is printed, not how fast.
/// </summary>
public sealed class SignalTests : IDisposable
{
    private const string Spin = "(define (spin n) (spin n))\n(println \"spinning\")\n(spin 1)\n";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-signal-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _environment;

    public SignalTests()
    {
        Directory.CreateDirectory(_dir);
        _environment = new() { ["FLUENTAI_CACHE"] = Path.Combine(_dir, ".cache"), ["FLUENTAI_HISTORY"] = "" };
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(CliProcess.SigInt, 130)]
    [InlineData(CliProcess.SigTerm, 143)]
    public async Task EvalOfARunawayExpressionStopsOnTheSignalWithItsExitCodeAndTheLocation(int signal, int code)
    {
        using var child = CliProcess.Start(_dir, _environment, "eval", "-e", Spin.Replace('\n', ' '));
        await child.WaitFor((o, _) => o.Contains("spinning", StringComparison.Ordinal), "the loop to start", seconds: 60);
        child.Signal(signal);

        Assert.Equal(code, await child.WaitForExit());
        Assert.Matches(@"^<command line>\(1,\d+\): error FAI3014: interrupted\n", child.Err.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(CliProcess.SigInt, 130)]
    [InlineData(CliProcess.SigTerm, 143)]
    public async Task RunOfARunawayFileStopsOnTheSignalWithItsExitCodeAndTheFilesLocation(int signal, int code)
    {
        var file = Path.Combine(_dir, "spin.ai");
        await File.WriteAllTextAsync(file, Spin);
        using var child = CliProcess.Start(_dir, _environment, "run", file);
        await child.WaitFor((o, _) => o.Contains("spinning", StringComparison.Ordinal), "the loop to start", seconds: 60);
        child.Signal(signal);

        Assert.Equal(code, await child.WaitForExit());
        Assert.Matches($@"^{Regex.Escape(file)}\([13],\d+\): error FAI3014: interrupted\n", child.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task SigintToAPipedReplCancelsTheRunawayInputAndTheReplReadsTheNextLine()
    {
        // One input prints and spins, so the signal cannot come between two inputs (where it would
        // find no evaluation to stop and tell the REPL how to leave instead).
        using var child = CliProcess.Start(_dir, _environment, "repl");
        await child.In.WriteAsync("(define (spin n) (spin n))\n(do (println \"spinning\") (spin 1))\n(+ 1 2)\n");
        await child.In.FlushAsync();
        await child.WaitFor((o, _) => o.Contains("spinning", StringComparison.Ordinal), "the loop to start", seconds: 60);
        child.Signal(CliProcess.SigInt);

        await child.WaitFor((o, _) => o.ReplaceLineEndings("\n").EndsWith("\n3\n", StringComparison.Ordinal), "the next line's value");
        child.In.Close();

        // An input that failed (here: was interrupted) makes a piped REPL exit 1 at the end of its
        // input, as CommandLineTests' in-process Ctrl-C test has it; the session itself went on.
        Assert.Equal(1, await child.WaitForExit());
        Assert.Equal("spinning\n3\n", child.Out.ReplaceLineEndings("\n"));
        Assert.Matches(@"^<repl>\(1,\d+\): error FAI3014: interrupted\n", child.Err.ReplaceLineEndings("\n"));
    }
}
