using System.Collections;
using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Values;

/// <summary>
/// Turns the .NET values a host passes (arguments of slots and typed proxies) into FluentAI values:
/// every integer becomes a <see cref="long"/>, every floating-point number a <see cref="double"/>,
/// dictionaries become <see cref="FMap"/>s and other sequences <see cref="FList"/>s, recursively.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>null</c>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="string"/>,
/// <see cref="Keyword"/>, <see cref="Symbol"/>, <see cref="FList"/>, <see cref="FMap"/>, <see cref="Fn"/> and
/// <see cref="StateCell"/> are FluentAI values already and pass through unchanged; the elements of a
/// <see cref="FList"/> or <see cref="FMap"/> are not looked at.</item>
/// <item><see cref="int"/>, <see cref="short"/>, <see cref="sbyte"/>, <see cref="byte"/>, <see cref="ushort"/>,
/// <see cref="uint"/> become <see cref="long"/>; a <see cref="ulong"/> does too when it fits, and is an
/// error (<see cref="ErrorCodes.TypeMismatch"/>) when it does not.</item>
/// <item><see cref="float"/> becomes <see cref="double"/> exactly; <see cref="decimal"/> becomes the nearest
/// <see cref="double"/>, which is lossy (a decimal has 28 significant digits, a double about 16).</item>
/// <item><see cref="char"/> becomes a one-character <see cref="string"/>: FluentAI has no character type.</item>
/// <item>Anything enumerable as key/value pairs (<see cref="IDictionary"/>, <see cref="IDictionary{TKey, TValue}"/>,
/// <see cref="IReadOnlyDictionary{TKey, TValue}"/>, any <c>IEnumerable&lt;KeyValuePair&lt;K, V&gt;&gt;</c>) becomes an
/// <see cref="FMap"/> in the order the source enumerates, keys and values converted (string keys stay strings;
/// a later duplicate key replaces an earlier one).</item>
/// <item>Arrays and every other <see cref="IEnumerable"/> except <see cref="string"/> become an <see cref="FList"/>.</item>
/// <item>Anything else (enums, <see cref="DateTime"/>, <see cref="Guid"/>, other numeric types, host objects)
/// stays a host object.</item>
/// </list>
/// A collection that contains itself cannot be converted: the recursion stops with
/// <see cref="InsufficientExecutionStackException"/> instead of overflowing the stack.
/// </remarks>
public static class HostValues
{
    // Per collection type, how to read it as key/value pairs when it is not an IDictionary (found by
    // reflection once per type). Weakly keyed, so a collectible plugin type never stays alive through it.
    private static readonly ConditionalWeakTable<Type, PairReader> PairReaders = [];

    /// <summary>
    /// True when <paramref name="value"/> is a FluentAI value already, so <see cref="ToValue"/> would return
    /// it unchanged: nil, an integer (<see cref="long"/>), a double, a boolean, a string, a keyword, a symbol,
    /// a list, a map, a function, a state cell, or a host object that is neither a number of another .NET
    /// type, a <see cref="char"/>, nor a collection.
    /// </summary>
    /// <remarks>Made for calls on every argument: nil, integers, strings, lists and maps take one or two type checks.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsFluentValue(object? value) =>
        value is null or long or string or FList or FMap or bool or double or Keyword || IsFluentValueSlow(value);

    /// <summary>The FluentAI value for a .NET value (see the type's remarks for every rule).</summary>
    /// <exception cref="FluentAIException">A <see cref="ulong"/> above <see cref="long.MaxValue"/>, also inside a collection.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? ToValue(object? value) => IsFluentValue(value) ? value : Convert(value!);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsFluentValueSlow(object value) => value switch
    {
        int or short or sbyte or byte or ushort or uint or ulong or float or decimal or char => false,
        Symbol or Fn or StateCell => true,
        IEnumerable => false,
        _ => true,
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static object Convert(object value)
    {
        switch (value)
        {
            case int i:
                return (long)i;
            case short s:
                return (long)s;
            case sbyte sb:
                return (long)sb;
            case byte b:
                return (long)b;
            case ushort us:
                return (long)us;
            case uint ui:
                return (long)ui;
            case ulong ul:
                return ul <= long.MaxValue
                    ? (long)ul
                    : throw new FluentAIException(ErrorCodes.TypeMismatch, $"the .NET value {ul} (a ulong) is larger than the largest FluentAI integer, {long.MaxValue}");
            case float f:
                return (double)f;
            case decimal m:
                return (double)m;
            case char c:
                return c.ToString();
        }

        // Nested collections recurse here; a collection that contains itself must fail, not crash the process.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return value switch
        {
            IDictionary dictionary => FromDictionary(dictionary),
            _ when PairReaderFor(value.GetType()) is { } reader => reader.Read(value),
            IList list => FromList(list),
            _ => FromSequence((IEnumerable)value),
        };
    }

    private static FMap FromDictionary(IDictionary dictionary)
    {
        var map = FMap.Empty.ToBuilder();

        // The dictionary's own enumerator yields DictionaryEntry; IEnumerable.GetEnumerator may yield KeyValuePair<K, V>.
        var entries = dictionary.GetEnumerator();
        while (entries.MoveNext())
        {
            map.Assoc(ToValue(entries.Key), ToValue(entries.Value));
        }

        return map.Persistent();
    }

    private static FList FromList(IList list)
    {
        var result = FList.Empty;
        for (var i = list.Count - 1; i >= 0; i--)
        {
            result = result.Cons(ToValue(list[i]));
        }

        return result;
    }

    private static FList FromSequence(IEnumerable items)
    {
        var buffer = new List<object?>();
        foreach (var item in items)
        {
            buffer.Add(ToValue(item));
        }

        return FList.From(buffer);
    }

    private static PairReader? PairReaderFor(Type type)
    {
        var reader = PairReaders.GetValue(type, CreatePairReader);
        return reader == PairReader.None ? null : reader;
    }

    private static PairReader CreatePairReader(Type type)
    {
        foreach (var candidate in type.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>)
                && candidate.GetGenericArguments()[0] is { IsGenericType: true } element
                && element.GetGenericTypeDefinition() == typeof(KeyValuePair<,>))
            {
                return (PairReader)Activator.CreateInstance(typeof(PairReader<,>).MakeGenericType(element.GetGenericArguments()))!;
            }
        }

        return PairReader.None;
    }

    private class PairReader
    {
        public static readonly PairReader None = new();

        public virtual FMap Read(object pairs) => throw new InvalidOperationException("not a sequence of key/value pairs");
    }

    private sealed class PairReader<TKey, TValue> : PairReader
    {
        public override FMap Read(object pairs)
        {
            var map = FMap.Empty.ToBuilder();
            foreach (var (key, value) in (IEnumerable<KeyValuePair<TKey, TValue>>)pairs)
            {
                map.Assoc(ToValue(key), ToValue(value));
            }

            return map.Persistent();
        }
    }
}
