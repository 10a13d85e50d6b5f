using FluentAI.Plugins.Loader.Proxies;

namespace FluentAI.Plugins.Loader.Tests;

public interface IRequestHandler
{
    string ProcessRequest(string path);

    long Add(long a, int b);

    double Scale(double x);

    bool IsAdmin(string user);

    IReadOnlyDictionary<string, object?> Describe(string name);

    void Touch();
}

public interface IMissingThings
{
    long NotThere(long x);

    long Add(long a);
}

public sealed class ProxyTests
{
    private const string Handlers = """
        (define (process-request path) (str "handled " path))
        (define (add a b) (+ a b))
        (define (scale x) (* x 2.5))
        (define (is-admin? user) (= user "root"))
        (define (describe name) {:name name :size 3})
        (define (touch) nil)
        """;

    [Fact]
    public void ProxyMapsMethodsToFunctionsByConventionAndConvertsValues()
    {
        using var folder = new ModuleFolder();
        folder.Write("handlers.ai", Handlers);
        var proxy = folder.Host.As<IRequestHandler>("handlers.ai");

        Assert.Equal("handled /users", proxy.ProcessRequest("/users"));
        Assert.Equal(5L, proxy.Add(2, 3));
        Assert.Equal(5.0, proxy.Scale(2.0));
        Assert.True(proxy.IsAdmin("root"));
        Assert.Equal(3L, proxy.Describe("x")["size"]);
        proxy.Touch();
    }

    [Fact]
    public async Task ProxyStaysValidAcrossReloads()
    {
        using var folder = new ModuleFolder();
        folder.Write("handlers.ai", Handlers);
        var proxy = folder.Host.As<IRequestHandler>("handlers.ai");
        Assert.Equal("handled /a", proxy.ProcessRequest("/a"));

        folder.Write("handlers.ai", Handlers.Replace("(str \"handled \" path)", "(str \"v2 \" path)", StringComparison.Ordinal));
        var result = folder.Host.Reload("handlers.ai");

        Assert.Equal("v2 /a", proxy.ProcessRequest("/a"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void MissingFunctionOrWrongArityFailsWhenTheProxyIsCreated()
    {
        using var folder = new ModuleFolder();
        folder.Write("handlers.ai", Handlers);
        var e = Assert.Throws<InvalidOperationException>(() => folder.Host.As<IMissingThings>("handlers.ai"));
        Assert.Contains("IMissingThings.NotThere needs a function 'not-there'", e.Message, StringComparison.Ordinal);
        Assert.Contains("IMissingThings.Add takes 1 argument(s) but (add ...) takes 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AResultOfTheWrongTypeIsAClearError()
    {
        using var folder = new ModuleFolder();
        folder.Write("handlers.ai", Handlers.Replace("(str \"handled \" path)", "42", StringComparison.Ordinal));
        var proxy = folder.Host.As<IRequestHandler>("handlers.ai");
        var e = Assert.Throws<FluentAIException>(() => proxy.ProcessRequest("/"));
        Assert.Contains("process-request returned 42 (an integer), but the interface expects a string", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ProcessRequest", "process-request")]
    [InlineData("Add", "add")]
    [InlineData("GetHTTPStatus", "get-http-status")]
    [InlineData("ToV2", "to-v2")]
    public void MethodNamesMapToKebabCase(string method, string fluent) => Assert.Equal(fluent, ProxyGenerator.FluentName(method));

    [Fact]
    public void ProxySourceMatchesTheApprovedSnapshot() =>
        Snapshot.Verify("IRequestHandler.proxy", ProxyGenerator.GenerateSource(typeof(IRequestHandler)));
}
