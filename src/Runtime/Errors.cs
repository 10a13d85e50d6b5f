using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>The runtime's error messages, in one place.</summary>
public static class Errors
{
    /// <summary>An integer operation left the 64-bit range.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException Overflow(string op, long a, long b) =>
        new(ErrorCodes.IntegerOverflow, $"integer overflow in ({op} {a} {b})");

    /// <summary>
    /// Throws <see cref="Overflow(string, long, long)"/>: the inlined integer operations call it, so the
    /// code every call site gets inlined is one call, not the exception's construction and a throw.
    /// </summary>
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowOverflow(string op, long a, long b) => throw Overflow(op, a, b);

    /// <summary>An arithmetic operation got something that is not a number.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException NotNumber(string op, object? value) =>
        new(ErrorCodes.TypeMismatch, $"{op} expects numbers, got {Describe(value)}");

    /// <summary>A function got an argument of the wrong type.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException WrongType(string function, string expected, object? value) =>
        new(ErrorCodes.TypeMismatch, $"{function} expects {expected}, got {Describe(value)}");

    /// <summary>Division by zero.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException DivideByZero(string op) => new(ErrorCodes.DivideByZero, $"division by zero in {op}");

    /// <summary>A call of something that is not a function.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException NotCallable(object? value) =>
        new(ErrorCodes.NotCallable, $"cannot call a non-function: {Describe(value)}");

    /// <summary>No clause of a <c>match</c> matched. Compiled code no longer raises it (such a match gives nil, as in FluentAI's reference); kept for code compiled before.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException NoMatch(object? value) => new(ErrorCodes.MatchFailed, $"no pattern matched {Describe(value)}");

    /// <summary>A one-operand integer operation (<c>abs</c>, <c>inc</c>, <c>dec</c>) left the 64-bit range.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException Overflow(string op, long a) =>
        new(ErrorCodes.IntegerOverflow, $"integer overflow in ({op} {a})");

    /// <summary>An index outside a list or string.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException IndexOutOfRange(string function, long index, string what, int length) =>
        new(ErrorCodes.IndexOutOfRange, $"{function}: index {index} is out of range for {what} of length {length}");

    /// <summary>An argument of the right type but an unusable value (a zero step, an odd key/value count).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException BadArgument(string function, string problem) =>
        new(ErrorCodes.RuntimeError, $"{function}: {problem}");

    /// <summary>A call with a number of arguments the function does not take.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException WrongArity(string function, string expected, int given) =>
        new(ErrorCodes.WrongArity, $"wrong number of arguments to {function}: expected {expected}, got {given}");

    /// <summary>A name that is not in the standard library.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static FluentAIException UnknownBuiltin(string name) =>
        new(ErrorCodes.UnknownName, $"unknown standard-library function: {name}");

    /// <summary><paramref name="form"/> (<c>receive</c>, <c>become</c>) called where no actor's handler runs.</summary>
    internal static string OutsideActor(string form) =>
        $"{form}: only an actor's handler can {(form == "become" ? "become a new state" : "receive")} (it works on the message the handler was called with), and this code is not running in one";

    /// <summary>
    /// FAI3015's message: the main flow's wait (<paramref name="function"/>) can never end, with
    /// <paramref name="others"/> other tasks of the program all blocked too.
    /// </summary>
    internal static string Deadlock(string function, int others)
    {
        var what = function switch
        {
            "recv!" => "recv! waits on a channel no task can send to",
            "send!" => "send! waits on a channel no task can receive from",
            "await" => "await waits on a promise no task can settle",
            "promise-all" or "promise-race" => function + " waits on promises no task can settle",
            "select" => "select waits on channels no task can send to or receive from",
            _ => function + " waits for something no task can do",
        };
        var tasks = others switch
        {
            0 => "no other task is running",
            1 => "the program's other task is waiting too",
            _ => $"the program's {others} other tasks are all waiting too",
        };
        return $"deadlock: {what} ({tasks}, and no timer is pending)";
    }

    /// <summary>The value and its type, for messages: <c>"a" (a string)</c>.</summary>
    public static string Describe(object? value)
    {
        var printed = Printer.Print(value);
        if (printed.Length > 80)
        {
            printed = printed[..77] + "...";
        }

        return $"{printed} ({TypeName(value)})";
    }

    /// <summary>The FluentAI name of a value's type.</summary>
    public static string TypeName(object? value) => value switch
    {
        null => "nil",
        bool => "a boolean",
        long => "an integer",
        double => "a float",
        string => "a string",
        Keyword => "a keyword",
        Symbol => "a symbol",
        FList => "a list",
        FMap => "a map",
        Fn => "a function",
        FChannel => "a channel",
        FPromise => "a promise",
        FActor => "an actor",
        _ => "a host object " + value.GetType().Name,
    };
}
