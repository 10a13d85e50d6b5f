using FluentAI.Plugins.Loader.Proxies;

namespace FluentAI.Plugins.Loader.Tests;

public interface IRequestHandler
{
    string ProcessRequest(string path);

    long Add(long a, int b);

    double Scale(double x);

    bool IsAdmin(string user);

    IReadOnlyDictionary<string, object?> Describe(string name);

    IReadOnlyList<string> Tags(IReadOnlyDictionary<string, long> counts);

    IReadOnlyDictionary<string, IReadOnlyList<long>> Totals(IReadOnlyList<long> amounts);

    void Touch();
}

public interface ICatalogReader
{
    string NameOf(IReadOnlyDictionary<string, object?> item);
}

public interface ITagger
{
    IReadOnlyList<string> Tags(string item);
}

public interface ICalendar
{
    DateTime Next(long days);

    long DaysUntil(DateTime when);

    IReadOnlyList<Guid> Ids();

    long Count(IReadOnlyList<DateTime> dates);

    IReadOnlyDictionary<long, string> ByNumber();

    long Fine(IReadOnlyList<long> xs);
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
        (define (tags counts) (keys counts))
        (define (totals amounts) {:all amounts :first (take 1 amounts)})
        (define (touch) nil)
        """;

    private const string Catalog = """
        (define (name-of item) (get item "name"))
        (define (tags item) (list item "light"))
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
        Assert.Equal(["b", "a"], proxy.Tags(new Dictionary<string, long> { ["b"] = 2, ["a"] = 1 }));
        var totals = proxy.Totals([5, 7]);
        Assert.Equal(["all", "first"], totals.Keys);
        Assert.Equal([5L, 7L], totals["all"]);
        Assert.Equal([5L], totals["first"]);
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
    public void TypesAProxyCannotConvertAreRefusedNamingTheMethodWhenTheProxyIsCreated()
    {
        using var folder = new ModuleFolder();
        folder.Write("calendar.ai", "(define (next d) d)\n(define (days-until w) 1)\n(define (ids) nil)\n(define (count ds) 0)\n(define (by-number) {})\n(define (fine xs) 0)");
        var e = Assert.Throws<InvalidOperationException>(() => folder.Host.As<ICalendar>("calendar.ai"));

        var problems = e.Message.Split(Environment.NewLine);
        Assert.Equal(
            [
                "ICalendar.ByNumber returns IReadOnlyDictionary<long, string>, which a proxy cannot convert a FluentAI value to",
                "ICalendar.Count takes 'dates' as IReadOnlyList<DateTime>, which a proxy cannot convert to a FluentAI value (declare it object to pass a host object)",
                "ICalendar.DaysUntil takes 'when' as DateTime, which a proxy cannot convert to a FluentAI value (declare it object to pass a host object)",
                "ICalendar.Ids returns IReadOnlyList<Guid>, which a proxy cannot convert a FluentAI value to",
                "ICalendar.Next returns DateTime, which a proxy cannot convert a FluentAI value to",
            ],
            problems);
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

    [Fact]
    public void AReadOnlyDictionaryParameterArrivesAsAMapWithStringKeys()
    {
        // Was an InvalidCastException: the dictionary's pairs were cast to DictionaryEntry.
        using var folder = new ModuleFolder();
        folder.Write("catalog.ai", Catalog);
        var proxy = folder.Host.As<ICatalogReader>("catalog.ai");

        Assert.Equal("lamp", proxy.NameOf(new Dictionary<string, object?> { ["name"] = "lamp", ["price"] = 12 }));
    }

    [Fact]
    public void AProxyMethodMayReturnAReadOnlyListOfStrings()
    {
        // Was refused by As<T>: "returns IReadOnlyList`1, which a proxy cannot convert to".
        using var folder = new ModuleFolder();
        folder.Write("catalog.ai", Catalog);
        var proxy = folder.Host.As<ITagger>("catalog.ai");

        Assert.Equal(["lamp", "light"], proxy.Tags("lamp"));
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
