using System.Collections;
using System.Globalization;
using System.Text;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>
/// One text for a value, however it is represented: a .NET dictionary and an <see cref="FMap"/> with the
/// same pairs in the same order print alike, so do a .NET list and an <see cref="FList"/>; integers of every
/// width print as one integer, floats and doubles by their exact bits, a char as a one-character string.
/// Written independently of <see cref="HostValues"/> so round trips are checked against it, not with it.
/// </summary>
internal static class Canonical
{
    public static string Of(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("nil");
                return;
            case string or char:
                sb.Append('"').Append(value.ToString()!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
                return;
            case bool b:
                sb.Append(b ? "#t" : "#f");
                return;
            case long or int or short or sbyte or byte or ushort or uint or ulong:
                sb.Append(Convert.ToDecimal(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
                return;
            case float or double:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                sb.Append(double.IsNaN(d) ? "NaN" : "d" + BitConverter.DoubleToInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture));
                return;
            case Keyword k:
                sb.Append(':').Append(k.Name);
                return;
            case IEnumerable items:
                var pairs = IsPairs(value.GetType());
                sb.Append(pairs ? '{' : '[');
                var first = true;
                foreach (var item in items)
                {
                    sb.Append(first ? "" : ", ");
                    first = false;
                    if (pairs)
                    {
                        var (key, entry) = Pair(item!);
                        Write(sb, key);
                        sb.Append(' ');
                        Write(sb, entry);
                    }
                    else
                    {
                        Write(sb, item);
                    }
                }

                sb.Append(pairs ? '}' : ']');
                return;
            default:
                sb.Append("#<").Append(value.GetType().Name).Append(' ').Append(value).Append('>');
                return;
        }
    }

    private static bool IsPairs(Type type) =>
        typeof(IDictionary).IsAssignableFrom(type)
        || type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            && i.GetGenericArguments()[0] is { IsGenericType: true } e && e.GetGenericTypeDefinition() == typeof(KeyValuePair<,>));

    private static (object? Key, object? Value) Pair(object item) => item switch
    {
        DictionaryEntry e => (e.Key, e.Value),
        _ => (item.GetType().GetProperty("Key")!.GetValue(item), item.GetType().GetProperty("Value")!.GetValue(item)),
    };
}
