using System.Collections;
using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Proxies;

/// <summary>Converts between .NET values at a typed proxy's boundary and FluentAI values. Called by generated proxies.</summary>
public static class ProxyConvert
{
    /// <summary>A .NET value as a FluentAI value: integers become <see cref="long"/>, dictionaries maps, sequences lists.</summary>
    public static object? ToValue(object? value) => value switch
    {
        null => null,
        long l => Boxes.Int(l),
        int i => Boxes.Int(i),
        short s => Boxes.Int(s),
        byte b => Boxes.Int(b),
        float f => (double)f,
        string or double or bool or Keyword or Symbol or FList or FMap or Fn => value,
        IDictionary dict => FMap.From(dict.Cast<DictionaryEntry>().Select(e => new KeyValuePair<object?, object?>(ToValue(e.Key), ToValue(e.Value)))),
        IEnumerable<KeyValuePair<string, object?>> pairs => FMap.From(pairs.Select(p => new KeyValuePair<object?, object?>(p.Key, ToValue(p.Value)))),
        IEnumerable items => FList.From(items.Cast<object?>().Select(ToValue)),
        _ => value,
    };

    /// <summary>A FluentAI value as a string.</summary>
    public static string? ToString(object? value, string function) => value switch
    {
        null => null,
        string s => s,
        _ => throw Mismatch(function, "a string", value),
    };

    /// <summary>A FluentAI value as a 64-bit integer.</summary>
    public static long ToInt64(object? value, string function) => value is long l ? l : throw Mismatch(function, "an integer", value);

    /// <summary>A FluentAI value as a 32-bit integer (an error when it does not fit).</summary>
    public static int ToInt32(object? value, string function) => value is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l : throw Mismatch(function, "an integer in the 32-bit range", value);

    /// <summary>A FluentAI number as a double.</summary>
    public static double ToDouble(object? value, string function) => value switch
    {
        double d => d,
        long l => l,
        _ => throw Mismatch(function, "a number", value),
    };

    /// <summary>A FluentAI value as a boolean.</summary>
    public static bool ToBoolean(object? value, string function) => value is bool b ? b : throw Mismatch(function, "a boolean", value);

    /// <summary>A FluentAI map as a read-only dictionary with string keys (keywords lose their colon).</summary>
    public static IReadOnlyDictionary<string, object?>? ToDictionary(object? value, string function) => value switch
    {
        null => null,
        FMap map => map.ToDictionary(kv => kv.Key switch { Keyword k => k.Name, string s => s, var other => Printer.Print(other) }, kv => kv.Value, StringComparer.Ordinal),
        _ => throw Mismatch(function, "a map", value),
    };

    /// <summary>A FluentAI list as a read-only list.</summary>
    public static IReadOnlyList<object?>? ToList(object? value, string function) => value switch
    {
        null => null,
        FList list => list,
        _ => throw Mismatch(function, "a list", value),
    };

    private static FluentAIException Mismatch(string function, string expected, object? value) =>
        new(ErrorCodes.TypeMismatch, $"{function} returned {Errors.Describe(value)}, but the interface expects {expected}");
}
