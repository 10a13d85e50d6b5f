using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// Actors are tasks of the module version whose code created them: they stop when it is retired (after
/// the messages sent before), so a replaced version unloads; they are cancelled with a rejected load,
/// reported when they fail, and named when they keep a version loaded.
/// </summary>
public sealed class ActorReloadTests
{
    /// <summary>Bounded only so a regression fails instead of hanging.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private const string Counter = """
        (define counter
          (actor 0 (lambda (n msg)
            (receive
              ((add k) (+ n k))
              ((get ch) (do (send! ch n) n))))))
        (define (add! k) (! counter [:add k]))
        (define (count) (let ((ch (chan))) (! counter [:get ch]) (recv! ch)))
        (define (the-actor) counter)
        """;

    [Fact]
    public async Task AReplacedVersionWithAnActorUnloadsAndItsActorStops()
    {
        using var folder = new ModuleFolder();
        folder.Write("c.ai", Counter);
        folder.Host.Load("c.ai");
        folder.Host.Call("c.ai", "add!", 2L);
        folder.Host.Call("c.ai", "add!", 3L);
        Assert.Equal(5L, folder.Host.Call("c.ai", "count"));
        var old = (FActor)folder.Host.Call("c.ai", "the-actor")!;

        folder.Write("c.ai", Counter + ";; version 2");
        var result = folder.Host.Reload("c.ai");

        // The host holds the old actor, and still the old version unloads: a stopped actor holds nothing of it.
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
        await old.Completion.WaitAsync(Patience);
        Assert.False(old.IsRunning);
        Assert.Equal($"#<actor:{old.Number} stopped>", Printer.Print(old));
        Assert.Null(Builtins.Tell(old, Values.FList.Of(Keyword.Intern("add"), 1L)));

        // The new version's top-level forms started an actor of their own, with its initial state.
        Assert.Equal(0L, folder.Host.Call("c.ai", "count"));
        Assert.True(((FActor)folder.Host.Call("c.ai", "the-actor")!).IsRunning);
    }

    [Fact]
    public async Task AReplacedVersionsActorHandlesWhatWasSentBeforeThenStops()
    {
        using var folder = new ModuleFolder();
        var seen = new List<object?>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Host.Register("seen!", v =>
        {
            lock (seen)
            {
                seen.Add(v);
                if (seen.Count == 3)
                {
                    done.TrySetResult();
                }
            }

            return null;
        });
        folder.Write("w.ai", """
            (import "host" (seen!))
            (define gate (chan))
            (define worker (actor nil (lambda (_ msg) (recv! gate) (seen! msg))))
            (define (post! v) (! worker v))
            (define (open!) (send! gate 1) (send! gate 1) (send! gate 1))
            (define (the-actor) worker)
            """);
        folder.Host.Load("w.ai");
        var old = (FActor)folder.Host.Call("w.ai", "the-actor")!;
        var v1 = folder.Host.Graph.Find(folder.Host.FullPath("w.ai"))!.Current!.Context;

        // Three messages wait behind the closed gate when the version is replaced.
        folder.Host.Call("w.ai", "post!", 1L);
        folder.Host.Call("w.ai", "post!", 2L);
        folder.Host.Call("w.ai", "post!", 3L);
        var open = OpenOf(folder.Host, "w.ai");
        folder.Write("w.ai", "(define (post! v) nil)");
        folder.Host.Reload("w.ai");

        // Retired: it takes nothing new, and it handles what was sent before it stops.
        Assert.Null(Builtins.Tell(old, 4L));
        open.Invoke();
        open = null;
        await done.Task.WaitAsync(Patience);
        await old.Completion.WaitAsync(Patience);
        lock (seen)
        {
            Assert.Equal([1L, 2L, 3L], seen);
        }

        // The reload's own check may have run while the actor was still handling them; once it has stopped, v1 unloads.
        var report = Assert.Single(await Task.Run(() => Unloading.UnloadVerifier.Verify([new Unloading.UnloadTarget(folder.Host.FullPath("w.ai"), 1, v1, () => null)])));
        Assert.True(report.Unloaded);
    }

    [Fact]
    public async Task AnActorWhoseHandlerNeverReturnsIsNamedAsWhatKeepsItsVersionLoaded()
    {
        using var folder = new ModuleFolder();
        folder.Write("s.ai", """
            (define gate (chan))
            (define stuck (actor nil (lambda (_ msg) (recv! gate))))
            (define (poke!) (! stuck 1))
            (define (release!) (send! gate 1))
            """);
        folder.Host.Load("s.ai");
        folder.Host.Call("s.ai", "poke!");
        var release = OpenOf(folder.Host, "s.ai", "release!");

        folder.Write("s.ai", "(define (poke!) nil)");
        var result = folder.Host.Reload("s.ai");
        var report = Assert.Single(await result.UnloadVerification);
        Assert.False(report.Unloaded);
        Assert.StartsWith("1 actor it started still running", report.Holder, StringComparison.Ordinal);

        // Once its handler returns, the retired actor stops (its mailbox was closed) and lets the version go.
        release.Invoke();
    }

    [Fact]
    public async Task AFailingHandlerIsATaskFailedEventWithItsAiLocation()
    {
        using var folder = new ModuleFolder();
        var failed = new TaskCompletionSource<HostEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        folder.Host.Events += (_, e) =>
        {
            if (e.Event == "task-failed")
            {
                failed.TrySetResult(e);
            }
        };
        folder.Write("a.ai", "(define picky (actor 0 (lambda (n msg)\n  (car msg))))\n(define (poke! v) (! picky v))\n(define (the-actor) picky)");
        folder.Host.Load("a.ai");
        var actor = (FActor)folder.Host.Call("a.ai", "the-actor")!;
        Assert.Null(folder.Host.Call("a.ai", "poke!", 5L));

        var e = await failed.Task.WaitAsync(Patience);
        Assert.Equal((folder.Host.FullPath("a.ai"), 1L, false), (e.Module, e.FromVersion!.Value, e.Ok));
        Assert.Equal($"actor #<actor:{actor.Number}>", e.Detail);
        var at = e.Exception!.Location!.Value;
        Assert.Equal((2, 3), (at.Line, at.Column));
        Assert.Equal($"{at.File}(2,3): error FAI3005: car expects a list, got 5 (an integer)", e.Error);

        // It stopped: later messages are dropped, and the version is free to go at the next reload.
        await actor.Completion.WaitAsync(Patience);
        Assert.Equal($"#<actor:{actor.Number} failed>", Printer.Print(actor));
        folder.Write("a.ai", "(define (poke! v) nil)");
        var result = folder.Host.Reload("a.ai");
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public async Task ARejectedLoadStopsTheActorsItsTopLevelFormsStarted()
    {
        using var folder = new ModuleFolder();
        var kept = new List<(FActor Actor, WeakReference Context)>();
        folder.Host.Register("keep!", actor =>
        {
            kept.Add(((FActor)actor!, CallingModuleContext()));
            return null;
        });
        folder.Write("r.ai", "(define (ok) 1)");
        folder.Host.Load("r.ai");

        // The new version starts an actor as it loads, then a top-level form fails: the actor is cancelled
        // with the rest of the version, and the version unloads.
        folder.Write("r.ai", "(import \"host\" (keep!))\n(define a (actor 0 (lambda (n m) n)))\n(keep! a)\n(define (ok) 2)\n(car 5)");
        Assert.Throws<ModuleLoadException>(() => folder.Host.Reload("r.ai"));
        var (actor, context) = Assert.Single(kept);
        kept.Clear();
        await actor.Completion.WaitAsync(Patience);
        Assert.Equal($"#<actor:{actor.Number} stopped>", Printer.Print(actor));
        Assert.Null(Builtins.Tell(actor, 1L));
        Assert.Equal(1L, folder.Host.Call("r.ai", "ok"));
        var report = Assert.Single(await Task.Run(() => Unloading.UnloadVerifier.Verify([new Unloading.UnloadTarget(folder.Host.FullPath("r.ai"), 2, context, () => null)])));
        Assert.True(report.Unloaded);
    }

    [Fact]
    public async Task StateAReloadMustKeepLivesInDefineStatefulNotInTheActor()
    {
        const string Source = """
            (define-stateful hits :version 1 :state 0)
            (define counter (actor 0 (lambda (own msg)
              (receive
                (:hit (swap! hits inc) (+ own 1))
                ((read ch) (send! ch [own (deref hits)]) own)))))
            (define (hit!) (! counter :hit))
            (define (read) (let ((ch (chan))) (! counter [:read ch]) (recv! ch)))
            """;
        using var folder = new ModuleFolder();
        folder.Write("h.ai", Source);
        folder.Host.Load("h.ai");
        folder.Host.Call("h.ai", "hit!");
        folder.Host.Call("h.ai", "hit!");
        Assert.Equal("(2 2)", Printer.Print(folder.Host.Call("h.ai", "read")));

        folder.Write("h.ai", Source + ";; version 2");
        var result = folder.Host.Reload("h.ai");
        folder.Host.Call("h.ai", "hit!");

        // The new version's actor starts from its initial state; the cell kept its count.
        Assert.Equal("(1 3)", Printer.Print(folder.Host.Call("h.ai", "read")));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void AnActorDefinedAtTheReplKeepsRunningThroughLaterInputs()
    {
        using var folder = new ModuleFolder();
        var repl = new ReplSession(folder.Host);
        repl.Evaluate("(define c (actor 0 (lambda (n m) (if (channel? m) (do (send! m n) n) (+ n m)))))");
        repl.Evaluate("(! c 5)");
        repl.Evaluate("(! c 6)");
        Assert.Equal(11L, repl.Evaluate("(let ((ch (chan))) (! c ch) (recv! ch))").Value);
    }

    /// <summary>A weak reference to the one module context on the calling stack.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CallingModuleContext()
    {
        foreach (var frame in new System.Diagnostics.StackTrace().GetFrames())
        {
            if (frame.GetMethod()?.DeclaringType?.Assembly is { IsCollectible: true } assembly)
            {
                return new WeakReference(AssemblyLoadContext.GetLoadContext(assembly));
            }
        }

        throw new InvalidOperationException("no module code on the stack");
    }

    /// <summary>The current target of <paramref name="name"/>, with the host's slot released (the host holds nothing of it then).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Fn OpenOf(PluginHost host, string file, string name = "open!")
    {
        var slot = host.GetSlot(file, name);
        var target = slot.Target!;
        host.Release(slot);
        return target;
    }
}
