using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>
/// The workloads in C# with <c>object</c> everywhere, as a dynamic language's values are: boxed
/// longs, maps as <c>Dictionary</c>s of objects, lists of objects, <c>Func&lt;object?, object?&gt;</c> lambdas.
/// </summary>
internal static class BoxedPrograms
{
    private const string Qty = "qty";

    /// <summary>Naive doubly recursive Fibonacci on boxed longs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object Fib(object n) =>
        (long)n < 2L ? n : (long)Fib((long)n - 1L) + (long)Fib((long)n - 2L);

    /// <summary>A map of n entries i → {qty i}, then the sum of qty over every key by lookup.</summary>
    public static object MapSum(object n)
    {
        var m = new Dictionary<object, object?>();
        for (long i = 0; i < (long)n; i++)
        {
            object key = i;
            m[key] = new Dictionary<object, object?> { [Qty] = key };
        }

        object s = 0L;
        for (long i = 0; i < (long)n; i++)
        {
            s = (long)s + (long)((Dictionary<object, object?>)m[i]!)[Qty]!;
        }

        return s;
    }

    /// <summary>The pieces "0," "1," ... joined.</summary>
    public static object BuildString(object n)
    {
        var parts = Map(i => Convert.ToString(i, CultureInfo.InvariantCulture) + ",", Range((long)n));
        return string.Concat(parts);
    }

    /// <summary>n records as maps, then map/filter/fold with lambdas: the total of qty * price over tag "a".</summary>
    public static object? Pipeline(object n)
    {
        var records = Map(
            i => new Dictionary<object, object?>
            {
                ["id"] = i,
                [Qty] = (long)i! % 10,
                ["price"] = ((long)i % 7) + 1,
                ["tag"] = (long)i % 3 == 0 ? "a" : "b",
            },
            Range((long)n));
        var tagged = Filter(r => (string)((Dictionary<object, object?>)r!)["tag"]! == "a", records);
        var products = Map(r => (long)((Dictionary<object, object?>)r!)[Qty]! * (long)((Dictionary<object, object?>)r)["price"]!, tagged);
        return Fold((acc, x) => (long)acc! + (long)x!, 0L, products);
    }

    /// <summary>A nested document of maps and lists to JSON and back (System.Text.Json), compared; the sum of the ids, or -1.</summary>
    public static object? JsonRoundTrip(object n)
    {
        var doc = Map(
            i => new Dictionary<string, object?>
            {
                ["id"] = i,
                ["name"] = "item" + Convert.ToString(i, CultureInfo.InvariantCulture),
                ["tags"] = new List<object?> { "red", "green" },
                ["dims"] = new List<object?> { i, (long)i! * 2, (long)i * 3 },
                ["child"] = new Dictionary<string, object?>
                {
                    ["ok"] = (long)i % 2 == 0,
                    ["parts"] = new List<object?> { new Dictionary<string, object?> { ["k"] = i }, new Dictionary<string, object?> { ["k"] = (long)i + 1 } },
                },
            },
            Range((long)n));
        using var parsed = JsonDocument.Parse(JsonSerializer.Serialize(doc));
        var back = (List<object?>)Read(parsed.RootElement)!;
        return DeepEqual(doc, back) ? Fold((acc, r) => (long)acc! + (long)((Dictionary<string, object?>)r!)["id"]!, 0L, back) : -1L;
    }

    /// <summary>x + 1 on a boxed long.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? Bump(object? x) => (long)x! + 1;

    private static List<object?> Range(long n)
    {
        var list = new List<object?>();
        for (long i = 0; i < n; i++)
        {
            list.Add(i);
        }

        return list;
    }

    private static List<object?> Map(Func<object?, object?> f, List<object?> list) => list.ConvertAll(x => f(x));

    private static List<object?> Filter(Func<object?, bool> p, List<object?> list) => list.FindAll(x => p(x));

    private static object? Fold(Func<object?, object?, object?> f, object? acc, List<object?> list)
    {
        foreach (var x in list)
        {
            acc = f(acc, x);
        }

        return acc;
    }

    private static object? Read(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Read(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(Read).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static bool DeepEqual(object? a, object? b) => (a, b) switch
    {
        (Dictionary<string, object?> x, Dictionary<string, object?> y) => x.Count == y.Count && x.All(p => y.TryGetValue(p.Key, out var v) && DeepEqual(p.Value, v)),
        (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => DeepEqual(p.First, p.Second)),
        _ => Equals(a, b),
    };
}
