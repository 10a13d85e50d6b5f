using System.Text.RegularExpressions;

namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// <c>fluentai repl</c> on a pseudo-terminal, typed at as a user would: util-linux's <c>script</c>
/// runs the built command on a pty and passes what the test writes on as keystrokes. Each step
/// waits (bounded) for the REPL's answer before the next key.
/// </summary>
public sealed partial class TerminalReplTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-terminal-tests", Guid.NewGuid().ToString("N"));

    public TerminalReplTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>util-linux's <c>script</c> (Debian's bsdutils, on every stock image); the test fails without it.</summary>
    private static string Script()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "script")).FirstOrDefault(File.Exists);
        Assert.True(found is not null, "this test runs the REPL on a pseudo-terminal with util-linux's 'script', which is not on PATH (Debian: apt-get install bsdutils)");
        return found;
    }

    /// <summary>The lines the terminal shows values on: escape sequences and carriage returns dropped.</summary>
    private static List<string> Lines(string terminal) =>
        Escapes().Replace(terminal, "").Replace("\r", "").Split('\n').ToList();

    /// <summary>
    /// How many fresh prompts the terminal has shown: the prompt drawn with an empty line and the
    /// cursor after it. (The editor draws the prompt again with every key, so the prompt alone does
    /// not say that a new entry is being read; Ctrl-C is a key only while one is.)
    /// </summary>
    private static int Prompts(string terminal) => Regex.Count(terminal, Regex.Escape(LineEditor.Prompt + "\r\u001b[10C"));

    /// <summary>
    /// The command line for <c>script --command</c>, which runs it with <c>$SHELL -c</c> (<c>/bin/sh</c>
    /// when SHELL is unset, as on CI). <c>exec</c>: a shell that stayed the REPL's parent would be in
    /// the terminal's process group and die of the Ctrl-C meant for the REPL (dash does not exec
    /// the last command of <c>-c</c> by itself; <c>script --return</c> then passes its 130 on).
    /// </summary>
    private static string ShellCommand(params string[] args) =>
        "exec " + string.Join(' ', CliProcess.CommandLine(args).Select(a => "'" + a.Replace("'", "'\\''") + "'"));

    [GeneratedRegex(@"\u001b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Escapes();

    [Fact]
    public async Task UpRecallsTheLastEntryHistoryIsWrittenAndCtrlCStopsAnEvaluationButKeepsTheSession()
    {
        var history = Path.Combine(_dir, "history");
        var command = ShellCommand("repl");
        var environment = new Dictionary<string, string>
        {
            ["FLUENTAI_CACHE"] = Path.Combine(_dir, ".cache"),
            ["FLUENTAI_HISTORY"] = history,
            ["TERM"] = "xterm",
        };
        using var terminal = CliProcess.StartProgram(_dir, environment, [Script(), "--quiet", "--flush", "--return", "--command", command, "/dev/null"]);

        async Task Type(string keys, Func<string, bool> then, string what)
        {
            await terminal.In.WriteAsync(keys);
            await terminal.In.FlushAsync();
            await terminal.WaitFor((o, _) => then(o), what, seconds: 20);
        }

        int Count(string line) => Lines(terminal.Out).Count(l => l == line);

        await terminal.WaitFor((o, _) => Prompts(o) >= 1, "the first prompt", seconds: 60);
        await Type("(define x 41)\r", o => Prompts(o) >= 2, "the prompt after a definition");
        await Type("(+ x 1)\r", _ => Count("42") == 1, "42");
        await terminal.WaitFor((o, _) => Prompts(o) >= 3, "the prompt after 42");

        // Up recalls (+ x 1); Enter runs it again.
        await Type("\u001b[A", o => Lines(o)[^1].EndsWith("(+ x 1)", StringComparison.Ordinal), "the recalled entry");
        await Type("\r", _ => Count("42") == 2, "42 a second time");
        await terminal.WaitFor((o, _) => Prompts(o) >= 4, "the prompt after the second 42");

        // Each entry once, in order: the recalled one equals the last and is not added again.
        Assert.Equal(["(define x 41)", "(+ x 1)"], await File.ReadAllLinesAsync(history));

        // Ctrl-C during an evaluation stops it; the session and its definitions go on.
        await Type("(define (spin n) (spin n)) (println \"spinning\") (spin 1)\r", _ => Count("spinning") == 1, "the loop to start");
        await Type("\u0003", o => o.Contains("error FAI3014: interrupted", StringComparison.Ordinal), "the interruption");
        await terminal.WaitFor((o, _) => Prompts(o) >= 5, "the prompt after the interruption");
        await Type("x\r", _ => Count("41") == 1, "x to still be 41");

        // Ctrl-D at an empty prompt leaves with 0 (script --return passes the REPL's exit code on).
        await terminal.WaitFor((o, _) => Prompts(o) >= 6, "the prompt after 41");
        await terminal.In.WriteAsync("\u0004");
        await terminal.In.FlushAsync();
        Assert.Equal(0, await terminal.WaitForExit(seconds: 20));
        Assert.Contains("(spin 1)", (await File.ReadAllLinesAsync(history))[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CtrlCAtThePromptSaysHowToLeaveAndASecondOneLeaves()
    {
        var command = ShellCommand("repl");
        var environment = new Dictionary<string, string>
        {
            ["FLUENTAI_CACHE"] = Path.Combine(_dir, ".cache"),
            ["FLUENTAI_HISTORY"] = "",
            ["TERM"] = "xterm",
        };
        using var terminal = CliProcess.StartProgram(_dir, environment, [Script(), "--quiet", "--flush", "--return", "--command", command, "/dev/null"]);
        await terminal.WaitFor((o, _) => Prompts(o) >= 1, "the first prompt", seconds: 60);

        // A half-typed entry is dropped; a complete one after the hint runs and resets it.
        await terminal.In.WriteAsync("(+ 1");
        await terminal.In.FlushAsync();
        await terminal.WaitFor((o, _) => o.Contains("(+ 1", StringComparison.Ordinal), "the typed text");
        await terminal.In.WriteAsync("\u0003");
        await terminal.In.FlushAsync();
        await terminal.WaitFor((o, _) => o.Contains("(Ctrl-C again or Ctrl-D to leave the REPL)", StringComparison.Ordinal) && Prompts(o) >= 2, "the hint and a new prompt");
        await terminal.In.WriteAsync("(+ 2 3)\r");
        await terminal.In.FlushAsync();
        await terminal.WaitFor((o, _) => Lines(o).Contains("5") && Prompts(o) >= 3, "5 and a new prompt");

        await terminal.In.WriteAsync("\u0003");
        await terminal.In.FlushAsync();
        await terminal.WaitFor((o, _) => Regex.Count(o, Regex.Escape("(Ctrl-C again")) == 2 && Prompts(o) >= 4, "the hint again");
        await terminal.In.WriteAsync("\u0003");
        await terminal.In.FlushAsync();
        Assert.Equal(130, await terminal.WaitForExit(seconds: 20));
    }
}
