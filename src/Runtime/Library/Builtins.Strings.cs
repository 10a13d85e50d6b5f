using System.Globalization;
using System.Text;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Strings: ordinal comparison, invariant culture, indexes in UTF-16 code units (as .NET strings are).
public static partial class Builtins
{
    /// <summary><c>(str)</c> is the empty string.</summary>
    [Builtin("str")]
    public static object? Str() => string.Empty;

    /// <summary><c>(str x)</c>: x as text, a string as it is and anything else as the printer writes it.</summary>
    [Builtin("str")]
    public static object? Str(object? a) => Printer.Display(a);

    /// <summary><c>(str a b)</c>: the texts of a and b joined.</summary>
    [Builtin("str")]
    public static object? Str(object? a, object? b)
    {
        if (a is string s)
        {
            if (b is string t)
            {
                return string.Concat(s, t);
            }

            if (b is long m)
            {
                // A string and an integer, the commonest pair: the digits go into a stack buffer, one allocation.
                Span<char> digits = stackalloc char[20];
                m.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
                return string.Concat(s.AsSpan(), digits[..length]);
            }
        }
        else if (a is long n && b is string u)
        {
            Span<char> digits = stackalloc char[20];
            n.TryFormat(digits, out var length, default, CultureInfo.InvariantCulture);
            return string.Concat(digits[..length], u.AsSpan());
        }

        return string.Concat(Printer.Display(a), Printer.Display(b));
    }

    /// <summary><c>(str a b c ...)</c>: the texts of all arguments joined.</summary>
    [Builtin("str")]
    public static object? Str(params object?[] parts)
    {
        parts = Spread(parts);
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            AppendDisplay(sb, part);
        }

