namespace FluentAI.Plugins.Cli.Tests;

/// <summary>
/// <c>fluentai run</c> and <c>eval</c> end a program that can never go on with a located FAI3015 instead of
/// hanging; <c>run --watch</c>, where reloads may yet bring code that sends, never says so. Actors that fail say so.
/// </summary>
[Collection("console")]
public sealed class DeadlockTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fai-cli-tests", Guid.NewGuid().ToString("N"));

    public DeadlockTests()
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

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CommandLine.RunAsync(args, new StringReader(""), output, error);
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task EvalOfAProgramWaitingOnWhatNoTaskCanDoEndsWithTheLocatedDeadlock()
    {
        var file = Write("d.ai", "(define ch (chan))\n(define (wait-for-it)\n  (recv! ch))\n(wait-for-it)");
        var (code, output, err) = await Run("eval", file);
        Assert.Equal((1, ""), (code, output));
        Assert.Equal(
            $"{file}(3,3): error FAI3015: deadlock: recv! waits on a channel no task can send to (no other task is running, and no timer is pending)\n    (recv! ch))\n    ^\n",
            err);
    }

    [Fact]
    public async Task RunSaysSoWhenMainAndEveryTaskWait()
    {
        var file = Write("m.ai", "(define a (chan))\n(define b (chan))\n(define (main)\n  (spawn (send! b (recv! a)))\n  (await (async (recv! b))))");
        var (code, _, err) = await Run("run", file);
        Assert.Equal(1, code);
        Assert.StartsWith($"{file}(5,3): error FAI3015: deadlock: await waits on a promise no task can settle (the program's 2 other tasks are all waiting too, and no timer is pending)\n", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalOfAnExpressionIsWatchedToo()
    {
        var (code, _, err) = await Run("eval", "-e", "(send! (chan 0) 1)");
        Assert.Equal(1, code);
        Assert.Contains("error FAI3015: deadlock: send! waits on a channel no task can receive from", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgramThatGoesOnIsNeverToldItDeadlocked()
    {
        var file = Write("ok.ai", "(define ch (chan))\n(spawn (do (sleep 20) (send! ch :late)))\n(define c (actor 0 (lambda (n m) (if (channel? m) (do (send! m n) n) (+ n m)))))\n(! c 41)\n(! c 1)\n(define reply (chan))\n(! c reply)\n[(recv! ch) (recv! reply)]");
        Assert.Equal((0, "(:late 42)\n", ""), await Run("eval", file));
    }

    [Fact]
    public async Task AFailingActorIsReportedAndTheReplyItNeverSendsIsADeadlock()
    {
        var file = Write("a.ai", "(define picky (actor 0 (lambda (n msg)\n  (receive\n    ((get ch) (send! ch n))\n    (x (car x))))))\n(! picky 5)\n(define ch (chan))\n(! picky [:get ch])\n(recv! ch)");
        var (code, _, err) = await Run("eval", file);
        Assert.Equal(1, code);
        var lines = err.Split('\n');
        Assert.Equal("fluentai: actor #<actor:1> of a.ai failed and stopped:", lines[0]);
        Assert.StartsWith(file + "(", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("error FAI3005: car expects a list, got 5 (an integer)", lines[1], StringComparison.Ordinal);
        Assert.Contains($"{file}(8,1): error FAI3015: deadlock: recv! waits on a channel no task can send to (no other task is running, and no timer is pending)\n", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunWithWatchIsNeverToldItDeadlockedAndStopsWhenInterrupted()
    {
        var file = Write("w.ai", "(println \"started\")\n(recv! (chan))");
        using var output = new SeenWriter("started");
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => CommandLine.RunAsync(["run", file, "--watch"], new StringReader(""), output, error, stop.Token));
        await output.Seen.WaitAsync(TimeSpan.FromSeconds(60));

        // Watched, the wait would fail at once; here it waits (a save may bring code that sends) until Ctrl-C.
        Assert.NotSame(run, await Task.WhenAny(run, Task.Delay(300)));
        await stop.CancelAsync();
        Assert.Equal(130, await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith($"{file}(2,1): error FAI3014: interrupted", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("FAI3015", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A writer that says when <paramref name="text"/> has been written.</summary>
    private sealed class SeenWriter(string text) : StringWriter
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
}
