using System.Runtime.CompilerServices;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// The FluentAI standard library (SPEC §2.5). Every public method marked <see cref="BuiltinAttribute"/>
/// is a library function: compiled code calls it directly by name and argument count, and
/// <see cref="BuiltinTable"/> turns each name into a first-class <see cref="Fn"/>.
/// </summary>
/// <remarks>
/// Conventions: arguments are FluentAI values (<c>object?</c>); a wrong type raises
/// <see cref="Errors.WrongType"/> naming the function; nil counts as the empty list or the empty
/// map where a collection is read, as Clojure users expect. A <c>params</c> array is never kept.
/// </remarks>
public static partial class Builtins
{
    // Never written to: no library function changes its params array.
    private static readonly object?[] OneNil = [null];

    /// <summary>
    /// A params array as the arguments it stands for. C# binds a lone <c>null</c> literal in the
    /// params position to the array itself (<c>Str(null)</c> gets a null array), which means one nil.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static object?[] Spread(object?[]? args) => args ?? OneNil;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FList ListArg(string function, object? value) =>
        value as FList ?? (value is null ? FList.Empty : throw Errors.WrongType(function, "a list", value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static FMap MapArg(string function, object? value) =>
        value as FMap ?? (value is null ? FMap.Empty : throw Errors.WrongType(function, "a map", value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string StringArg(string function, object? value) =>
        value as string ?? throw Errors.WrongType(function, "a string", value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Fn FnArg(string function, object? value) =>
        value as Fn ?? throw Errors.WrongType(function, "a function", value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long IntArg(string function, object? value) =>
        value is long l ? l : throw Errors.WrongType(function, "an integer", value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static object NumberArg(string function, object? value) =>
        value is long or double ? value : throw Errors.WrongType(function, "a number", value);

    /// <summary>A count argument (<c>take</c>, <c>drop</c>) as an int: negative counts are zero, huge ones are capped.</summary>
    private static int CountArg(string function, object? value)
    {
        var n = IntArg(function, value);
        return n <= 0 ? 0 : n >= int.MaxValue ? int.MaxValue : (int)n;
    }

    /// <summary>Builds a list from the first <paramref name="count"/> items of a buffer, in order.</summary>
    private static FList ListOf(object?[] buffer, int count, FList tail)
    {
        var list = tail;
        for (var i = count - 1; i >= 0; i--)
        {
            list = list.Cons(buffer[i]);
        }

        return list;
    }
}
