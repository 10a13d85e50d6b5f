using System.Globalization;
using System.Text;
using FluentAI.Plugins.Benchmarks;

namespace FluentAI.Plugins.Peers;

/// <summary>
/// The 100-function script of the reload workloads in each language, as bench/Sources.cs
/// <c>Module100</c> is in FluentAI: <c>version()</c> returns the constant, <c>f0(x) = x + version()</c>,
/// <c>f{i}(x) = f{i-1}(x) + i</c> (behind the same never-taken branch), so <c>f99(0)</c> is the constant
/// plus 4950. A new constant before every reload means no engine can reuse an earlier compilation.
/// </summary>
internal static class ReloadScripts
{
    /// <summary>What <c>f99(0)</c> adds to the constant.</summary>
    public const long ChainSum = Sources.ChainSum;

    /// <summary>The FluentAI module (bench/Sources.cs).</summary>
    public static string FluentAI(long constant) => Sources.Module100(constant);

    /// <summary>The JavaScript script (Jint and V8).</summary>
    public static string JavaScript(long constant) => Build(
        constant,
        c => $"function version() {{ return {c}; }}\nfunction f0(x) {{ return x + version(); }}\n",
        i => $"function f{i}(x) {{ return x < -1000000 ? 0 - {i} : f{i - 1}(x) + {i}; }}\n",
        "");

    /// <summary>The Lua chunk.</summary>
    public static string Lua(long constant) => Build(
        constant,
        c => $"function version() return {c} end\nfunction f0(x) return x + version() end\n",
        i => $"function f{i}(x) if x < -1000000 then return 0 - {i} end return f{i - 1}(x) + {i} end\n",
        "");

    /// <summary>The C# script; its value is <c>f99</c> as a delegate.</summary>
    public static string CSharp(long constant) => Build(
        constant,
        c => $"long Version() => {c}L;\nlong F0(long x) => x + Version();\n",
        i => $"long F{i}(long x) => x < -1000000 ? 0 - {i} : F{i - 1}(x) + {i};\n",
        $"(System.Func<long, long>)F{Sources.FunctionCount - 1}\n");

    private static string Build(long constant, Func<string, string> head, Func<int, string> function, string tail)
    {
        var sb = new StringBuilder(head(constant.ToString(CultureInfo.InvariantCulture)));
        for (var i = 1; i < Sources.FunctionCount; i++)
        {
            sb.Append(function(i));
        }

        return sb.Append(tail).ToString();
    }
}
