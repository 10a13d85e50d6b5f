using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Lists: building, taking apart and slicing immutable cons lists. Results share structure where they can.
public static partial class Builtins
{
    /// <summary><c>(list)</c> is the empty list.</summary>
    [Builtin("list")]
    public static object? List() => FList.Empty;

    /// <summary><c>(list a)</c>.</summary>
    [Builtin("list")]
    public static object? List(object? a) => FList.Empty.Cons(a);

    /// <summary><c>(list a b)</c>.</summary>
    [Builtin("list")]
    public static object? List(object? a, object? b) => FList.Empty.Cons(b).Cons(a);

    /// <summary><c>(list a b c)</c>.</summary>
    [Builtin("list")]
    public static object? List(object? a, object? b, object? c) => FList.Empty.Cons(c).Cons(b).Cons(a);

    /// <summary><c>(list a b c ...)</c>: a list of the arguments.</summary>
    [Builtin("list")]
    public static object? List(params object?[] items) => FList.Of(Spread(items));

    /// <summary><c>(cons x list)</c>: a list with x before the elements of list.</summary>
    [Builtin("cons")]
    public static object? Cons(object? x, object? list) => ListArg("cons", list).Cons(x);

    /// <summary><c>(first list)</c>: the first element, nil for the empty list.</summary>
    [Builtin("first")]
    public static object? First(object? list) => FirstOf("first", list);

    /// <summary><c>(car list)</c>: the first element, nil for the empty list.</summary>
    [Builtin("car")]
    public static object? Car(object? list) => FirstOf("car", list);

    /// <summary><c>(head list)</c>: the first element, nil for the empty list.</summary>
    [Builtin("head")]
    public static object? Head(object? list) => FirstOf("head", list);

    /// <summary><c>(rest list)</c>: everything after the first element, () for the empty list.</summary>
    [Builtin("rest")]
    public static object? Rest(object? list) => ListArg("rest", list).Tail;

    /// <summary><c>(cdr list)</c>: everything after the first element, () for the empty list.</summary>
    [Builtin("cdr")]
    public static object? Cdr(object? list) => ListArg("cdr", list).Tail;

    /// <summary><c>(tail list)</c>: everything after the first element, () for the empty list.</summary>
    [Builtin("tail")]
    public static object? Tail(object? list) => ListArg("tail", list).Tail;

    /// <summary><c>(last list)</c>: the last element, nil for the empty list.</summary>
    [Builtin("last")]
    public static object? Last(object? list)
    {
        var node = ListArg("last", list);
        if (node.IsEmpty)
        {
            return null;
        }

        while (node.Count > 1)
        {
            node = node.Tail;
        }

        return node.Head;
    }

    /// <summary><c>(nth list i)</c>: the element at index i (from 0); an index outside the list is an error.</summary>
    [Builtin("nth")]
    public static object? Nth(object? list, object? index) => NthOf("nth", list, index);

    /// <summary><c>(list-ref list i)</c>: FluentAI's name for <c>nth</c>.</summary>
    [Builtin("list-ref")]
    public static object? ListRef(object? list, object? index) => NthOf("list-ref", list, index);

    /// <summary><c>(length x)</c>: the number of elements of a list or map, or characters of a string; 0 for nil.</summary>
    [Builtin("length")]
    public static object? Length(object? coll) => LengthOf("length", coll);

    /// <summary><c>(count x)</c>: the same as <c>length</c>.</summary>
    [Builtin("count")]
    public static object? Count(object? coll) => LengthOf("count", coll);

    /// <summary><c>(empty? x)</c>: true for an empty list, map or string, and for nil.</summary>
    [Builtin("empty?")]
    public static object? IsEmpty(object? coll) => coll switch
    {
        FList l => Boxes.Bool(l.IsEmpty),
        FMap m => Boxes.Bool(m.Count == 0),
        string s => Boxes.Bool(s.Length == 0),
        null => Boxes.True,
        _ => throw Errors.WrongType("empty?", "a list, map or string", coll),
    };

    /// <summary><c>(null? list)</c>: FluentAI's test for the empty list.</summary>
    [Builtin("null?")]
    public static object? IsNull(object? list) => Boxes.Bool(ListArg("null?", list).IsEmpty);

    /// <summary><c>(reverse list)</c>.</summary>
    [Builtin("reverse")]
    public static object? Reverse(object? list)
    {
        var result = FList.Empty;
        for (var node = ListArg("reverse", list); !node.IsEmpty; node = node.Tail)
        {
            result = result.Cons(node.Head);
        }

        return result;
    }

    /// <summary><c>(take n list)</c>: the first n elements (all of them when the list is shorter).</summary>
    [Builtin("take")]
    public static object? Take(object? n, object? list)
    {
        // (take list n) is accepted too: the types say which argument is which.
        if (n is FList && list is long)
        {
            (n, list) = (list, n);
        }

        var count = CountArg("take", n);
        var l = ListArg("take", list);
        if (count >= l.Count)
        {
            return l;
        }

        var buffer = new object?[count];
        var node = l;
        for (var i = 0; i < count; i++, node = node.Tail)
        {
            buffer[i] = node.Head;
        }