        return sb.ToString();
    }

    /// <summary><c>(string-length s)</c>: the number of characters of s.</summary>
    [Builtin("string-length")]
    public static object? StringLength(object? s) => Boxes.Int(StringArg("string-length", s).Length);

    /// <summary><c>(substring s start)</c>: s from start to its end.</summary>
    [Builtin("substring")]
    public static object? Substring(object? s, object? start)
    {
        var text = StringArg("substring", s);
        return Slice(text, IntArg("substring", start), text.Length);
    }

    /// <summary><c>(substring s start end)</c>: the characters of s from start up to, not including, end.</summary>
    [Builtin("substring")]
    public static object? Substring(object? s, object? start, object? end) =>
        Slice(StringArg("substring", s), IntArg("substring", start), IntArg("substring", end));

    /// <summary><c>(string-split s delimiter)</c>: the pieces of s between delimiters; an empty delimiter splits into characters.</summary>
    [Builtin("string-split")]
    public static object? StringSplit(object? s, object? delimiter)
    {
        var text = StringArg("string-split", s);
        var sep = StringArg("string-split", delimiter);
        if (sep.Length == 0)
        {
            var chars = new object?[text.Length];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = text[i].ToString();
            }

            return FList.Of(chars);
        }

        return FList.Of(text.Split(sep));
    }

    /// <summary><c>(string-join delimiter list)</c>: the texts of the elements with delimiter between them.</summary>
    [Builtin("string-join")]
    public static object? StringJoin(object? delimiter, object? list)
    {
        var sep = StringArg("string-join", delimiter);
        var sb = new StringBuilder();
        var first = true;
        for (var node = ListArg("string-join", list); !node.IsEmpty; node = node.Tail)
        {
            if (!first)
            {
                sb.Append(sep);
            }

            first = false;
            AppendDisplay(sb, node.Head);
        }

        return sb.ToString();
    }

    /// <summary><c>(string-join list)</c>: the texts of the elements, joined with nothing between them.</summary>
    [Builtin("string-join")]
    public static object? StringJoin(object? list) => StringJoin(string.Empty, list);

    /// <summary><c>(string-concat s ...)</c>: FluentAI's concatenation of strings.</summary>
    [Builtin("string-concat")]
    public static object? StringConcat(params object?[] strings)
    {
        strings = Spread(strings);
        var sb = new StringBuilder();
        foreach (var s in strings)
        {
            sb.Append(StringArg("string-concat", s));
        }

        return sb.ToString();
    }

    /// <summary><c>(string-upcase s)</c>.</summary>
    [Builtin("string-upcase")]
    public static object? StringUpcase(object? s) => StringArg("string-upcase", s).ToUpperInvariant();

    /// <summary><c>(string-downcase s)</c>.</summary>
    [Builtin("string-downcase")]
    public static object? StringDowncase(object? s) => StringArg("string-downcase", s).ToLowerInvariant();

    /// <summary><c>(string-trim s)</c>: s without leading and trailing white space.</summary>
    [Builtin("string-trim")]
    public static object? StringTrim(object? s) => StringArg("string-trim", s).Trim();

    /// <summary><c>(string-contains? s part)</c>.</summary>
    [Builtin("string-contains?")]
    public static object? StringContains(object? s, object? part) =>
        Boxes.Bool(StringArg("string-contains?", s).Contains(StringArg("string-contains?", part), StringComparison.Ordinal));

    /// <summary><c>(string-starts-with? s prefix)</c>.</summary>
    [Builtin("string-starts-with?")]
    public static object? StringStartsWith(object? s, object? prefix) =>
        Boxes.Bool(StringArg("string-starts-with?", s).StartsWith(StringArg("string-starts-with?", prefix), StringComparison.Ordinal));

    /// <summary><c>(string-ends-with? s suffix)</c>.</summary>
    [Builtin("string-ends-with?")]
    public static object? StringEndsWith(object? s, object? suffix) =>
        Boxes.Bool(StringArg("string-ends-with?", s).EndsWith(StringArg("string-ends-with?", suffix), StringComparison.Ordinal));

    /// <summary><c>(string-empty? s)</c>: true for the empty string.</summary>
    [Builtin("string-empty?")]
    public static object? StringIsEmpty(object? s) => Boxes.Bool(StringArg("string-empty?", s).Length == 0);

    /// <summary><c>(string-replace s old new)</c>: s with every occurrence of old replaced by new.</summary>
    [Builtin("string-replace")]
    public static object? StringReplace(object? s, object? oldValue, object? newValue)
    {
        var text = StringArg("string-replace", s);
        var from = StringArg("string-replace", oldValue);
        var to = StringArg("string-replace", newValue);
        if (from.Length == 0)
        {
            throw Errors.BadArgument("string-replace", "the text to replace must not be empty");
        }

        return text.Replace(from, to, StringComparison.Ordinal);
    }

    /// <summary><c>(number-&gt;string n)</c>: n as the printer writes it (<c>42</c>, <c>3.5</c>, <c>1.0</c>).</summary>
    [Builtin("number->string")]
    public static object? NumberToString(object? n) => Printer.Print(NumberArg("number->string", n));

    /// <summary><c>(string-&gt;number s)</c>: an integer or a float read from s (invariant culture), nil when s is not a number.</summary>
    [Builtin("string->number")]
    public static object? StringToNumber(object? s)
    {
        var text = StringArg("string->number", s).Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return Boxes.Int(l);
        }

        // An integer too large for 64 bits is not silently turned into an approximate float.
        if (IsIntegerSyntax(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var d)
            ? Boxes.Double(d)
            : null;
    }

    private static void AppendDisplay(StringBuilder sb, object? value)
    {
        if (value is string s)
        {
            sb.Append(s);
        }
        else
        {
            Printer.Write(sb, value, readable: true);
        }
    }

    private static string Slice(string text, long start, long end)
    {
        if (start < 0 || start > text.Length)
        {
            throw Errors.IndexOutOfRange("substring", start, "a string", text.Length);
        }

        if (end > text.Length)
        {
            throw Errors.IndexOutOfRange("substring", end, "a string", text.Length);
        }

        if (end < start)
        {
            throw Errors.BadArgument("substring", $"the end {end} is before the start {start}");
        }

        return text.Substring((int)start, (int)(end - start));
    }

    private static bool IsIntegerSyntax(string text)
    {
        var i = text.Length > 0 && (text[0] == '-' || text[0] == '+') ? 1 : 0;
        if (i == text.Length)
        {
            return false;
        }

        for (; i < text.Length; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
