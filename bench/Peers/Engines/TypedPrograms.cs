using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>
/// The workloads in typed C#, the same algorithms as Programs/peers.ai. Compiled here for the C#
/// typed baseline, and its text (an embedded resource, less the <c>using</c> and <c>namespace</c>
/// lines) is what CSharpScript compiles, so both run the same code.
/// </summary>
internal static class TypedPrograms
{
    /// <summary>Naive doubly recursive Fibonacci.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Fib(long n) => n < 2 ? n : Fib(n - 1) + Fib(n - 2);

    /// <summary>A map of n entries i → {qty i}, then the sum of qty over every key by lookup.</summary>
    public static long MapSum(long n)
    {
        var m = new Dictionary<long, Item>();
        for (long i = 0; i < n; i++)
        {
            m[i] = new Item(i);
        }

        long s = 0;
        for (long i = 0; i < n; i++)
        {
            s += m[i].Qty;
        }

        return s;
    }

    /// <summary>The pieces "0," "1," ... "n-1," joined.</summary>
    public static string BuildString(long n)
    {
        var parts = new List<string>();
        for (long i = 0; i < n; i++)
        {
            parts.Add(i.ToString(CultureInfo.InvariantCulture) + ",");
        }

        return string.Concat(parts);
    }

    /// <summary>n records, then the total of qty * price over those tagged "a", with lambdas.</summary>
    public static long Pipeline(long n)
    {
        var records = Enumerable.Range(0, (int)n).Select(i => new Rec(i, i % 10, (i % 7) + 1, i % 3 == 0 ? "a" : "b")).ToList();
        return records.FindAll(r => r.Tag == "a").ConvertAll(r => r.Qty * r.Price).Aggregate(0L, (acc, x) => acc + x);
    }

    /// <summary>A nested document of n records to JSON text and back, compared; the sum of the ids read back, or -1.</summary>
    public static long JsonRoundTrip(long n)
    {
        var doc = Enumerable.Range(0, (int)n).Select(i => new Node
        {
            Id = i,
            Name = "item" + i.ToString(CultureInfo.InvariantCulture),
            Tags = ["red", "green"],
            Dims = [i, i * 2L, i * 3L],
            Child = new Child { Ok = i % 2 == 0, Parts = [new Part { K = i }, new Part { K = i + 1L }] },
        }).ToList();
        var back = JsonSerializer.Deserialize<List<Node>>(JsonSerializer.Serialize(doc))!;
        if (back.Count != doc.Count || !doc.Zip(back).All(p => Same(p.First, p.Second)))
        {
            return -1;
        }

        return back.Aggregate(0L, (acc, r) => acc + r.Id);
    }

    /// <summary>x + 1: the function called from C#.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Bump(long x) => x + 1;

    private static bool Same(Node a, Node b) =>
        a.Id == b.Id && a.Name == b.Name && a.Tags.SequenceEqual(b.Tags) && a.Dims.SequenceEqual(b.Dims)
        && a.Child.Ok == b.Child.Ok && a.Child.Parts.Select(p => p.K).SequenceEqual(b.Child.Parts.Select(p => p.K));

    /// <summary>A map value of the map workload.</summary>
    public sealed record Item(long Qty);

    /// <summary>A record of the pipeline.</summary>
    public sealed record Rec(long Id, long Qty, long Price, string Tag);

    /// <summary>A record of the JSON document.</summary>
    public sealed class Node
    {
        /// <summary>Its id.</summary>
        public long Id { get; set; }

        /// <summary>"item" and the id.</summary>
        public string Name { get; set; } = "";

        /// <summary>Two strings.</summary>
        public List<string> Tags { get; set; } = [];

        /// <summary>Three integers.</summary>
        public List<long> Dims { get; set; } = [];

        /// <summary>A nested map.</summary>
        public Child Child { get; set; } = new();
    }

    /// <summary>The nested map of a document record.</summary>
    public sealed class Child
    {
        /// <summary>Whether the id is even.</summary>
        public bool Ok { get; set; }

        /// <summary>Two one-field maps.</summary>
        public List<Part> Parts { get; set; } = [];
    }

    /// <summary>A one-field map.</summary>
    public sealed class Part
    {
        /// <summary>Its value.</summary>
        public long K { get; set; }
    }
}
