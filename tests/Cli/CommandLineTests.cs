namespace FluentAI.Plugins.Cli.Tests;

/// <summary>The fluentai command run in-process: exit codes, output and the error format of SPEC §3.</summary>
[Collection("console")]
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-cli-tests", Guid.NewGuid().ToString("N"));

    public CommandLineTests()
    {
        Directory.CreateDirectory(_dir);
        Environment.SetEnvironmentVariable("FLUENTAI_CACHE", Path.Combine(_dir, ".cache"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Out, string Err)> Run(string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, new StringReader(stdin), output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task EvalPrintsTheLastValueOnTheLastLine()
    {
        var file = Write("a.ai", "(println \"side effect\")\n(+ (* 3 4) (* 5 6))");
        var (code, output, _) = await Run("", "eval", file);
        Assert.Equal(0, code);
        Assert.Equal("side effect\n42\n", output);
    }

    [Fact]
    public async Task ImportsStayInsideTheModuleRootWhichIsTheFilesFolderUnlessRootSaysOtherwise()
    {
        Write("pw.ai", "(module pw (export pw))\n(define pw \"hunter2\")");
        Directory.CreateDirectory(Path.Combine(_dir, "app"));
        var main = Write(Path.Combine("app", "main.ai"), "(import \"../pw\" (pw))\npw");

        var (code, _, err) = await Run("", "eval", main);
        Assert.Equal(1, code);
        Assert.StartsWith($"{main}(1,9): error FAI1013: import of \"../pw\" reaches outside the module root ({Path.Combine(_dir, "app")})", err, StringComparison.Ordinal);

        var widened = await Run("", "eval", main, "--root", _dir);
        Assert.Equal((0, "\"hunter2\"\n"), (widened.Code, widened.Out));
    }

    [Theory]
    [InlineData(130)]
    [InlineData(143)]
    public async Task ARunawayProgramStopsWhenTheCommandIsInterruptedWithItsLocationAndTheSignalsExitCode(int code)
    {
        var file = Write("spin.ai", "(define (spin n) (spin (+ n 1)))\n(println \"started\")\n(spin 0)");
        using var output = new SignallingWriter("started");
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => CommandLine.RunAsync(["run", file], new StringReader(""), output, error, stop.Token));
        await output.Seen.WaitAsync(TimeSpan.FromSeconds(60));
        CommandLine.StopCode = code;
        await stop.CancelAsync();

        Assert.Equal(code, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith($"{file}(1,1): error FAI3014: interrupted", error.ToString(), StringComparison.Ordinal);
        CommandLine.StopCode = 130;
    }

    [Fact]
    public async Task CtrlCInTheReplInterruptsTheEvaluationAndKeepsTheSessionsDefinitions()
    {
        const string Input = "(define x 41)\n(define (spin n) (spin (+ n 1)))\n(spin 0)\n(+ x 1)\n";
        var before = Evaluations.Started;
        var repl = Task.Run(() => Run(Input, "repl"));

        // The third input is the runaway one: interrupt it as the Ctrl-C handler does.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Evaluations.Started < before + 3 || !Evaluations.TryInterrupt())
        {
            Assert.False(repl.IsCompleted, "the REPL ended before the runaway input was interrupted");
            Assert.True(DateTime.UtcNow < deadline, "the runaway input never started");
            await Task.Delay(10);
        }

        var (code, output, error) = await repl.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("42\n", output);
        Assert.Contains("<repl>(1,1): error FAI3014: interrupted", error, StringComparison.Ordinal);
        Assert.Equal(1, code);
    }

    /// <summary>A writer that completes <see cref="Seen"/> once <c>text</c> has been written.</summary>
    private sealed class SignallingWriter(string text) : StringWriter
    {
        private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Seen => _seen.Task;

        public override void Write(char value)
        {
            base.Write(value);
            Check();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Check();
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            Check();
        }

        private void Check()
        {
            if (ToString().Contains(text, StringComparison.Ordinal))
            {
                _seen.TrySetResult();
            }
        }
    }

    [Fact]
    public async Task EvalPutsTheValueOnANewLineAfterAPrintWithoutANewline()
    {
        Assert.Equal("a\n5\n", (await Run("", "eval", "-e", "(do (print \"a\") 5)")).Out);
        var file = Write("p.ai", "(print \"a\")\n(+ 2 3)");
        Assert.Equal("a\n5\n", (await Run("", "eval", file)).Out);
    }

    [Fact]
    public async Task EvalAddsNoBlankLineAfterAPrintThatEndedItsLine() =>
        Assert.Equal("a\n5\n", (await Run("", "eval", "-e", "(do (print \"a\\n\") 5)")).Out);

    [Fact]
    public async Task EvalOfAnExpression() => Assert.Equal("(1 4 9)\n", (await Run("", "eval", "-e", "(map (lambda (x) (* x x)) [1 2 3])")).Out);

    [Fact]
    public async Task RunCallsMainAfterTopLevelForms()
    {
        var file = Write("m.ai", "(println \"top\")\n(defn main () (println \"main\"))");
        var (code, output, _) = await Run("", "run", file);
        Assert.Equal(0, code);
        Assert.Equal("top\nmain\n", output);
    }

    [Fact]
    public async Task CompileErrorsUseTheSpecFormatWithSourceLineAndCaret()
    {
        var file = Write("bad.ai", "(define x 1)\n(+ x undefined-name)");
        var (code, _, err) = await Run("", "eval", file);
        Assert.Equal(1, code);
        Assert.Equal($"{file}(2,6): error FAI1001: unknown name 'undefined-name'\n  (+ x undefined-name)\n       ^\n", err);
    }

    [Fact]
    public async Task RuntimeErrorsNameTheAiLocation()
    {
        var file = Write("rt.ai", "(define (f x)\n  (car x))\n(f 5)");
        var (code, _, err) = await Run("", "eval", file);
        Assert.Equal(1, code);
        Assert.StartsWith($"{file}(2,3): error FAI3005: car expects a list, got 5 (an integer)\n", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailingSpawnedTaskIsReportedWithItsLocation()
    {
        // Awaiting the task only orders the output: the failure is reported when it happens.
        var file = Write("t.ai", "(define p (spawn (car 5)))\n(try (await p) (catch (e) \"handled\"))");
        var (code, output, err) = await Run("", "eval", file);
        Assert.Equal(0, code);
        Assert.Equal("\"handled\"\n", output);
        Assert.Equal($"fluentai: a task spawned by t.ai failed:\n{file}(1,18): error FAI3005: car expects a list, got 5 (an integer)\n  (define p (spawn (car 5)))\n                   ^\n", err);
    }

    [Fact]
    public async Task AFailingOnRetireHookIsReportedWithItsLocation()
    {
        // The hook runs when the program ends and its version is retired.
        var file = Write("r.ai", "(on-retire (lambda () (car 5)))\n42");
        var (code, output, err) = await Run("", "eval", file);
        Assert.Equal(0, code);
        Assert.Equal("42\n", output);
        Assert.StartsWith($"fluentai: an on-retire hook of r.ai v1 failed:\n{file}(1,23): error FAI3005: car expects a list, got 5 (an integer)", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrorsExitWithTwo()
    {
        Assert.Equal(2, (await Run("", "frobnicate")).Code);
        Assert.Equal(2, (await Run("", "eval")).Code);
        Assert.Equal(2, (await Run("")).Code);
        Assert.Equal(2, (await Run("", "run", "x.ai", "--bogus")).Code);
    }

    [Fact]
    public async Task ReplWithPipedInputPrintsValuesNotDefinitionsAndRedefinitionTakesEffect()
    {
        var (code, output, err) = await Run("(defn helper (x) (+ x 1))\n(helper 5)\n(defn helper (x)\n  (* x 2))\n(helper 5)\n", "repl");
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Equal("6\n10\n", output);
    }

    [Fact]
    public async Task CompileEmitsReadableCSharpWithLineDirectives()
    {
        var file = Write("c.ai", "(define (sq x) (* x x))");
        var (code, output, _) = await Run("", "compile", file, "--emit", "cs");
        Assert.Equal(0, code);
        Assert.Contains("public static object sq__1(object x__2)", output, StringComparison.Ordinal);
        Assert.Contains($"#line (1, 16) - (1, 23) 13 \"{file}\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckReportsEveryErrorAndExitsOne()
    {
        var good = Write("good.ai", "(define x 1)");
        var bad = Write("bad2.ai", "(define y 1))");
        var (code, output, err) = await Run("", "check", good, bad);
        Assert.Equal(1, code);
        Assert.Contains("bad2.ai(1,13): error FAI0003", err, StringComparison.Ordinal);
        Assert.Equal("1 error\n", output);
        Assert.Equal(0, (await Run("", "check", good)).Code);
    }

    [Fact]
    public async Task CheckReportsAMatchWithoutACatchAllAsAWarningAndEvalRunsTheProgramWithoutIt()
    {
        var file = Write("w.ai", "(define (grade n) (match n (1 \"one\") (2 \"two\")))\n(grade 3)");

        var (code, output, err) = await Run("", "check", file);
        Assert.Equal(0, code);
        Assert.Equal("no errors\n", output);
        Assert.StartsWith($"{file}(1,19): warning FAI1017: match without a catch-all clause", err, StringComparison.Ordinal);
        Assert.Contains("\n  (define (grade n) (match n (1 \"one\") (2 \"two\")))\n" + new string(' ', 2 + 18) + "^\n", err, StringComparison.Ordinal);

        Assert.Equal((0, "nil\n", ""), await Run("", "eval", file));
    }

    [Theory]
    [InlineData("check")]
    [InlineData("eval")]
    public async Task DiagnosticsArePrintedInSourceOrder(string command)
    {
        // The kind conflict on line 3 is found while declaring, before line 1's body is bound.
        var file = Write("order.ai", "(define (f) (+ 1 missing))\n(define-reloadable g (lambda () 1))\n(define g 2)\n(set! nowhere (car))");

        var (code, _, err) = await Run("", command, file);

        Assert.Equal(1, code);
        var located = err.Split('\n').Where(l => l.StartsWith(file, StringComparison.Ordinal)).Select(l => l[file.Length..l.IndexOf(':', StringComparison.Ordinal)]).ToList();
        Assert.Equal(["(1,18)", "(3,9)", "(4,7)", "(4,16)"], located);
    }

    [Fact]
    public async Task StatePersistsAcrossRunsAndANewerVersionMigratesIt()
    {
        var file = Write("s.ai", "(define-stateful visits :version 1 :state 0)\n(swap! visits inc)");
        var state = Path.Combine(_dir, "state.json");
        Assert.Equal("1\n", (await Run("", "eval", file, "--state", state)).Out);
        Assert.Equal("2\n", (await Run("", "eval", file, "--state", state)).Out);

        Write("s.ai", "(define-stateful visits :version 2 :state {:n 0} :migrate-from {1 (lambda (n) {:n n})})\n(deref visits)");
        var (code, output, err) = await Run("", "eval", file, "--state", state);
        Assert.Equal("", err);
        Assert.Equal(0, code);
        Assert.Equal("Migrated visits from v1 to v2 (1 entries)\n{:n 2}\n", output);
    }

    [Fact]
    public async Task ACorruptOrTruncatedStateFileIsAnErrorNamingItAndNothingRuns()
    {
        var file = Write("app.ai", "(define-stateful visits :version 1 :state 0)\n(println \"ran\" (swap! visits inc))");
        var state = Write("state.json", "{\"format\":1,\"cells\":[\n  {\"module\":\"app.ai\",\"name\":\"visits\",\"version\":1,\"val");

        var (code, output, err) = await Run("", "run", file, "--state", state);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(
            $"{state}(2,54): error FAI4008: state file state.json ends early (truncated?): Expected end of string, but instead reached end of data; nothing was restored\n"
            + "    {\"module\":\"app.ai\",\"name\":\"visits\",\"version\":1,\"val\n"
            + "  " + new string(' ', 53) + "^\n",
            err);

        Write("state.json", "{\"format\":1,\"cells\":[{\"module\":\"app.ai\",\"name\":\"visits\",\"value\":4}]}");
        (code, output, err) = await Run("", "run", file, "--state", state);
        Assert.Equal((1, ""), (code, output));
        Assert.StartsWith($"{state}(1,22): error FAI4008: state file state.json: cell 1 has no \"version\"; nothing was restored\n", err, StringComparison.Ordinal);

        // The bad file is left for whoever looks into it; a good one runs.
        Assert.Contains("\"value\":4", File.ReadAllText(state), StringComparison.Ordinal);
        Write("state.json", "{\"format\":1,\"cells\":[{\"module\":\"app.ai\",\"name\":\"visits\",\"version\":1,\"value\":4}]}");
        var good = await Run("", "run", file, "--state", state);
        Assert.Equal((0, "ran 5\n", ""), (good.Code, good.Out, good.Err));
    }

    [Fact]
    public async Task AStateFileThatCannotBeWrittenIsReportedAndTheProgramRunsOn()
    {
        var file = Write("app.ai", "(define-stateful visits :version 1 :state 0)\n(define (main) (println \"visits\" (swap! visits inc)))");
        var state = Path.Combine(_dir, "no-such-folder", "state.json");

        var (code, output, err) = await Run("", "run", file, "--state", state);
        Assert.Equal((0, "visits 1\n"), (code, output));

        // Reported once, though the write after the load and the last one (and any tick between) failed the same way.
        Assert.Equal(
            $"fluentai: could not write the state file {state}:\nstate not saved (retried at the next flush): Could not find a part of the path '{state}.tmp'.\n",
            err);
    }

    [Fact]
    public async Task AuditOptionWritesTheLoadEvent()
    {
        var file = Write("au.ai", "(define x 1)");
        var audit = Path.Combine(_dir, "audit.jsonl");
        Assert.Equal(0, (await Run("", "run", file, "--audit", audit)).Code);
        Assert.Contains("\"event\":\"load\"", File.ReadAllText(audit), StringComparison.Ordinal);
    }
}
