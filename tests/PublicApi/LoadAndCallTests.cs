namespace FluentAI.Plugins.PublicApi.Tests;

/// <summary>Loading a module and calling into it by name, through a slot, and through a typed proxy.</summary>
public sealed class LoadAndCallTests
{
    public interface IRequestHandler
    {
        string ProcessRequest(string path);

        long CountWords(string text);

        bool IsReady();
    }

    public interface IMissingHandler
    {
        string ProcessRequest(string path, string method);

        void Shutdown();
    }

    private const string Handlers = """
        (module handlers (export process-request count-words is-ready?))
        (define (process-request path) (str "200 " path))
        (define (count-words text) (length (string-split text " ")))
        (define (is-ready?) #t)
        """;

    [Fact]
    public void LoadRunsTheTopLevelFormsAndReturnsAHandleWithTheLastValue()
    {
        using var folder = new HostFolder();
        var file = folder.Write("math.ai", "(module math (export square))\n(define (square x) (* x x))\n(square 7)");

        var module = folder.Host.Load("math.ai");

        Assert.Equal((file, "math", 1L, (object?)49L), (module.Path, module.Name, module.Version, module.Result));
        var again = folder.Host.Load("math.ai");
        Assert.Equal((file, 1L), (again.Path, again.Version));
        Assert.Equal(1, folder.Host.VersionOf("math.ai"));
    }

    [Fact]
    public void CallTakesHostNumbersAndReturnsFluentValues()
    {
        using var folder = new HostFolder();
        folder.Write("math.ai", "(define (square x) (* x x))\n(define (half x) (/ x 2.0))");

        Assert.Equal(81L, folder.Host.Call("math.ai", "square", 9));
        Assert.Equal(81L, folder.Host.Call("math.ai", "square", 9L));
        Assert.Equal(1.25, folder.Host.Call("math.ai", "half", 2.5f));
    }

    [Fact]
    public void ASlotIsAFunctionValueThatConvertsHostArguments()
    {
        using var folder = new HostFolder();
        folder.Write("math.ai", "(define (add a b) (+ a b))\n(define limit 10)");

        var add = folder.Host.GetSlot("math.ai", "add");
        var limit = folder.Host.GetSlot("math.ai", "limit");

        Assert.Equal(("add", 2, 1L), (add.Name, add.Arity, add.Version));
        Assert.Equal(5L, add.Invoke(2, (short)3));
        Assert.Equal(7L, add.Apply([3, 4L]));
        Assert.Equal(10L, limit.Value);
        Assert.Null(limit.Target);
    }

    [Fact]
    public void ATypedProxyCallsTheFunctionsNamedByConvention()
    {
        using var folder = new HostFolder();
        folder.Write("handlers.ai", Handlers);

        var handler = folder.Host.As<IRequestHandler>("handlers.ai");

        Assert.Equal("200 /", handler.ProcessRequest("/"));
        Assert.Equal(3L, handler.CountWords("one two three"));
        Assert.True(handler.IsReady());
    }

    [Fact]
    public async Task ATypedProxyStaysValidAcrossAReload()
    {
        using var folder = new HostFolder();
        folder.Write("handlers.ai", Handlers);
        var handler = folder.Host.As<IRequestHandler>("handlers.ai");

        folder.Write("handlers.ai", Handlers.Replace("\"200 \"", "\"201 \"", StringComparison.Ordinal));
        var result = folder.Host.Reload("handlers.ai");

        Assert.Equal("201 /", handler.ProcessRequest("/"));
        Assert.All(await result.UnloadVerification, r => Assert.True(r.Unloaded, r.Holder));
    }

    [Fact]
    public void AProxyForFunctionsTheModuleDoesNotHaveFailsNamingEveryMethod()
    {
        using var folder = new HostFolder();
        folder.Write("handlers.ai", Handlers);

        var e = Assert.Throws<InvalidOperationException>(() => folder.Host.As<IMissingHandler>("handlers.ai"));

        Assert.Contains("IMissingHandler.ProcessRequest", e.Message, StringComparison.Ordinal);
        Assert.Contains("IMissingHandler.Shutdown", e.Message, StringComparison.Ordinal);
        Assert.Contains("shutdown", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => folder.Host.As<LoadAndCallTests>("handlers.ai"));
    }

    [Fact]
    public void AnErrorInsideTheModuleReachesTheHostAsFluentAIExceptionWithItsAiLocation()
    {
        using var folder = new HostFolder();
        var file = folder.Write("handlers.ai", "(define (process-request path)\n  (car path))\n(define (count-words text) 0)\n(define (is-ready?) #t)");
        var handler = folder.Host.As<IRequestHandler>("handlers.ai");

        var errors = new[]
        {
            Assert.Throws<FluentAIException>(() => folder.Host.Call("handlers.ai", "process-request", "/")),
            Assert.Throws<FluentAIException>(() => folder.Host.GetSlot("handlers.ai", "process-request").Invoke("/")),
            Assert.Throws<FluentAIException>(() => handler.ProcessRequest("/")),
        };

        Assert.All(errors, e =>
        {
            Assert.Equal(ErrorCodes.TypeMismatch, e.Code);
            Assert.Equal((file, 2, 3), (e.Location?.File, e.Location?.Line, e.Location?.Column));
            Assert.StartsWith($"{file}(2,3): error {ErrorCodes.TypeMismatch}: ", e.Render(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ANameTheModuleDoesNotDefineIsAFluentAIException()
    {
        using var folder = new HostFolder();
        folder.Write("m.ai", "(define x 1)");

        Assert.Equal(ErrorCodes.NotExported, Assert.Throws<FluentAIException>(() => folder.Host.GetSlot("m.ai", "y")).Code);
        Assert.Equal(ErrorCodes.NotCallable, Assert.Throws<FluentAIException>(() => folder.Host.Call("m.ai", "x")).Code);
        Assert.Null(folder.Host.GetSlotOrNull("m.ai", "y"));
    }
}
