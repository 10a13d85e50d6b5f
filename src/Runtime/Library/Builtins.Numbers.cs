namespace FluentAI.Plugins.Runtime;

// Arithmetic: integers stay integers (overflow is an error), any double promotes the result to double.
public static partial class Builtins
{
    /// <summary><c>(+)</c> is 0.</summary>
    [Builtin("+")]
    public static object? Add() => Boxes.Int(0);

    /// <summary><c>(+ x)</c> is x, which must be a number.</summary>
    [Builtin("+")]
    public static object? Add(object? a) => a is long or double ? a : throw Errors.NotNumber("+", a);

    /// <summary><c>(+ a b)</c>.</summary>
    [Builtin("+")]
    public static object? Add(object? a, object? b) => Ops.Add(a, b);

    /// <summary><c>(+ a b c ...)</c>: the sum of all arguments.</summary>
    [Builtin("+")]
    public static object? Add(params object?[] rest)
    {
        rest = Spread(rest);
        object acc = Boxes.Int(0);
        foreach (var x in rest)
        {
            acc = Ops.Add(acc, x);
        }

        return acc;
    }

    /// <summary><c>(- x)</c> negates x.</summary>
    [Builtin("-")]
    public static object? Subtract(object? a) => Ops.Negate(a);

    /// <summary><c>(- a b)</c>.</summary>
    [Builtin("-")]
    public static object? Subtract(object? a, object? b) => Ops.Sub(a, b);

    /// <summary><c>(- a b c ...)</c>: a minus each of the rest, left to right.</summary>
    [Builtin("-")]
    public static object? Subtract(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        if (rest.Length == 0)
        {
            return Ops.Negate(a);
        }

        object? acc = a;
        foreach (var x in rest)
        {
            acc = Ops.Sub(acc, x);
        }

        return acc;
    }

    /// <summary><c>(*)</c> is 1.</summary>
    [Builtin("*")]
    public static object? Multiply() => Boxes.Int(1);

    /// <summary><c>(* x)</c> is x, which must be a number.</summary>
    [Builtin("*")]
    public static object? Multiply(object? a) => a is long or double ? a : throw Errors.NotNumber("*", a);

    /// <summary><c>(* a b)</c>.</summary>
    [Builtin("*")]
    public static object? Multiply(object? a, object? b) => Ops.Mul(a, b);

    /// <summary><c>(* a b c ...)</c>: the product of all arguments.</summary>
    [Builtin("*")]
    public static object? Multiply(params object?[] rest)
    {
        rest = Spread(rest);
        object acc = Boxes.Int(1);
        foreach (var x in rest)
        {
            acc = Ops.Mul(acc, x);
        }

        return acc;
    }

    /// <summary><c>(/ a b)</c>: truncating division of two integers, otherwise double division.</summary>
    [Builtin("/")]
    public static object? Divide(object? a, object? b) => Ops.Div(a, b);

    /// <summary><c>(/ a b c ...)</c>: a divided by each of the rest, left to right.</summary>
    [Builtin("/")]
    public static object? Divide(object? a, object? b, params object?[] rest)
    {
        rest = Spread(rest);
        var acc = Ops.Div(a, b);
        foreach (var x in rest)
        {
            acc = Ops.Div(acc, x);
        }

        return acc;
    }

    /// <summary><c>(% a b)</c>: the remainder, with the sign of the dividend.</summary>
    [Builtin("%")]
    public static object? Remainder(object? a, object? b) => Ops.Rem(a, b);

    /// <summary><c>(mod a b)</c>: the modulus, with the sign of the divisor.</summary>
    [Builtin("mod")]
    public static object? Mod(object? a, object? b) => Ops.Mod(a, b);

    /// <summary><c>(abs x)</c>; the absolute value of the smallest integer is an overflow error.</summary>
    [Builtin("abs")]
    public static object? Abs(object? a) => a switch
    {
        long x when x == long.MinValue => throw Errors.Overflow("abs", x),
        long x => x < 0 ? Boxes.Int(-x) : a,
        double d => Boxes.Double(Math.Abs(d)),
        _ => throw Errors.NotNumber("abs", a),
    };

    /// <summary><c>(inc x)</c> is x + 1.</summary>
    [Builtin("inc")]
    public static object? Inc(object? a) => a switch
    {
        long x => x == long.MaxValue ? throw Errors.Overflow("inc", x) : Boxes.Int(x + 1),
        double d => Boxes.Double(d + 1),
        _ => throw Errors.NotNumber("inc", a),
    };

    /// <summary><c>(dec x)</c> is x - 1.</summary>
    [Builtin("dec")]
    public static object? Dec(object? a) => a switch
    {
        long x => x == long.MinValue ? throw Errors.Overflow("dec", x) : Boxes.Int(x - 1),
        double d => Boxes.Double(d - 1),
        _ => throw Errors.NotNumber("dec", a),
    };

    /// <summary><c>(max x)</c> is x, which must be a number.</summary>
    [Builtin("max")]
    public static object? Max(object? a) => a is long or double ? a : throw Errors.NotNumber("max", a);

    /// <summary><c>(max a b)</c>: an integer when both are integers, otherwise a double.</summary>
    [Builtin("max")]
    public static object? Max(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            return x >= y ? a : b;
        }

        return Boxes.Double(Math.Max(Ops.ToDouble(a, "max"), Ops.ToDouble(b, "max")));
    }

    /// <summary><c>(max a b c ...)</c>: the greatest argument.</summary>
    [Builtin("max")]
    public static object? Max(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var acc = Max(a);
        foreach (var x in rest)
        {
            acc = Max(acc, x);
        }

        return acc;
    }

    /// <summary><c>(min x)</c> is x, which must be a number.</summary>
    [Builtin("min")]
    public static object? Min(object? a) => a is long or double ? a : throw Errors.NotNumber("min", a);

    /// <summary><c>(min a b)</c>: an integer when both are integers, otherwise a double.</summary>
    [Builtin("min")]
    public static object? Min(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            return x <= y ? a : b;
        }

        return Boxes.Double(Math.Min(Ops.ToDouble(a, "min"), Ops.ToDouble(b, "min")));
    }

    /// <summary><c>(min a b c ...)</c>: the least argument.</summary>
    [Builtin("min")]
    public static object? Min(object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var acc = Min(a);
        foreach (var x in rest)
        {
            acc = Min(acc, x);
        }

        return acc;
    }

    /// <summary><c>(sum list)</c>: the sum of a list of numbers (0 for the empty list).</summary>
    [Builtin("sum")]
    public static object? Sum(object? list)
    {
        var items = ListArg("sum", list);
        long total = 0;
        double dtotal = 0;
        var isDouble = false;
        for (var node = items; !node.IsEmpty; node = node.Tail)
        {
            var x = node.Head;
            if (!isDouble && x is long l)
            {
                var r = unchecked(total + l);
                if (((total ^ r) & (l ^ r)) < 0)
                {
                    throw Errors.Overflow("sum", total, l);
                }

                total = r;
            }
            else if (x is long or double)
            {
                if (!isDouble)
                {
                    isDouble = true;
                    dtotal = total;
                }

                dtotal += Ops.ToDouble(x, "sum");
            }
            else
            {
                throw Errors.WrongType("sum", "a list of numbers", x);
            }
        }

        return isDouble ? Boxes.Double(dtotal) : Boxes.Int(total);
    }
}
