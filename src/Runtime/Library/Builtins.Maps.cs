using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Immutable maps: every "change" returns a new map; keys and values come back in insertion order.
public static partial class Builtins
{
    /// <summary><c>(get m k)</c>: the value for k in a map (or at integer index k in a list), nil when absent.</summary>
    [Builtin("get")]
    public static object? Get(object? coll, object? key) => Lookup("get", coll, key, null);

    /// <summary><c>(get m k default)</c>: the value for k, or default when k is absent.</summary>
    [Builtin("get")]
    public static object? Get(object? coll, object? key, object? defaultValue) => Lookup("get", coll, key, defaultValue);

    /// <summary><c>(map-get m k)</c>: FluentAI's name for <c>get</c>.</summary>
    [Builtin("map-get")]
    public static object? MapGet(object? map, object? key) => Lookup("map-get", map, key, null);

    /// <summary><c>(assoc m k v)</c>: m with k set to v.</summary>
    [Builtin("assoc")]
    public static object? Assoc(object? map, object? key, object? value) => MapArg("assoc", map).Assoc(key, value);

    /// <summary><c>(assoc m k1 v1 k2 v2 ...)</c>: m with every key set to its value, left to right.</summary>
    [Builtin("assoc")]
    public static object? Assoc(object? map, object? key, object? value, params object?[] more)
    {
        more = Spread(more);
        if (more.Length % 2 != 0)
        {
            throw Errors.BadArgument("assoc", "expects keys and values in pairs, got a key without a value");
        }

        var m = MapArg("assoc", map).ToBuilder();
        m.Assoc(key, value);
        for (var i = 0; i < more.Length; i += 2)
        {
            m.Assoc(more[i], more[i + 1]);
        }

        return m.Persistent();
    }

    /// <summary><c>(map-set m k v)</c>: FluentAI's name for <c>assoc</c>.</summary>
    [Builtin("map-set")]
    public static object? MapSet(object? map, object? key, object? value) => MapArg("map-set", map).Assoc(key, value);

    /// <summary><c>(dissoc m k)</c>: m without k.</summary>
    [Builtin("dissoc")]
    public static object? Dissoc(object? map, object? key) => MapArg("dissoc", map).Dissoc(key);

    /// <summary><c>(dissoc m k1 k2 ...)</c>: m without any of the keys.</summary>
    [Builtin("dissoc")]
    public static object? Dissoc(object? map, params object?[] keys)
    {
        keys = Spread(keys);
        var m = MapArg("dissoc", map).ToBuilder();
        foreach (var k in keys)
        {
            m.Dissoc(k);
        }

        return m.Persistent();
    }

    /// <summary><c>(map-remove m k)</c>: FluentAI's name for <c>dissoc</c>.</summary>
    [Builtin("map-remove")]
    public static object? MapRemove(object? map, object? key) => MapArg("map-remove", map).Dissoc(key);

    /// <summary><c>(keys m)</c>: the keys of m as a list, in insertion order.</summary>
    [Builtin("keys")]
    public static object? Keys(object? map) => KeysOf("keys", map);

    /// <summary><c>(map-keys m)</c>: FluentAI's name for <c>keys</c>.</summary>
    [Builtin("map-keys")]
    public static object? MapKeys(object? map) => KeysOf("map-keys", map);

    /// <summary><c>(vals m)</c>: the values of m as a list, in insertion order.</summary>
    [Builtin("vals")]
    public static object? Vals(object? map) => ValuesOf("vals", map);

    /// <summary><c>(map-values m)</c>: FluentAI's <c>map-values</c>, the values of m as a list.</summary>
    [Builtin("map-values")]
    public static object? MapValues(object? map) => ValuesOf("map-values", map);

    /// <summary><c>(map-values f m)</c>: the seed's <c>map-values</c>, a map with f applied to every value.</summary>
    [Builtin("map-values")]
    public static object? MapValues(object? f, object? map)
    {
        var fn = FnArg("map-values", f);
        var source = MapArg("map-values", map);
        var result = source.ToBuilder();
        foreach (var (k, v) in source)
        {
            // Re-associating an existing key keeps its place, so the order is the source's. The builder is
            // this call's own: f sees only values, and an error in f drops it with nothing half-built visible.
            result.Assoc(k, fn.Invoke(v));
        }

        return result.Persistent();
    }

    /// <summary><c>(contains? m k)</c>: true when a map has key k, or a list has an element equal to k.</summary>
    [Builtin("contains?")]
    public static object? Contains(object? coll, object? key)
    {
        switch (coll)
        {
            case FMap m:
                return Boxes.Bool(m.ContainsKey(key));
            case FList l:
                for (var node = l; !node.IsEmpty; node = node.Tail)
                {
                    if (Ops.Eq(node.Head, key))
                    {
                        return Boxes.True;
                    }
                }

                return Boxes.False;
            case null:
                return Boxes.False;
            default:
                throw Errors.WrongType("contains?", "a map or a list", coll);
        }
    }

