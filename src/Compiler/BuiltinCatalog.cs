using System.Reflection;
using FluentAI.Plugins.Compiler.Binding;

namespace FluentAI.Plugins.Compiler;

/// <summary>
/// The library functions the binder resolves names against: every public static method marked
/// <see cref="BuiltinAttribute"/> in the given assemblies. Built once per process.
/// </summary>
public sealed class BuiltinCatalog
{
    private readonly Dictionary<string, Builtin> _byName;

    /// <summary>Reads the library functions of <paramref name="assemblies"/>.</summary>
    public BuiltinCatalog(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        Assemblies = [.. assemblies];
        var methods = new Dictionary<string, List<MethodInfo>>(StringComparer.Ordinal);
        foreach (var assembly in assemblies)
        {
            foreach (var type in assembly.GetExportedTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
                {
                    foreach (var attribute in method.GetCustomAttributes<BuiltinAttribute>())
                    {
                        if (!methods.TryGetValue(attribute.Name, out var list))
                        {
                            methods[attribute.Name] = list = [];
                        }

                        list.Add(method);
                    }
                }
            }
        }

        _byName = methods.ToDictionary(kv => kv.Key, kv => new Builtin(kv.Key, kv.Value), StringComparer.Ordinal);
    }

    /// <summary>The assemblies the library functions were read from: generated code that calls them compiles against these.</summary>
    internal IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>Every library function name.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    internal Builtin? Find(string name) => _byName.GetValueOrDefault(name);
}
