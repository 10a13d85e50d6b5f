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

    /// <summary>
    /// <c>(fold f init (range start end))</c> (and <c>reduce</c> with an initial value): the range's errors first,
    /// then fold's; f is called on each integer as it is counted.
    /// </summary>
    public static object? FoldRange(object? f, object? init, object? start, object? end) => Builtins.FoldRange("fold", f, init, start, end);

    /// <summary><c>(fold f init (range end))</c>; see <see cref="FoldRange(object?, object?, object?, object?)"/>.</summary>
    public static object? FoldRange(object? f, object? init, object? end) => Builtins.FoldRange("fold", f, init, Boxes.Int(0), end);

    /// <summary><c>(reduce f init (range start end))</c>; see <see cref="FoldRange(object?, object?, object?, object?)"/>.</summary>
    public static object? ReduceRange(object? f, object? init, object? start, object? end) => Builtins.FoldRange("reduce", f, init, start, end);

    /// <summary><c>(reduce f init (range end))</c>; see <see cref="FoldRange(object?, object?, object?, object?)"/>.</summary>
    public static object? ReduceRange(object? f, object? init, object? end) => Builtins.FoldRange("reduce", f, init, Boxes.Int(0), end);

    /// <summary><see cref="FoldRange(object?, object?, object?, object?)"/> with an owned accumulator (<see cref="OwnedMaps.Fold"/>).</summary>
    public static object? OwnedFoldRange(object? f, object? init, object? start, object? end) => Builtins.OwnedFoldRange("fold", f, init, start, end);

    /// <summary><c>(fold f init (range end))</c> with an owned accumulator.</summary>
    public static object? OwnedFoldRange(object? f, object? init, object? end) => Builtins.OwnedFoldRange("fold", f, init, Boxes.Int(0), end);

    /// <summary><c>(reduce f init (range start end))</c> with an owned accumulator.</summary>
    public static object? OwnedReduceRange(object? f, object? init, object? start, object? end) => Builtins.OwnedFoldRange("reduce", f, init, start, end);

    /// <summary><c>(reduce f init (range end))</c> with an owned accumulator.</summary>
    public static object? OwnedReduceRange(object? f, object? init, object? end) => Builtins.OwnedFoldRange("reduce", f, init, Boxes.Int(0), end);
}
