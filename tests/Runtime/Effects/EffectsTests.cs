using FluentAI.Plugins.Runtime.Tests.Library;
using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Effects;

[Collection(nameof(GlobalStateCollection))]
public sealed class EffectsTests
{
    private static Fn Thunk(Func<object?> body) => new Lambda0("handler", body);

    private static object? Perform(string type, string op, params object?[] args) => Runtime.Effects.Perform(type, op, FList.Of(args));

    [Fact]
    public void StateSetAndGetUseTheDefaultStore()
    {
        var key = "test-" + Guid.NewGuid();
        Assert.Equal(10L, Perform("state", "set", key, 10L));
        Assert.Equal(10L, Perform("state", "get", key));
        Assert.Equal(11L, Perform("state", "update", key, F1(x => (long)x! + 1)));
        Assert.Equal(11L, Perform("state", "delete", key));
        Assert.Null(Perform("state", "get", key));
        Assert.Equal("none", Perform("state", "get", key, "none"));
    }

    [Fact]
    public void ATypeHandlerTakesEveryOperationOfItsType()
    {
        var result = Runtime.Effects.Handle(
            M("io", F1(_ => 10L), "error", F1(_ => 20L)),
            Thunk(() => (long)Perform("io", "print")! + (long)Perform("error", "raise", "test")!));
        Assert.Equal(30L, result);
    }

    [Fact]
    public void AnOperationHandlerReceivesTheArgumentsAndMissingOnesAreNil()
    {
        var seen = new List<object?>();
        Runtime.Effects.Handle(
            M("io:print", F2((a, b) =>
            {
                seen.Add(a);
                seen.Add(b);
                return null;
            })),
            Thunk(() => Perform("io", "print", "x")));
        Assert.Equal(["x", null], seen);
    }

    [Fact]
    public void ATypeHandlerReceivesTheOperationNameThenTheArguments()
    {
        var all = new LambdaN("f", 1, isVariadic: true, args => FList.Of(args));
        var result = Runtime.Effects.Handle(M("io", all), Thunk(() => Perform("io", "print", "x", 1L)));
        Assert.Equal(L("print", "x", 1L), result);
    }

    [Fact]
    public void ATypeHandlerTakingFewerParametersGetsTheFirstOnes()
    {
        Assert.Equal("raise", Runtime.Effects.Handle(M("error", F1(e => e)), Thunk(() => Perform("error", "raise", "bad"))));
        Assert.Equal(L("set", "k"), Runtime.Effects.Handle(M("state", F2((op, k) => L(op, k))), Thunk(() => Perform("state", "set", "k", 1L))));
    }

    [Fact]
    public void AnOperationHandlerGivenTooManyArgumentsIsAnArityError() =>
        Assert.Equal(
            ErrorCodes.WrongArity,
            Fails(() => Runtime.Effects.Handle(M("io:print", F1(x => x)), Thunk(() => Perform("io", "print", "a", "b")))).Code);

    [Fact]
    public void AnOperationHandlerWinsOverATypeHandlerOfTheSameForm()
    {
        var result = Runtime.Effects.Handle(
            M("io", F1(_ => "type"), "io:print", F1(_ => "op")),
            Thunk(() => L(Perform("io", "print", 1L), Perform("io", "println", 1L))));
        Assert.Equal(L("op", "type"), result);
    }

    [Fact]
    public void TheInnermostHandlerRunsAndCanDelegateOutwards()
    {
        var result = Runtime.Effects.Handle(
            M("io", F2((op, x) => "outer " + op + " " + x)),
            Thunk(() => Runtime.Effects.Handle(
                M(K("io:println"), F1(x => "inner " + Perform("io", "println", x))),
                Thunk(() => Perform("io", "println", "v")))));
        Assert.Equal("inner outer println v", result);
    }

    [Fact]
    public void HandlersEndWithTheirBody()
    {
        Runtime.Effects.Handle(M("io", F1(_ => null)), Thunk(() =>
        {
            Assert.True(Runtime.Effects.IsHandled("io", "print"));
            return null;
        }));
        Assert.False(Runtime.Effects.IsHandled("io", "print"));
        Assert.Throws<FluentAIThrow>(() => Runtime.Effects.Handle(M("io", F1(_ => null)), Thunk(() => throw new FluentAIThrow(1L))));
        Assert.False(Runtime.Effects.IsHandled("io", "print"));
    }

    [Fact]
    public void HandlersFlowIntoTasksStartedInTheirBody()
    {
        var result = Runtime.Effects.Handle(
            M("state", F1(_ => 99L)),
            Thunk(() => Builtins.Await(Runtime.Concurrency.Async(Thunk(() => Perform("state", "get", "q"))))));
        Assert.Equal(99L, result);
    }

    [Fact]
    public void AnUnhandledRaiseThrowsTheRaisedValue()
    {
        var e = Assert.Throws<RaisedError>(() => Perform("error", "raise", M(K("code"), 1L)));
        Assert.Equal(M(K("code"), 1L), Rt.CatchValue(e));
        Assert.Equal("unhandled error:raise: {:code 1}", e.Message);
    }

    [Fact]
    public void AnOperationWithoutHandlerOrDefaultIsAnUnhandledEffectError()
    {
        var e = Fails(() => Perform("net", "get", "x"));
        Assert.Equal(ErrorCodes.UnhandledEffect, e.Code);
        Assert.Equal("unhandled effect net:get: no handler is installed for it and net has no default handler", e.Message);
        var op = Fails(() => Perform("io", "fly"));
        Assert.Equal("unhandled effect io:fly: no handler is installed for it and the io effect has no default for fly", op.Message);
    }

    [Fact]
    public void IoDefaultsWriteToFluentConsole()
    {
        var saved = FluentConsole.Out;
        var writer = new StringWriter();
        FluentConsole.Out = writer;
        try
        {
            Perform("io", "print", "a");
            Perform("io", "println", "b", 1L);
        }
        finally
        {
            FluentConsole.Out = saved;
        }

        Assert.Equal("ab 1\n", writer.ToString());
    }

    [Fact]
    public void TimeAndRandomDefaults()
    {
        Assert.IsType<long>(Perform("time", "now"));
        Assert.Null(Perform("time", "sleep", 1L));
        Assert.InRange((long)Perform("random", "int", 3L)!, 0L, 2L);
        Assert.InRange((long)Perform("random", "int", 5L, 7L)!, 5L, 6L);
        Assert.InRange((double)Perform("random", "float")!, 0.0, 1.0);
    }

    [Fact]
    public void DefaultsCheckTheirArguments()
    {
        Assert.Equal("wrong number of arguments to state:set: expected 2, got 1", Fails(() => Perform("state", "set", "k")).Message);
        Assert.Equal("state:update expects a function, got 1 (an integer)", Fails(() => Perform("state", "update", "k", 1L)).Message);
        Assert.Equal("random:int: the bound must be positive, got 0", Fails(() => Perform("random", "int", 0L)).Message);
        FailsWithWrongType("time:sleep", () => Perform("time", "sleep", "soon"));
    }

    [Fact]
    public void MalformedHandlersAreNamedErrors()
    {
        FailsWithWrongType("handler", () => Runtime.Effects.Handle(M("io", 1L), Thunk(() => null)));
        FailsWithWrongType("handler", () => Runtime.Effects.Handle(5L, Thunk(() => null)));
        FailsWithWrongType("handler", () => Runtime.Effects.Handle(M(), 1L));
        FailsWithWrongType("effect", () => Runtime.Effects.Perform(1L, "x", null));
    }
}
