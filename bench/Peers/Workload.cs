using System.Globalization;
using System.Text;

namespace FluentAI.Plugins.Peers;

/// <summary>One program every engine runs, and the result it must give.</summary>
/// <param name="Id">The name used on the command line and in the child's output.</param>
/// <param name="Title">The row of the table.</param>
/// <param name="PerCall">Times are reported per call (ns) rather than per run (ms).</param>
/// <param name="FreshProcess">Measured in a process of its own that has run nothing else (the first reloads).</param>
internal sealed record Workload(string Id, string Title, bool PerCall = false, bool FreshProcess = false)
{
    /// <summary>fib(n), naive recursion.</summary>
    public static Workload Fib { get; } = new("fib", "fib(30)");

    /// <summary>A 100k-entry map of i → {qty i}, then the sum of qty through lookups.</summary>
    public static Workload Map { get; } = new("map", "build a 100k-entry map, then sum a field");

    /// <summary>100k pieces (str i ",") joined.</summary>
    public static Workload String { get; } = new("string", "build a string of 100k pieces");

    /// <summary>100k records as maps through map, filter and fold with lambdas.</summary>
    public static Workload Pipeline { get; } = new("pipeline", "100k records as maps: map/filter/fold");

    /// <summary>A nested document of 10k records to JSON text and back, compared.</summary>
    public static Workload Json { get; } = new("json", "10k nested records to JSON and back, compared");

    /// <summary>A new version of a 100-function script, after many reloads.</summary>
    public static Workload Reload { get; } = new("reload", "reload a 100-function script, warm");

    /// <summary>The first reloads of a process.</summary>
    public static Workload ReloadFirst { get; } = new("reload-first", "reload, first 30 of a process", FreshProcess: true);

    /// <summary>A function of a long called from C# (FluentAI: the typed proxy).</summary>
    public static Workload Call { get; } = new("call", "call from C#, `long` in and out (FluentAI: typed proxy)", PerCall: true);

    /// <summary>The same through a slot with a boxed argument (FluentAI only).</summary>
    public static Workload CallSlot { get; } = new("call-slot", "call from C# through a slot, boxed argument (FluentAI)", PerCall: true);

    /// <summary>Every workload, in the order of the table.</summary>
    public static IReadOnlyList<Workload> All { get; } = [Fib, Map, String, Pipeline, Json, Reload, ReloadFirst, Call, CallSlot];

    /// <summary>The workload named <paramref name="id"/>.</summary>
    public static Workload Named(string id) =>
        All.FirstOrDefault(w => w.Id == id) ?? throw new ArgumentException($"no workload '{id}' (there are {string.Join(", ", All.Select(w => w.Id))})", nameof(id));

    /// <summary>The result a correct run gives at <paramref name="sizes"/>: a long, or the string built.</summary>
    public object Expected(Sizes sizes) => Id switch
    {
        "fib" => FibOf(sizes.Fib),
        "map" => Triangle(sizes.MapEntries),
        "string" => Pieces(sizes.Pieces),
        "pipeline" => PipelineTotal(sizes.Records),
        "json" => Triangle(sizes.Documents),
        "reload" or "reload-first" => ReloadScripts.ChainSum,
        _ => (long)sizes.Calls,
    };

    /// <summary>How many operations one run makes: calls for the call workloads, else one.</summary>
    public int Operations(Sizes sizes) => PerCall ? sizes.Calls : 1;

    private static long FibOf(int n)
    {
        long a = 0, b = 1;
        for (var i = 0; i < n; i++)
        {
            (a, b) = (b, a + b);
        }

        return a;
    }

    private static long Triangle(int n) => (long)n * (n - 1) / 2;

    private static string Pieces(int n)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            sb.Append(i.ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        return sb.ToString();
    }

    private static long PipelineTotal(int n)
    {
        long total = 0;
        for (var i = 0; i < n; i += 3)
        {
            total += (i % 10) * ((i % 7) + 1);
        }

        return total;
    }
}
