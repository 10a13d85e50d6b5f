using System.Reflection;
using FluentAI.Plugins.Compiler.Binding;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// <c>(map f (range end))</c> and <c>(map f (range start end))</c>, where both are the library's, become
/// the library's <c>Fused.MapRange</c>: f is called on each integer as it is counted, and the range's list is
/// never built. The arguments are evaluated in the same order (f, then the range's), the range's errors
/// come before map's as they did, and the span is the map call's, so errors name the same place.
/// </summary>
internal static class RangeMap
{
    /// <summary>The call rewritten to <c>MapRange</c>, or null when it is not such a map.</summary>
    public static BBuiltinCall? Rewrite(BBuiltinCall call)
    {
        if (call.Method.Name != "Map" || call.Args.Count != 2 || !Untyped(call.Method)
            || call.Args[1] is not BBuiltinCall { Method.Name: "Range", Args.Count: 1 or 2 } range
            || range.Method.DeclaringType != call.Method.DeclaringType || !Untyped(range.Method))
        {
            return null;
        }

        var arity = 1 + range.Args.Count;
        var fused = call.Method.DeclaringType is { } builtins ? builtins.Assembly.GetType(builtins.Namespace + ".Fused") : null;
        var mapRange = fused?.GetMethod("MapRange", BindingFlags.Public | BindingFlags.Static, [.. Enumerable.Repeat(typeof(object), arity)]);
        return mapRange is null ? null : new BBuiltinCall(call.Span, call.Builtin, mapRange, [call.Args[0], .. range.Args]);
    }

    private static bool Untyped(MethodInfo method) => method.GetParameters().All(p => p.ParameterType == typeof(object) && !p.IsDefined(typeof(ParamArrayAttribute)));
}
