using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Arithmetic and comparison as compiled code calls them: a fast path for two integers (overflow
/// is an error, never a wrap), promotion to double when either side is a double, and a clear
/// error for anything else. Overloads taking <see cref="long"/> serve operands whose type the
/// compiler proved.
/// </summary>
public static class Ops
{
    /// <summary><c>(+ a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Add(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            return Boxes.Int(AddL(x, y));
        }

        return AddSlow(a, b);
    }

    /// <summary><c>(+ a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Add(object? a, long y) => a is long x ? Boxes.Int(AddL(x, y)) : AddSlow(a, y);

    /// <summary><c>(+ a b)</c> on two known integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long AddL(long x, long y)
    {
        var r = unchecked(x + y);
        if (((x ^ r) & (y ^ r)) < 0)
        {
            Errors.ThrowOverflow("+", x, y);
        }

        return r;
    }

    /// <summary><c>(- a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Sub(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            return Boxes.Int(SubL(x, y));
        }

        return SubSlow(a, b);
    }

    /// <summary><c>(- a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Sub(object? a, long y) => a is long x ? Boxes.Int(SubL(x, y)) : SubSlow(a, y);

    /// <summary><c>(- a b)</c> on two known integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SubL(long x, long y)
    {
        var r = unchecked(x - y);
        if (((x ^ y) & (x ^ r)) < 0)
        {
            Errors.ThrowOverflow("-", x, y);
        }

        return r;
    }

    /// <summary><c>(- a)</c>.</summary>
    public static object Negate(object? a) => a switch
    {
        long x => x == long.MinValue ? throw Errors.Overflow("-", 0, x) : Boxes.Int(-x),
        double d => Boxes.Double(-d),
        _ => throw Errors.NotNumber("-", a),
    };

    /// <summary><c>(* a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Mul(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            return Boxes.Int(MulL(x, y));
        }

        return MulSlow(a, b);
    }

    /// <summary><c>(* a b)</c> on two known integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long MulL(long x, long y)
    {
        var r = Math.BigMul(x, y, out var low);
        if ((r != 0 || low < 0) && (r != -1 || low >= 0))
        {
            Errors.ThrowOverflow("*", x, y);
        }

        return low;
    }

    /// <summary><c>(/ a b)</c>: integer division (truncating) on two integers, otherwise double division.</summary>
    public static object Div(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            if (y == 0)
            {
                throw Errors.DivideByZero("/");
            }

            if (x == long.MinValue && y == -1)
            {
                throw Errors.Overflow("/", x, y);
            }

            return Boxes.Int(x / y);
        }

        return Boxes.Double(ToDouble(a, "/") / ToDouble(b, "/"));
    }

    /// <summary><c>(% a b)</c>: the remainder, with the sign of the dividend.</summary>
    public static object Rem(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            if (y == 0)
            {
                throw Errors.DivideByZero("%");
            }

            return y == -1 ? Boxes.Int(0) : Boxes.Int(x % y);
        }

        return Boxes.Double(ToDouble(a, "%") % ToDouble(b, "%"));
    }

    /// <summary><c>(mod a b)</c>: the modulus, with the sign of the divisor.</summary>
    public static object Mod(object? a, object? b)
    {
        if (a is long x && b is long y)
        {
            if (y == 0)
            {
                throw Errors.DivideByZero("mod");
            }

            if (y == -1)
            {
                return Boxes.Int(0);
            }

            var r = x % y;
            return Boxes.Int(r != 0 && (r < 0) != (y < 0) ? r + y : r);
        }

        var p = ToDouble(a, "mod");
        var q = ToDouble(b, "mod");
        var m = p - (q * Math.Floor(p / q));
        return Boxes.Double(m);
    }

    /// <summary><c>(&lt; a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Lt(object? a, object? b) => a is long x && b is long y ? x < y : LtSlow(a, b);

    /// <summary><c>(&lt; a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Lt(object? a, long y) => a is long x ? x < y : LtSlow(a, y);

    /// <summary><c>(&lt;= a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Le(object? a, object? b) => a is long x && b is long y ? x <= y : LeSlow(a, b);

    /// <summary><c>(&lt;= a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Le(object? a, long y) => a is long x ? x <= y : LeSlow(a, y);

    /// <summary><c>(&gt; a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Gt(object? a, object? b) => a is long x && b is long y ? x > y : GtSlow(a, b);

    /// <summary><c>(&gt; a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Gt(object? a, long y) => a is long x ? x > y : GtSlow(a, y);

    /// <summary><c>(&gt;= a b)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ge(object? a, object? b) => a is long x && b is long y ? x >= y : GeSlow(a, b);

    /// <summary><c>(&gt;= a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ge(object? a, long y) => a is long x ? x >= y : GeSlow(a, y);

    /// <summary><c>(= a b)</c>: value equality.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(object? a, object? b) => a is long x && b is long y ? x == y : ValueEquality.Equal(a, b);

    /// <summary><c>(= a b)</c> with a known integer on the right.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(object? a, long y) => a is long x ? x == y : ValueEquality.Equal(a, y);

    /// <summary>Only nil and false are false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Truthy(object? value) => value is bool b ? b : value is not null;

    /// <summary>A number as a double, or an error naming the operation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ToDouble(object? value, string op) => value switch
    {
        double d => d,
        long l => l,
        _ => throw Errors.NotNumber(op, value),
    };

    // The non-integer paths of the inlined operations, out of line: code in a collectible context is
    // compiled once, fully optimised, when first called, and every inlined path adds to that compile
    // (a reload's first call of each function pays it; bench/README.md "Reload speed").
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object AddSlow(object? a, object? b) => Boxes.Double(ToDouble(a, "+") + ToDouble(b, "+"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object AddSlow(object? a, long y) => Boxes.Double(ToDouble(a, "+") + y);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object SubSlow(object? a, object? b) => Boxes.Double(ToDouble(a, "-") - ToDouble(b, "-"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object SubSlow(object? a, long y) => Boxes.Double(ToDouble(a, "-") - y);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object MulSlow(object? a, object? b) => Boxes.Double(ToDouble(a, "*") * ToDouble(b, "*"));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool LtSlow(object? a, object? b) => ToDouble(a, "<") < ToDouble(b, "<");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool LtSlow(object? a, long y) => ToDouble(a, "<") < y;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool LeSlow(object? a, object? b) => ToDouble(a, "<=") <= ToDouble(b, "<=");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool LeSlow(object? a, long y) => ToDouble(a, "<=") <= y;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GtSlow(object? a, object? b) => ToDouble(a, ">") > ToDouble(b, ">");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GtSlow(object? a, long y) => ToDouble(a, ">") > y;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GeSlow(object? a, object? b) => ToDouble(a, ">=") >= ToDouble(b, ">=");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool GeSlow(object? a, long y) => ToDouble(a, ">=") >= y;
}