    /// <summary><c>(map-has? m k)</c>: true when map m has key k.</summary>
    [Builtin("map-has?")]
    public static object? MapHas(object? map, object? key) => Boxes.Bool(MapArg("map-has?", map).ContainsKey(key));

    /// <summary><c>(merge)</c> is the empty map.</summary>
    [Builtin("merge")]
    public static object? Merge() => FMap.Empty;

    /// <summary><c>(merge m)</c> is m.</summary>
    [Builtin("merge")]
    public static object? Merge(object? map) => MapArg("merge", map);

    /// <summary><c>(merge m1 m2)</c>: the entries of both; where both have a key, m2's value wins.</summary>
    [Builtin("merge")]
    public static object? Merge(object? map1, object? map2) => MergeInto(MapArg("merge", map1), MapArg("merge", map2));

    /// <summary><c>(map-merge m1 m2)</c>: FluentAI's name for <c>merge</c>.</summary>
    [Builtin("map-merge")]
    public static object? MapMerge(object? map1, object? map2) => MergeInto(MapArg("map-merge", map1), MapArg("map-merge", map2));

    /// <summary><c>(merge m1 m2 ...)</c>: the entries of all the maps; later maps win.</summary>
    [Builtin("merge")]
    public static object? Merge(params object?[] maps)
    {
        maps = Spread(maps);
        FMap? first = null;
        FMap.Builder? result = null;
        foreach (var m in maps)
        {
            var next = MapArg("merge", m);
            if (result is null && (first is null || first.Count == 0))
            {
                // As MergeInto: merging into the empty map is the map itself.
                first = next;
                continue;
            }

            result ??= first!.ToBuilder();
            foreach (var (k, v) in next)
            {
                result.Assoc(k, v);
            }
        }

        return result?.Persistent() ?? first ?? FMap.Empty;
    }

    /// <summary><c>(update m k f)</c>: m with k set to <c>(f old)</c>, where old is nil when k is absent.</summary>
    [Builtin("update")]
    public static object? Update(object? map, object? key, object? f)
    {
        var fn = FnArg("update", f);
        var m = MapArg("update", map);
        return m.Assoc(key, fn.Invoke(m[key]));
    }

    /// <summary><c>(update m k f a b ...)</c>: m with k set to <c>(f old a b ...)</c>.</summary>
    [Builtin("update")]
    public static object? Update(object? map, object? key, object? f, params object?[] args)
    {
        args = Spread(args);
        var fn = FnArg("update", f);
        var m = MapArg("update", map);
        var callArgs = new object?[args.Length + 1];
        callArgs[0] = m[key];
        Array.Copy(args, 0, callArgs, 1, args.Length);
        return m.Assoc(key, fn.Apply(callArgs));
    }

    /// <summary><c>(hash-map k1 v1 k2 v2 ...)</c>: a map of the pairs, in order.</summary>
    [Builtin("hash-map")]
    public static object? HashMap(params object?[] keysAndValues) => Spread(keysAndValues).Length % 2 == 0
        ? FMap.Of(Spread(keysAndValues))
        : throw Errors.BadArgument("hash-map", "expects keys and values in pairs, got a key without a value");

    /// <summary><c>(make-map)</c>: FluentAI's empty map.</summary>
    [Builtin("make-map")]
    public static object? MakeMap() => FMap.Empty;

    private static object? Lookup(string function, object? coll, object? key, object? missing)
    {
        switch (coll)
        {
            case FMap m:
                return m.TryGetValue(key, out var v) ? v : missing;
            case FList l:
                return key is long i && i >= 0 && i < l.Count ? l[(int)i] : missing;
            case null:
                return missing;
            default:
                throw Errors.WrongType(function, "a map or a list", coll);
        }
    }

    private static FList KeysOf(string function, object? map)
    {
        var m = MapArg(function, map);
        var buffer = new object?[m.Count];
        var i = 0;
        foreach (var (k, _) in m)
        {
            buffer[i++] = k;
        }

        return FList.Of(buffer);
    }

    private static FList ValuesOf(string function, object? map)
    {
        var m = MapArg(function, map);
        var buffer = new object?[m.Count];
        var i = 0;
        foreach (var (_, v) in m)
        {
            buffer[i++] = v;
        }

        return FList.Of(buffer);
    }

    private static FMap MergeInto(FMap target, FMap source)
    {
        if (target.Count == 0)
        {
            return source;
        }

        if (source.Count <= 1)
        {
            return source.Count == 0 ? target : source.Aggregate(target, (t, e) => t.Assoc(e.Key, e.Value));
        }

        var builder = target.ToBuilder();
        foreach (var (k, v) in source)
        {
            builder.Assoc(k, v);
        }

        return builder.Persistent();
    }
}