        return FList.Of(buffer);
    }

    /// <summary><c>(drop n list)</c>: the list without its first n elements.</summary>
    [Builtin("drop")]
    public static object? Drop(object? n, object? list)
    {
        if (n is FList && list is long)
        {
            (n, list) = (list, n);
        }

        var count = CountArg("drop", n);
        var node = ListArg("drop", list);
        for (var i = 0; i < count && !node.IsEmpty; i++)
        {
            node = node.Tail;
        }

        return node;
    }

    /// <summary><c>(range end)</c>: 0, 1, ... end-1.</summary>
    [Builtin("range")]
    public static object? Range(object? end) => MakeRange(0, IntArg("range", end), 1);

    /// <summary><c>(range start end)</c>: start, start+1, ... end-1.</summary>
    [Builtin("range")]
    public static object? Range(object? start, object? end) => MakeRange(IntArg("range", start), IntArg("range", end), 1);

    /// <summary><c>(range start end step)</c>: from start towards end (excluded) by step, which may be negative but not zero.</summary>
    [Builtin("range")]
    public static object? Range(object? start, object? end, object? step) =>
        MakeRange(IntArg("range", start), IntArg("range", end), IntArg("range", step));

    private static object? FirstOf(string function, object? list)
    {
        var l = ListArg(function, list);
        return l.IsEmpty ? null : l.Head;
    }

    private static object? NthOf(string function, object? list, object? index)
    {
        var l = ListArg(function, list);
        var i = index is long n ? n : throw Errors.WrongType(function, "an integer index", index);
        if (i < 0 || i >= l.Count)
        {
            throw Errors.IndexOutOfRange(function, i, "a list", l.Count);
        }

        return l[(int)i];
    }

    private static object LengthOf(string function, object? coll) => coll switch
    {
        FList l => Boxes.Int(l.Count),
        FMap m => Boxes.Int(m.Count),
        string s => Boxes.Int(s.Length),
        null => Boxes.Int(0),
        _ => throw Errors.WrongType(function, "a list, map or string", coll),
    };

    // (map f (range start end)) without the range's list: see Fused.MapRange.
    internal static object? MapRange(object? f, object? start, object? end)
    {
        var from = IntArg("range", start);
        var count = RangeCount(from, IntArg("range", end), 1);
        var fn = FnArg("map", f);
        if (count == 0)
        {
            return FList.Empty;
        }

        var results = new object?[count];
        for (var i = 0; i < results.Length; i++)
        {
            Rt.EnsureStack();
            results[i] = fn.Invoke(Boxes.Int(from + i));
        }

        return FList.Of(results);
    }

    // (fold f init (range start end)) without the range's list: see Fused.FoldRange. The range's errors first,
    // then fold's, as the nested calls give them.
    internal static object? FoldRange(string function, object? f, object? init, object? start, object? end)
    {
        var from = IntArg("range", start);
        var count = RangeCount(from, IntArg("range", end), 1);
        return FoldCounted(FnArg(function, f), init, from, count);
    }

    // (f acc i) for i = from, from+1, ... (count of them).
    private static object? FoldCounted(Fn fn, object? acc, long from, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Rt.EnsureStack();
            acc = fn.Invoke(acc, Boxes.Int(from + i));
        }

        return acc;
    }

    // FoldRange with an owned accumulator (OwnedMaps.Fold): a map to start from is built on in place.
    internal static object? OwnedFoldRange(string function, object? f, object? init, object? start, object? end)
    {
        var from = IntArg("range", start);
        var count = RangeCount(from, IntArg("range", end), 1);
        if (count == 0 || init is not FMap map || f is not Fn fn)
        {
            return FoldRange(function, f, init, start, end);
        }

        // As OwnedMaps.Fold: the builder is this call's alone, and the initial map is never changed.
        var acc = FoldCounted(fn, map.ToBuilder(), from, count);
        return acc is FMap.Builder built ? built.Persistent() : acc;
    }

    // The number of elements of a range, or the range's error.
    private static int RangeCount(long start, long end, long step)
    {
        if (step == 0)
        {
            throw Errors.BadArgument("range", "the step must not be zero");
        }

        // Int128 keeps the count and the last element exact at the edges of the long range.
        Int128 count = step > 0
            ? (end <= start ? 0 : ((Int128)end - start + step - 1) / step)
            : (end >= start ? 0 : ((Int128)start - end - step - 1) / -(Int128)step);
        if (count > Array.MaxLength)
        {
            throw Errors.BadArgument("range", $"a range of {count} elements is too large");
        }

        return (int)count;
    }

    private static FList MakeRange(long start, long end, long step)
    {
        var count = RangeCount(start, end, step);
        var list = FList.Empty;
        if (count == 0)
        {
            return list;
        }

        var value = (long)(start + ((Int128)(count - 1) * step));
        for (var i = (int)count - 1; ; i--)
        {
            Rt.EnsureStack();
            list = list.Cons(Boxes.Int(value));
            if (i == 0)
            {
                return list;
            }

            value -= step;
        }
    }
}
