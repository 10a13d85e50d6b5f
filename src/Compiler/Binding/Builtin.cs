using System.Reflection;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>A library function: every overload of one FluentAI name.</summary>
internal sealed class Builtin(string name, IReadOnlyList<MethodInfo> overloads)
{
    public string Name { get; } = name;

    public IReadOnlyList<MethodInfo> Overloads { get; } = overloads;

    /// <summary>The overload for <paramref name="argc"/> arguments: an exact one, else a params one that fits.</summary>
    public MethodInfo? Find(int argc)
    {
        MethodInfo? variadic = null;
        foreach (var m in Overloads)
        {
            var ps = m.GetParameters();
            if (IsParams(ps))
            {
                if (argc >= ps.Length - 1 && (variadic is null || ps.Length > variadic.GetParameters().Length))
                {
                    variadic = m;
                }
            }
            else if (ps.Length == argc)
            {
                return m;
            }
        }

        return variadic;
    }

    /// <summary>The accepted argument counts, for messages: <c>2</c>, <c>2 or 3</c>, <c>at least 1</c>.</summary>
    public string Expected()
    {
        var fixedCounts = Overloads.Where(m => !IsParams(m.GetParameters())).Select(m => m.GetParameters().Length).Distinct().Order().ToList();
        var min = Overloads.Where(m => IsParams(m.GetParameters())).Select(m => m.GetParameters().Length - 1).DefaultIfEmpty(-1).Min();
        var parts = fixedCounts.Where(c => min < 0 || c < min).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (min >= 0)
        {
            parts.Add($"at least {min}");
        }

        return string.Join(" or ", parts);
    }

    public static bool IsParams(ParameterInfo[] ps) => ps.Length > 0 && ps[^1].IsDefined(typeof(ParamArrayAttribute));
}
