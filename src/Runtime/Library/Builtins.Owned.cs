using System.ComponentModel;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// A fold whose accumulator the compiler proved is used linearly runs on a map builder (FMap.Builder).
// The compiler calls these instead of fold and of the map functions its function applies to the
// accumulator (see the compiler's OwnedFold): each is its library function's twin and does exactly what
// the library function does, except that on a builder (which only these ever receive) it reads the
// builder, or changes it in place and returns it. On anything else it is the library function itself, so
// an accumulator that stops being the builder (a branch that returns a new map) goes on persistently.
public static partial class Builtins
{
    /// <summary><c>fold</c> with an owned accumulator: an initial map is copied into a builder, frozen at the end.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedFold(object? f, object? init, object? list) => OwnedFoldFrom("fold", f, init, list);

    /// <summary><c>reduce</c> with an initial value and an owned accumulator: as <see cref="OwnedFold"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedReduce(object? f, object? init, object? list) => OwnedFoldFrom("reduce", f, init, list);

    /// <summary><c>assoc</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedAssoc(object? map, object? key, object? value)
    {
        if (map is not FMap.Builder b)
        {
            return Assoc(map, key, value);
        }

        b.Assoc(key, value);
        return b;
    }

    /// <summary><c>assoc</c> of several pairs on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedAssoc(object? map, object? key, object? value, params object?[] more)
    {
        if (map is not FMap.Builder b)
        {
            return Assoc(map, key, value, more);
        }

        more = Spread(more);
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
    public static object? OwnedMapSet(object? map, object? key, object? value)
    {
        if (map is not FMap.Builder b)
        {
            return MapSet(map, key, value);
        }

        b.Assoc(key, value);
        return b;
    }

    /// <summary><c>dissoc</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedDissoc(object? map, object? key)
    {
        if (map is not FMap.Builder b)
        {
            return Dissoc(map, key);
        }

        b.Dissoc(key);
        return b;
    }

    /// <summary><c>dissoc</c> of several keys on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedDissoc(object? map, params object?[] keys)
    {
        if (map is not FMap.Builder b)
        {
            return Dissoc(map, keys);
        }

        foreach (var k in Spread(keys))
        {
            b.Dissoc(k);
        }

        return b;
    }

    /// <summary><c>map-remove</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedMapRemove(object? map, object? key)
    {
        if (map is not FMap.Builder b)
        {
            return MapRemove(map, key);
        }

        b.Dissoc(key);
        return b;
    }

    /// <summary><c>get</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedGet(object? coll, object? key) =>
        coll is FMap.Builder b ? (b.TryGetValue(key, out var v) ? v : null) : Get(coll, key);

    /// <summary><c>get</c> with a default on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedGet(object? coll, object? key, object? defaultValue) =>
        coll is FMap.Builder b ? (b.TryGetValue(key, out var v) ? v : defaultValue) : Get(coll, key, defaultValue);

    /// <summary><c>map-get</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedMapGet(object? map, object? key) =>
        map is FMap.Builder b ? (b.TryGetValue(key, out var v) ? v : null) : MapGet(map, key);

    /// <summary><c>contains?</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedContains(object? coll, object? key) =>
        coll is FMap.Builder b ? Boxes.Bool(b.ContainsKey(key)) : Contains(coll, key);

    /// <summary><c>map-has?</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedMapHas(object? map, object? key) =>
        map is FMap.Builder b ? Boxes.Bool(b.ContainsKey(key)) : MapHas(map, key);

    /// <summary><c>count</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedCount(object? coll) => coll is FMap.Builder b ? Boxes.Int(b.Count) : Count(coll);

    /// <summary><c>length</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedLength(object? coll) => coll is FMap.Builder b ? Boxes.Int(b.Count) : Length(coll);

    /// <summary><c>empty?</c> on an owned accumulator.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static object? OwnedIsEmpty(object? coll) => coll is FMap.Builder b ? Boxes.Bool(b.Count == 0) : IsEmpty(coll);

    private static object? OwnedFoldFrom(string function, object? f, object? init, object? list)
    {
        var fn = FnArg(function, f);
        var l = ListArg(function, list);
        if (l.IsEmpty || init is not FMap start)
        {
            // Nothing to build on: the plain fold (the function's twins then act as the library functions).
            return FoldFrom(function, fn, init, l);
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
