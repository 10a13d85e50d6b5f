using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Proxies;

/// <summary>The converters behind the <c>As…</c> factories.</summary>
public static partial class ProxyConvert
{
    private const string Int32Expected = "an integer in the 32-bit range";

    private static bool TryInt32(object? value, out int result)
    {
        if (value is long l && l is >= int.MinValue and <= int.MaxValue)
        {
            result = (int)l;
            return true;
        }

        result = 0;
        return false;
    }

    private static bool TryDouble(object? value, out double result)
    {
        switch (value)
        {
            case double d:
                result = d;
                return true;
            case long l:
                result = l;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    private static string KeyText(string key) => Printer.Print(key);

    private sealed class StringConverter() : ProxyConverter<string?>("a string", "strings")
    {
        internal override bool TryConvert(object? value, out string? result, out Failure? failure)
        {
            failure = null;
            result = value as string;
            return result is not null || value is null;
        }
    }

    private sealed class Int64Converter() : ProxyConverter<long>("an integer", "integers")
    {
        internal override bool TryConvert(object? value, out long result, out Failure? failure)
        {
            failure = null;
            if (value is long l)
            {
                result = l;
                return true;
            }

            result = 0;
            return false;
        }
    }

    private sealed class Int32Converter() : ProxyConverter<int>(Int32Expected, "integers in the 32-bit range")
    {
        internal override bool TryConvert(object? value, out int result, out Failure? failure)
        {
            failure = null;
            return TryInt32(value, out result);
        }
    }

    private sealed class DoubleConverter() : ProxyConverter<double>("a number", "numbers")
    {
        internal override bool TryConvert(object? value, out double result, out Failure? failure)
        {
            failure = null;
            return TryDouble(value, out result);
        }
    }

    private sealed class BooleanConverter() : ProxyConverter<bool>("a boolean", "booleans")
    {
        internal override bool TryConvert(object? value, out bool result, out Failure? failure)
        {
            failure = null;
            result = value is true;
            return value is bool;
        }
    }

    private sealed class ObjectConverter() : ProxyConverter<object?>("any value", "values")
    {
        internal override bool TryConvert(object? value, out object? result, out Failure? failure)
        {
            failure = null;
            result = value;
            return true;
        }
    }

    private sealed class NullableConverter<T>(ProxyConverter<T> underlying) : ProxyConverter<T?>(underlying.Expected + " or nil", underlying.Plural + " or nil")
        where T : struct
    {
        internal override bool TryConvert(object? value, out T? result, out Failure? failure)
        {
            if (value is null)
            {
                result = null;
                failure = null;
                return true;
            }

            var ok = underlying.TryConvert(value, out var converted, out failure);
            result = converted;
            return ok;
        }
    }

    /// <summary>A FluentAI list as a new array, or as a new <see cref="List{T}"/> when <paramref name="growable"/>.</summary>
    private sealed class ListConverter<TList, T>(ProxyConverter<T> element, bool growable) : ProxyConverter<TList?>("a list of " + element.Plural, "lists of " + element.Plural)
        where TList : class, IEnumerable<T>
    {
        internal override bool TryConvert(object? value, out TList? result, out Failure? failure)
        {
            failure = null;
            switch (value)
            {
                case null:
                    result = null;
                    return true;
                case FList list:
                    var items = new T[list.Count];
                    var i = 0;
                    for (var node = list; !node.IsEmpty; node = node.Tail, i++)
                    {
                        if (!element.TryConvert(node.Head, out items[i], out var inner))
                        {
                            failure = Failure.Inside($"[{i}]", inner, node.Head, element.Expected);
                            result = null;
                            return false;
                        }
                    }

                    result = (TList)(growable ? new List<T>(items) : (object)items);
                    return true;
                case TList host:
                    // A .NET collection a host function handed the module comes back as it is.
                    result = host;
                    return true;
                default:
                    result = null;
                    return false;
            }
        }
    }

    /// <summary>A FluentAI map as a new <see cref="OrderedDictionary{TKey, TValue}"/> with string keys, in the map's order.</summary>
    private sealed class MapConverter<TMap, T>(ProxyConverter<T> values) : ProxyConverter<TMap?>("a map of " + values.Plural, "maps of " + values.Plural)
        where TMap : class, IEnumerable<KeyValuePair<string, T>>
    {
        internal override bool TryConvert(object? value, out TMap? result, out Failure? failure)
        {
            failure = null;
            result = null;
            switch (value)
            {
                case null:
                    return true;
                case FMap map:
                    var entries = new OrderedDictionary<string, T>(map.Count, StringComparer.Ordinal);
                    foreach (var (key, item) in map)
                    {
                        var name = key switch
                        {
                            string s => s,
                            Keyword k => k.Name,
                            _ => null,
                        };
                        if (name is null)
                        {
                            failure = Failure.Here(Messages.ProxyKeyNotText(Errors.Describe(key)));
                            return false;
                        }

                        if (!values.TryConvert(item, out var converted, out var inner))
                        {
                            failure = Failure.Inside($"[{KeyText(name)}]", inner, item, values.Expected);
                            return false;
                        }

                        if (!entries.TryAdd(name, converted))
                        {
                            failure = Failure.Here(Messages.ProxyKeysCollide(name, KeyText(name)));
                            return false;
                        }
                    }

                    result = (TMap)(object)entries;
                    return true;
                case TMap host:
                    result = host;
                    return true;
                default:
                    return false;
            }
        }
    }
}
