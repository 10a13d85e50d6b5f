using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary><see cref="PluginHost.Register(string, Fn)"/>: C# functions that modules import as <c>(import "host" (name))</c>.</summary>
public sealed class HostFunctionTests
{
    [Fact]
    public void AModuleCallsARegisteredHostFunction()
    {
        using var folder = new HostFolder();
        folder.Host.Register("twice", x => (long)x! * 2);
        folder.Host.Register("join", (a, b) => $"{a}-{b}");
        folder.Host.Register("sum", new LambdaN("sum", 0, isVariadic: true, args => args.Sum(a => (long)a!)));
        folder.Write("m.ai", "(import \"host\" (twice join sum))\n(define (f x) (join (twice x) (sum 1 2 3)))");

        Assert.Equal("42-6", folder.Host.Call("m.ai", "f", 21));
    }

    [Fact]
    public void RegisteringANameAgainIsSeenByCodeAlreadyLoaded()
    {
        using var folder = new HostFolder();
        folder.Host.Register("rate", _ => 5L);
        folder.Write("m.ai", "(import \"host\" (rate))\n(define (price n) (* n (rate n)))");
        var price = folder.Host.GetSlot("m.ai", "price");
        Assert.Equal(10L, price.Invoke(2));

        folder.Host.Register("rate", _ => 7L);

        Assert.Equal(14L, price.Invoke(2));
    }

    [Fact]
    public void ImportingAHostFunctionThatIsNotRegisteredFailsTheLoad()
    {
        using var folder = new HostFolder();
        folder.Host.Register("known", _ => 1L);
        folder.Write("m.ai", "(import \"host\" (unknown))\n(define (f) (unknown 1))");

        var e = Assert.Throws<ModuleLoadException>(() => folder.Host.Load("m.ai"));

        Assert.Contains(e.Diagnostics, d => d.IsError && d.Message.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public void AHostFunctionThatThrowsReachesTheCallerWithTheAiLocationOfTheCall()
    {
        using var folder = new HostFolder();
        folder.Host.Register("fail", _ => throw new InvalidOperationException("the host refused"));
        var file = folder.Write("m.ai", "(import \"host\" (fail))\n(define (f)\n  (fail 1))");

        var e = Assert.Throws<FluentAIException>(() => folder.Host.Call("m.ai", "f"));

        Assert.Equal("the host refused", e.Message);
        // A .NET exception is located through the stack's #line mappings, which are per generated
        // statement: the line of the call or of the form enclosing it (here the define on line 2).
        Assert.Equal(file, e.Location?.File);
        Assert.InRange(e.Location!.Value.Line, 2, 3);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }
}
