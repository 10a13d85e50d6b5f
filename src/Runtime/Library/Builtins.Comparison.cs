namespace FluentAI.Plugins.Runtime;

// Equality is value equality (1 = 1.0, lists and maps structurally); ordering is numeric and chained.
public static partial class Builtins
{
    /// <summary><c>(= x)</c> is true.</summary>
    [Builtin("=")]
#pragma warning disable IDE0060 // The parameter gives the builtin its arity of one.
    public static object? Equal(object? a) => Boxes.True;
#pragma warning restore IDE0060

    /// <summary><c>(= a b)</c>: value equality.</summary>
    [Builtin("=")]
    public static object? Equal(object? a, object? b) => Boxes.Bool(Ops.Eq(a, b));

    /// <summary><c>(= a b c ...)</c>: true when all arguments are equal.</summary>
    [Builtin("=")]
    public static object? Equal(object? a, params object?[] rest) => Boxes.Bool(AllEqual(a, Spread(rest)));

    /// <summary><c>(!= x)</c> is false.</summary>
    [Builtin("!=")]
    [Builtin("not=")]
#pragma warning disable IDE0060 // The parameter gives the builtin its arity of one.
    public static object? NotEqual(object? a) => Boxes.False;
#pragma warning restore IDE0060

    /// <summary><c>(!= a b)</c>: true when a and b differ.</summary>
    [Builtin("!=")]
    [Builtin("not=")]
    public static object? NotEqual(object? a, object? b) => Boxes.Bool(!Ops.Eq(a, b));

    /// <summary><c>(!= a b c ...)</c>: <c>(not (= a b c ...))</c>.</summary>
    [Builtin("!=")]
    [Builtin("not=")]
    public static object? NotEqual(object? a, params object?[] rest) => Boxes.Bool(!AllEqual(a, Spread(rest)));

    /// <summary><c>(&lt; x)</c> is true for a number.</summary>
    [Builtin("<")]
    public static object? Less(object? a) => CheckedTrue("<", a);

    /// <summary><c>(&lt; a b)</c>.</summary>
    [Builtin("<")]
    public static object? Less(object? a, object? b) => Boxes.Bool(Ops.Lt(a, b));

    /// <summary><c>(&lt; a b c ...)</c>: true when the arguments strictly increase.</summary>
    [Builtin("<")]
    public static object? Less(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var prev = a;
        foreach (var x in rest)
        {
            if (!Ops.Lt(prev, x))
            {
                return Boxes.False;
            }

            prev = x;
        }

        return CheckedTrue("<", a);
    }

    /// <summary><c>(&lt;= x)</c> is true for a number.</summary>
    [Builtin("<=")]
    public static object? LessOrEqual(object? a) => CheckedTrue("<=", a);

    /// <summary><c>(&lt;= a b)</c>.</summary>
    [Builtin("<=")]
    public static object? LessOrEqual(object? a, object? b) => Boxes.Bool(Ops.Le(a, b));

    /// <summary><c>(&lt;= a b c ...)</c>: true when the arguments never decrease.</summary>
    [Builtin("<=")]
    public static object? LessOrEqual(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var prev = a;
        foreach (var x in rest)
        {
            if (!Ops.Le(prev, x))
            {
                return Boxes.False;
            }

            prev = x;
        }

        return CheckedTrue("<=", a);
    }

    /// <summary><c>(&gt; x)</c> is true for a number.</summary>
    [Builtin(">")]
    public static object? Greater(object? a) => CheckedTrue(">", a);

    /// <summary><c>(&gt; a b)</c>.</summary>
    [Builtin(">")]
    public static object? Greater(object? a, object? b) => Boxes.Bool(Ops.Gt(a, b));

    /// <summary><c>(&gt; a b c ...)</c>: true when the arguments strictly decrease.</summary>
    [Builtin(">")]
    public static object? Greater(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var prev = a;
        foreach (var x in rest)
        {
            if (!Ops.Gt(prev, x))
            {
                return Boxes.False;
            }

            prev = x;
        }

        return CheckedTrue(">", a);
    }

    /// <summary><c>(&gt;= x)</c> is true for a number.</summary>
    [Builtin(">=")]
    public static object? GreaterOrEqual(object? a) => CheckedTrue(">=", a);

    /// <summary><c>(&gt;= a b)</c>.</summary>
    [Builtin(">=")]
    public static object? GreaterOrEqual(object? a, object? b) => Boxes.Bool(Ops.Ge(a, b));

    /// <summary><c>(&gt;= a b c ...)</c>: true when the arguments never increase.</summary>
    [Builtin(">=")]
    public static object? GreaterOrEqual(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var prev = a;
        foreach (var x in rest)
        {
            if (!Ops.Ge(prev, x))
            {
                return Boxes.False;
            }

            prev = x;
        }

        return CheckedTrue(">=", a);
    }

    /// <summary><c>(not x)</c>: true for nil and false, false for everything else.</summary>
    [Builtin("not")]
    public static object? Not(object? a) => Boxes.Bool(!Ops.Truthy(a));

    private static bool AllEqual(object? a, object?[] rest)
    {
        var prev = a;
        foreach (var x in rest)
        {
            if (!Ops.Eq(prev, x))
            {
                return false;
            }

            prev = x;
        }

        return true;
    }

    private static object CheckedTrue(string op, object? a) => a is long or double ? Boxes.True : throw Errors.NotNumber(op, a);
}
