using System.ComponentModel;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// A fold whose accumulator the compiler proved is used linearly runs on a map builder (FMap.Builder).
/// The compiler calls these instead of fold and of the map functions its function applies to the
/// accumulator (see the compiler's OwnedFold): each is its library function's twin and does exactly what
/// the library function does, except that on a builder (which only these ever receive) it reads the
/// builder, or changes it in place and returns it. On anything else it is the library function itself, so
/// an accumulator that stops being the builder (a branch that returns a new map) goes on persistently.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class OwnedMaps
{
    private static readonly object?[] OneNil = [null];

    /// <summary><c>fold</c> with an owned accumulator: an initial map is copied into a builder, frozen at the end.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Fold(object? f, object? init, object? list) => FoldFrom("fold", f, init, list);

    /// <summary><c>reduce</c> with an initial value and an owned accumulator: as <see cref="Fold"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Reduce(object? f, object? init, object? list) => FoldFrom("reduce", f, init, list);

    /// <summary><c>assoc</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Assoc(object? map, object? key, object? value)
    {
        if (map is not FMap.Builder b)
        {
            return Builtins.Assoc(map, key, value);
        }

        b.Assoc(key, value);
        return b;
    }

    /// <summary><c>assoc</c> of several pairs on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Assoc(object? map, object? key, object? value, params object?[] more)
    {
        if (map is not FMap.Builder b)
        {
            return Builtins.Assoc(map, key, value, more);
        }

        more ??= OneNil;
        if (more.Length % 2 != 0)
        {
            throw Errors.BadArgument("assoc", "expects keys and values in pairs, got a key without a value");
        }

        b.Assoc(key, value);
        for (var i = 0; i < more.Length; i += 2)
        {
            b.Assoc(more[i], more[i + 1]);
        }

        return b;
    }

    /// <summary><c>map-set</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? MapSet(object? map, object? key, object? value)
    {
        if (map is not FMap.Builder b)
        {
            return Builtins.MapSet(map, key, value);
        }

        b.Assoc(key, value);
        return b;
    }

    /// <summary><c>dissoc</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Dissoc(object? map, object? key)
    {
        if (map is not FMap.Builder b)
        {
            return Builtins.Dissoc(map, key);
        }

        b.Dissoc(key);
        return b;
    }

    /// <summary><c>dissoc</c> of several keys on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Dissoc(object? map, params object?[] keys)
    {
        if (map is not FMap.Builder b)
        {
            return Builtins.Dissoc(map, keys);
        }

        foreach (var k in keys ?? OneNil)
        {
            b.Dissoc(k);
        }

        return b;
    }

    /// <summary><c>map-remove</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? MapRemove(object? map, object? key)
    {
        if (map is not FMap.Builder b)
        {
            return Builtins.MapRemove(map, key);
        }

        b.Dissoc(key);
        return b;
    }

    /// <summary><c>get</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Get(object? coll, object? key) =>
        coll is FMap.Builder b ? (b.TryGetValue(key, out var v) ? v : null) : Builtins.Get(coll, key);

    /// <summary><c>get</c> with a default on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Get(object? coll, object? key, object? defaultValue) =>
        coll is FMap.Builder b ? (b.TryGetValue(key, out var v) ? v : defaultValue) : Builtins.Get(coll, key, defaultValue);

    /// <summary><c>map-get</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? MapGet(object? map, object? key) =>
        map is FMap.Builder b ? (b.TryGetValue(key, out var v) ? v : null) : Builtins.MapGet(map, key);

    /// <summary><c>contains?</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Contains(object? coll, object? key) =>
        coll is FMap.Builder b ? Boxes.Bool(b.ContainsKey(key)) : Builtins.Contains(coll, key);

    /// <summary><c>map-has?</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? MapHas(object? map, object? key) =>
        map is FMap.Builder b ? Boxes.Bool(b.ContainsKey(key)) : Builtins.MapHas(map, key);

    /// <summary><c>count</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Count(object? coll) => coll is FMap.Builder b ? Boxes.Int(b.Count) : Builtins.Count(coll);

    /// <summary><c>length</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? Length(object? coll) => coll is FMap.Builder b ? Boxes.Int(b.Count) : Builtins.Length(coll);

    /// <summary><c>empty?</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? IsEmpty(object? coll) => coll is FMap.Builder b ? Boxes.Bool(b.Count == 0) : Builtins.IsEmpty(coll);

    private static object? FoldFrom(string function, object? f, object? init, object? list)
    {
        if (list is not FList { IsEmpty: false } l || init is not FMap start || f is not Fn fn)
        {
            // Nothing to build on (or an argument the library function rejects): the library function itself.
            return function == "fold" ? Builtins.Fold(f, init, list) : Builtins.Reduce(f, init, list);
        }

        // The builder is this call's alone: f only reads it and returns it (or drops it). If f fails, it is dropped
        // with everything it holds; the initial map is never changed (the builder copies what it changes).
        object? acc = start.ToBuilder();
        for (var node = l; !node.IsEmpty; node = node.Tail)
        {
            Rt.EnsureStack();
            acc = fn.Invoke(acc, node.Head);
        }

        return acc is FMap.Builder built ? built.Persistent() : acc;
    }
}
