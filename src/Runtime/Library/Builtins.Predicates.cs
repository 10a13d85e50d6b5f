using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Type tests never fail; number tests (even?, zero?, ...) need a number of the right kind.
public static partial class Builtins
{
    /// <summary><c>(nil? x)</c>.</summary>
    [Builtin("nil?")]
    public static object? IsNil(object? x) => Boxes.Bool(x is null);

    /// <summary><c>(number? x)</c>: true for integers and floats.</summary>
    [Builtin("number?")]
    public static object? IsNumber(object? x) => Boxes.Bool(x is long or double);

    /// <summary><c>(integer? x)</c>.</summary>
    [Builtin("integer?")]
    [Builtin("int?")]
    public static object? IsInteger(object? x) => Boxes.Bool(x is long);

    /// <summary><c>(float? x)</c>.</summary>
    [Builtin("float?")]
    public static object? IsFloat(object? x) => Boxes.Bool(x is double);

    /// <summary><c>(string? x)</c>.</summary>
    [Builtin("string?")]
    public static object? IsString(object? x) => Boxes.Bool(x is string);

    /// <summary><c>(list? x)</c>.</summary>
    [Builtin("list?")]
    public static object? IsList(object? x) => Boxes.Bool(x is FList);

    /// <summary><c>(map? x)</c>.</summary>
    [Builtin("map?")]
    public static object? IsMap(object? x) => Boxes.Bool(x is FMap);

    /// <summary><c>(keyword? x)</c>.</summary>
    [Builtin("keyword?")]
    public static object? IsKeyword(object? x) => Boxes.Bool(x is Keyword);

    /// <summary><c>(symbol? x)</c>.</summary>
    [Builtin("symbol?")]
    public static object? IsSymbol(object? x) => Boxes.Bool(x is Symbol);

    /// <summary><c>(fn? x)</c>: true for functions.</summary>
    [Builtin("fn?")]
    [Builtin("function?")]
    public static object? IsFn(object? x) => Boxes.Bool(x is Fn);

    /// <summary><c>(boolean? x)</c>.</summary>
    [Builtin("boolean?")]
    [Builtin("bool?")]
    public static object? IsBoolean(object? x) => Boxes.Bool(x is bool);

    /// <summary><c>(even? n)</c> for an integer n.</summary>
    [Builtin("even?")]
    public static object? IsEven(object? n) => Boxes.Bool((IntArg("even?", n) & 1) == 0);

    /// <summary><c>(odd? n)</c> for an integer n.</summary>
    [Builtin("odd?")]
    public static object? IsOdd(object? n) => Boxes.Bool((IntArg("odd?", n) & 1) != 0);

    /// <summary><c>(zero? n)</c>.</summary>
    [Builtin("zero?")]
    public static object? IsZero(object? n) => n switch
    {
        long l => Boxes.Bool(l == 0),
        double d => Boxes.Bool(d == 0),
        _ => throw Errors.WrongType("zero?", "a number", n),
    };

    /// <summary><c>(pos? n)</c>: true when n is greater than zero.</summary>
    [Builtin("pos?")]
    public static object? IsPositive(object? n) => n switch
    {
        long l => Boxes.Bool(l > 0),
        double d => Boxes.Bool(d > 0),
        _ => throw Errors.WrongType("pos?", "a number", n),
    };

    /// <summary><c>(neg? n)</c>: true when n is less than zero.</summary>
    [Builtin("neg?")]
    public static object? IsNegative(object? n) => n switch
    {
        long l => Boxes.Bool(l < 0),
        double d => Boxes.Bool(d < 0),
        _ => throw Errors.WrongType("neg?", "a number", n),
    };

    /// <summary><c>(xor a b)</c>: true when exactly one of a and b is truthy.</summary>
    [Builtin("xor")]
    public static object? Xor(object? a, object? b) => Boxes.Bool(Ops.Truthy(a) != Ops.Truthy(b));
}
