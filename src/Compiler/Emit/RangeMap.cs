using System.Reflection;
using FluentAI.Plugins.Compiler.Binding;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// <c>(map f (range end))</c> and <c>(map f (range start end))</c>, where both are the library's, become
/// the library's <c>Fused.MapRange</c>, and <c>(fold f init (range ...))</c> (or <c>reduce</c> with an initial
/// value, owned accumulator or not: see <see cref="OwnedFold"/>) <c>Fused.FoldRange</c>: f is called on each
/// integer as it is counted, and the range's list is never built. The arguments are evaluated in the same order
/// (f, init, then the range's), the range's errors come before the outer call's as they did, and the span is the
/// outer call's, so errors name the same place.
/// </summary>
internal static class RangeMap
{
    /// <summary>The call rewritten to its fused form, or null when it is not such a call.</summary>
    public static BBuiltinCall? Rewrite(BBuiltinCall call)
    {
        var owned = call.Method.DeclaringType?.Name == "OwnedMaps";
        var name = (call.Method.Name, call.Args.Count, owned) switch
        {
            ("Map", 2, false) => "MapRange",
            ("Fold", 3, false) => "FoldRange",
            ("Reduce", 3, false) => "ReduceRange",
            ("Fold", 3, true) => "OwnedFoldRange",
            ("Reduce", 3, true) => "OwnedReduceRange",
            _ => null,
        };
        var library = call.Method.DeclaringType;
        if (name is null || library is null || !Untyped(call.Method)
            || call.Args[^1] is not BBuiltinCall { Method.Name: "Range", Args.Count: 1 or 2 } range
            || range.Method.DeclaringType is not { Name: "Builtins" } builtins
            || builtins.Assembly != library.Assembly || builtins.Namespace != library.Namespace || !Untyped(range.Method))
        {
            return null;
        }

        var arity = call.Args.Count - 1 + range.Args.Count;
        var fused = builtins.Assembly.GetType(builtins.Namespace + ".Fused");
        var method = fused?.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [.. Enumerable.Repeat(typeof(object), arity)]);
        return method is null ? null : new BBuiltinCall(call.Span, call.Builtin, method, [.. call.Args.Take(call.Args.Count - 1), .. range.Args]);
    }

    private static bool Untyped(MethodInfo method) => method.GetParameters().All(p => p.ParameterType == typeof(object) && !p.IsDefined(typeof(ParamArrayAttribute)));
}
