namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Library calls the compiler emits in place of a nested pair of calls (src/Compiler/Emit/RangeMap.cs):
/// the same values and errors, without the inner call's intermediate list. Not library functions of their own.
/// </summary>
public static class Fused
{
    /// <summary>
    /// <c>(map f (range start end))</c>: the range's errors first, then map's, as the nested calls give
    /// them; f is called on each integer as it is counted.
    /// </summary>
    public static object? MapRange(object? f, object? start, object? end) => Builtins.MapRange(f, start, end);

    /// <summary><c>(map f (range end))</c>; see <see cref="MapRange(object?, object?, object?)"/>.</summary>
    public static object? MapRange(object? f, object? end) => Builtins.MapRange(f, Boxes.Int(0), end);
}
