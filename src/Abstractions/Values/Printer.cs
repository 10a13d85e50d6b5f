using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace FluentAI.Plugins.Values;

/// <summary>
/// The FluentAI printer (SPEC §2.2): <c>120</c>, <c>3.5</c>, <c>"text"</c>, <c>#t</c>, <c>nil</c>,
/// <c>:kw</c>, <c>(1 2 3)</c>, <c>{:a 1, :b "x"}</c>. The same value always prints the same text.
/// </summary>
public static class Printer
{
    /// <summary>The printed form of a value, strings quoted and escaped.</summary>
    public static string Print(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, readable: true);
        return sb.ToString();
    }

    /// <summary>The display form of a value: like <see cref="Print"/>, but a string at the top level is written as is.</summary>
    public static string Display(object? value)
    {
        switch (value)
        {
            case string s:
                return s;
            case long l:
                // The commonest non-string: the same text Write appends, without a builder.
                return l.ToString(CultureInfo.InvariantCulture);
        }

        var sb = new StringBuilder();
        Write(sb, value, readable: true);
        return sb.ToString();
    }

    /// <summary>Appends the printed form of <paramref name="value"/>.</summary>
    public static void Write(StringBuilder sb, object? value, bool readable)
    {
        // Deeply nested data built at run time fails cleanly instead of overflowing the stack.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null:
                sb.Append("nil");
                break;
            case bool b:
                sb.Append(b ? "#t" : "#f");
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(FormatDouble(d));
                break;
            case string s:
                if (readable)
                {
                    WriteString(sb, s);
                }
                else
                {
                    sb.Append(s);
                }

                break;
            case Keyword k:
                sb.Append(':').Append(k.Name);
                break;
            case Symbol sym:
                sb.Append(sym.Name);
                break;
            case FList list:
                sb.Append('(');
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        sb.Append(' ');
                    }

                    first = false;
                    Write(sb, item, readable: true);
                }

                sb.Append(')');
                break;
            case FMap map:
                sb.Append('{');
                var firstEntry = true;
                foreach (var (k, v) in map)
                {
                    if (!firstEntry)
                    {
                        sb.Append(", ");
                    }

                    firstEntry = false;
                    Write(sb, k, readable: true);
                    sb.Append(' ');
                    Write(sb, v, readable: true);
                }

                sb.Append('}');
                break;
            case Fn fn:
                sb.Append("#<fn ").Append(fn.Name).Append('>');
                break;
            default:
                sb.Append(value.ToString());
                break;
        }
    }

    /// <summary>Formats a double so that it always reads back as a double (<c>1.0</c>, not <c>1</c>).</summary>
    public static string FormatDouble(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text.Contains('.') ? text : text + ".0";
        }

        // 2E-05 -> 2.0e-5, 1.5E+20 -> 1.5e20: the reader's float syntax (a dot, a lower-case e, no '+').
        var mantissa = text[..e];
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (mantissa.Contains('.') ? mantissa : mantissa + ".0") + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }

        sb.Append('"');
    }
}
