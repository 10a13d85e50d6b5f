using System.Globalization;
using BenchmarkDotNet.Reports;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>Prints the headline figures and ratios of a run, each against its target.</summary>
public static class Headline
{
    /// <summary>Writes the headline of <paramref name="summaries"/> (only the benchmarks that ran).</summary>
    public static void Print(IReadOnlyList<Summary> summaries, TextWriter output)
    {
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var report in summaries.SelectMany(s => s.Reports))
        {
            if (report.ResultStatistics is { } stats)
            {
                var d = report.BenchmarkCase.Descriptor;
                medians[d.Type.Name + "." + d.WorkloadMethod.Name] = stats.Median;
                medians[d.Type.Name + "." + d.WorkloadMethod.Name + ".Min"] = stats.Min;
            }
        }

        double? Get(string key) => medians.TryGetValue(key, out var v) ? v : null;
        string Ms(double ns) => (ns / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
        string Ns(double ns) => ns.ToString("0.00", CultureInfo.InvariantCulture) + " ns";
        string X(double r) => r.ToString("0.00", CultureInfo.InvariantCulture) + "x";
        string Met(bool met) => met ? "met" : "NOT met";

        output.WriteLine();
        output.WriteLine("== Headline (medians) ==");
        if (Get("Fib30.FluentAI") is { } fib && Get("Fib30.BoxedCSharp") is { } boxed && Get("Fib30.TypedCSharp") is { } typed)
        {
            var ratio = fib / boxed;
            output.WriteLine($"fib(30): FluentAI {Ms(fib)}, boxed C# {Ms(boxed)}, typed C# {Ms(typed)}; FluentAI/boxed {X(ratio)} (target <= 2x: {Met(ratio <= 2)}); FluentAI/typed {X(fib / typed)}");
        }

        if (Get("MapLoop.FluentAI") is { } map && Get("MapLoop.FMapCSharp") is { } fmap && Get("MapLoop.TypedCSharp") is { } dict)
        {
            output.WriteLine($"map loop (10,000 get+assoc): FluentAI {Ms(map)}, C# FMap {Ms(fmap)}, C# Dictionary {Ms(dict)}; FluentAI/FMap {X(map / fmap)}, FluentAI/Dictionary {X(map / dict)}");
        }

        if (Get("WarmCompile.CompileOnly") is { } compile)
        {
            output.WriteLine($"warm compile of 100 functions: {Ms(compile)}"
                + (Get("WarmCompile.RoslynOnGeneratedCSharp") is { } gen ? $"; Roslyn alone on the generated C# {Ms(gen)}" : "")
                + (Get("WarmCompile.RoslynOnPlainCSharp") is { } plain ? $"; Roslyn alone on 100 plain C# methods {Ms(plain)}" : ""));
        }

        if (Get("WarmCompile.CompileAndLoad") is { } load)
        {
            output.WriteLine($"warm compile+load of 100 functions: {Ms(load)} (min {Ms(Get("WarmCompile.CompileAndLoad.Min")!.Value)}) (target < 15 ms: {Met(load < 15e6)})");
        }

        if (Get("SlotCall.SlotToFluentAI") is { } slot && Get("SlotCall.DirectCall") is { } direct)
        {
            var extra = slot - direct;
            output.WriteLine($"slot call: {Ns(slot)} vs direct non-inlined {Ns(direct)} = +{Ns(extra)} (target <= +1 ns: {Met(extra <= 1)})"
                + (Get("SlotCall.SlotToCSharp") is { } slotCs ? $"; slot to a C# Fn {Ns(slotCs)}" : "")
                + (Get("SlotCall.SlotToCSharpWithStackCheck") is { } chk ? $"; slot to a C# Fn with Rt.EnsureStack {Ns(chk)}" : "")
                + (Get("SlotCall.FnToFluentAI") is { } fn ? $"; FluentAI Fn without slot {Ns(fn)}" : "")
                + (Get("SlotCall.DelegateCall") is { } del ? $"; delegate {Ns(del)}" : ""));
        }

        if (Get("Reload.ReloadBase") is { } reload)
        {
            output.WriteLine($"reload p50 (100 functions + 3 dependents, warm): {Ms(reload)} (min {Ms(Get("Reload.ReloadBase.Min")!.Value)}) (target <= 30 ms: {Met(reload <= 30e6)})"
                + (Get("Reload.ReloadSmallBase") is { } small ? $"; with a 1-function base {Ms(small)}" : ""));
        }
    }
}
