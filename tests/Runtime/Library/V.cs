using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime.Tests.Library;

/// <summary>Short constructors for FluentAI values, so test tables read like FluentAI.</summary>
internal static class V
{
    public static FList L(params object?[] items) => FList.Of(items);

    public static FMap M(params object?[] keysAndValues) => FMap.Of(keysAndValues);

    public static Keyword K(string name) => Keyword.Intern(name);

    public static string P(object? value) => Printer.Print(value);

    public static Fn F1(Func<object?, object?> body) => new Lambda1("f", body);

    public static Fn F2(Func<object?, object?, object?> body) => new Lambda2("f", body);

    /// <summary>Runs a call that must fail with a FluentAI error, and returns the error.</summary>
    public static FluentAIException Fails(Func<object?> call) => Assert.Throws<FluentAIException>(() => call());

    /// <summary>Asserts a wrong-type error (FAI3005) whose message starts with the function's name.</summary>
    public static void FailsWithWrongType(string function, Func<object?> call)
    {
        var e = Fails(call);
        Assert.Equal(ErrorCodes.TypeMismatch, e.Code);
        Assert.StartsWith(function + " expects ", e.Message, StringComparison.Ordinal);
    }
}
