using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary><c>set!</c> as a host sees it: closures that keep state between calls, globals, reloads and threads.</summary>
public sealed class AssignmentTests
{
    private const string Counter = """
        (define count 0)
        (define (bump) (set! count (+ count 1)) count)
        (define next-id (let ((n 0)) (lambda () (set! n (+ n 1)) n)))
        (define box (let ((v :empty)) [(lambda (x) (set! v x)) (lambda () v)]))
        (define (put x) ((first box) x))
        (define (peek) ((nth box 1)))
        """;

    [Fact]
    public void AClosureThatAssignsItsCapturedLocalKeepsOneBindingAcrossHostCalls()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", Counter);
        folder.Host.Load("m.ai");
        var next = folder.Host.GetSlot("m.ai", "next-id");

        Assert.Equal([1L, 2L, 3L], new[] { next.Invoke(), next.Invoke(), folder.Host.Call("m.ai", "next-id") });
    }

    [Fact]
    public void TwoClosuresOverOneLocalSeeEachOthersWrites()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", Counter);
        folder.Host.Load("m.ai");

        Assert.Equal("empty", Assert.IsType<Values.Keyword>(folder.Host.Call("m.ai", "peek")).Name);
        Assert.Null(folder.Host.Call("m.ai", "put", 42L));
        Assert.Equal(42L, folder.Host.Call("m.ai", "peek"));
    }

    [Fact]
    public async Task AReloadRunsAGlobalsDefinitionAgainAndTheReplacedContextUnloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", Counter);
        folder.Host.Load("m.ai");
        var bump = folder.Host.GetSlot("m.ai", "bump");
        Assert.Equal([1L, 2L, 3L], new[] { bump.Invoke(), bump.Invoke(), bump.Invoke() });

        // The same text: a new version all the same (from the compile cache), whose (define count 0) runs again.
        var same = folder.Host.Reload("m.ai");
        Assert.Equal(1L, bump.Invoke());
        Assert.Equal(1L, folder.Host.Call("m.ai", "next-id"));

        folder.Write("m.ai", Counter.Replace("(define count 0)", "(define count 100)", StringComparison.Ordinal));
        var changed = folder.Host.Reload("m.ai");
        Assert.Equal(101L, bump.Invoke());
        Assert.Equal(3, folder.Host.VersionOf("m.ai"));

        var unloads = (await same.UnloadVerification).Concat(await changed.UnloadVerification).ToList();
        Assert.Equal(2, unloads.Count);
        Assert.All(unloads, r => Assert.True(r.Unloaded, $"{r.Module} v{r.Version} stayed alive: {r.Holder}"));
    }

    [Fact]
    public void AnImporterSeesTheValueAnExportedGlobalsDefinitionGave()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", Counter);
        folder.Write("app.ai", "(import \"m\" (count bump))\n(define (read) [count (bump) (bump) count])");
        folder.Host.Load("app.ai");

        // The module's own code sees every set!; an import is the value published when the module was loaded.
        Assert.Equal("(0 1 2 0)", Values.Printer.Print(folder.Host.Call("app.ai", "read")));
        Assert.Equal(0L, folder.Host.GetSlot("m.ai", "count").Value);
    }

    [Fact]
    public void ThreadsAssigningAGlobalAtOnceLeaveOneWholeValueThatEveryThreadThenReads()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", "(define latest nil)\n(define (put! x) (set! latest x) x)\n(define (latest-value) latest)");
        folder.Host.Load("m.ai");
        var put = folder.Host.GetSlot("m.ai", "put!");
        var written = Enumerable.Range(0, 64).Select(i => Values.FList.Of((long)i, "value " + i)).ToList();

        Parallel.ForEach(written, new ParallelOptions { MaxDegreeOfParallelism = 4 }, v => put.Invoke(v));

        var last = folder.Host.Call("m.ai", "latest-value");
        Assert.Contains(written, v => ReferenceEquals(v, last));
        var reads = new object?[4];
        Parallel.For(0, reads.Length, i => reads[i] = folder.Host.Call("m.ai", "latest-value"));
        Assert.All(reads, r => Assert.Same(last, r));
    }

    [Fact]
    public void ASetOfAnImportIsACompileErrorAtTheNameAndNothingLoads()
    {
        using var folder = new ModuleFolder();
        folder.Write("m.ai", Counter);
        var app = folder.Write("app.ai", "(import \"m\" (count))\n(define (reset) (set! count 0))");

        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("app.ai"));

        var error = Assert.Single(e.Diagnostics);
        Assert.Equal(new Diagnostic(DiagnosticSeverity.Error, ErrorCodes.AssignNotAllowed, "set! of 'count', which is imported from 'm': an import is another module's binding, and only that module can change it", error.Span), error);
        Assert.Equal((app, 2, 23), (error.Span.File, error.Span.Line, error.Span.Column));
    }
}
