using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using FluentAI.Plugins.Runtime.Internal;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// The standard library by name: one <see cref="Fn"/> per <see cref="BuiltinAttribute"/> name, so
/// library functions can be passed as values (<c>(map inc xs)</c>, <c>(fold + 0 xs)</c>). Built
/// once, on first use, from the methods of <see cref="Builtins"/>.
/// </summary>
public static class BuiltinTable
{
    private static readonly Lazy<Table> Data = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every library name, in ordinal order.</summary>
    public static IReadOnlyCollection<string> Names => Data.Value.Names;

    /// <summary>The function value for <paramref name="name"/>; an unknown name is a <see cref="FluentAIException"/>.</summary>
    public static Fn Get(string name) =>
        Data.Value.Functions.TryGetValue(name, out var fn) ? fn : throw Errors.UnknownBuiltin(name);

    /// <summary>Looks a library name up.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out Fn? fn) => Data.Value.Functions.TryGetValue(name, out fn);

    /// <summary>
    /// The <see cref="Builtins"/> methods behind <paramref name="name"/> (one per arity, the
    /// <c>params</c> one last), for a compiler that calls them directly; empty for an unknown name.
    /// </summary>
    public static IReadOnlyList<MethodInfo> Overloads(string name) =>
        Data.Value.Methods.TryGetValue(name, out var methods) ? methods : [];

    private static Table Build()
    {
        var byName = new Dictionary<string, List<MethodInfo>>(StringComparer.Ordinal);
        foreach (var method in typeof(Builtins).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            foreach (var attribute in method.GetCustomAttributes<BuiltinAttribute>(inherit: false))
            {
                if (!byName.TryGetValue(attribute.Name, out var list))
                {
                    list = [];
                    byName.Add(attribute.Name, list);
                }

                list.Add(method);
            }
        }

        var methods = new Dictionary<string, MethodInfo[]>(StringComparer.Ordinal);
        var functions = new Dictionary<string, Fn>(StringComparer.Ordinal);
        foreach (var (name, list) in byName)
        {
            var ordered = list
                .OrderBy(m => IsParams(m) ? 1 : 0)
                .ThenBy(m => m.GetParameters().Length)
                .ToArray();
            methods.Add(name, ordered);
            functions.Add(name, BuiltinFn.Create(name, ordered));
        }

        var names = byName.Keys.Order(StringComparer.Ordinal).ToArray();
        return new Table(functions.ToFrozenDictionary(StringComparer.Ordinal), methods.ToFrozenDictionary(StringComparer.Ordinal), names.AsReadOnly());
    }

    private static bool IsParams(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return parameters.Length > 0 && parameters[^1].IsDefined(typeof(ParamArrayAttribute), inherit: false);
    }

    private sealed record Table(
        FrozenDictionary<string, Fn> Functions,
        FrozenDictionary<string, MethodInfo[]> Methods,
        IReadOnlyCollection<string> Names);
}
