using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Higher-order functions over lists. The function argument is checked first, so its error names the library function.
// Each loop polls (Rt.EnsureStack) per element: a function that makes no calls does not, and an interrupt must reach the loop.
public static partial class Builtins
{
    /// <summary><c>(identity x)</c> is x.</summary>
    [Builtin("identity")]
    public static object? Identity(object? x) => x;

    /// <summary><c>(map f list)</c>: a list of f applied to each element.</summary>
    [Builtin("map")]
    public static object? Map(object? f, object? list)
    {
        var fn = FnArg("map", f);
        var l = ListArg("map", list);
        if (l.IsEmpty)
        {
            return FList.Empty;
        }

        var results = new object?[l.Count];
        var i = 0;
        for (var node = l; !node.IsEmpty; node = node.Tail)
        {
            Rt.EnsureStack();
            results[i++] = fn.Invoke(node.Head);
        }

        return FList.Of(results);
    }

    /// <summary><c>(map f xs ys)</c>: f applied to pairs of elements, as long as the shorter list.</summary>
    [Builtin("map")]
    public static object? Map(object? f, object? list1, object? list2)
    {
        var fn = FnArg("map", f);
        var a = ListArg("map", list1);
        var b = ListArg("map", list2);
        var results = new object?[Math.Min(a.Count, b.Count)];
        for (var i = 0; i < results.Length; i++, a = a.Tail, b = b.Tail)
        {
            Rt.EnsureStack();
            results[i] = fn.Invoke(a.Head, b.Head);
        }

        return FList.Of(results);
    }

    /// <summary><c>(map f xs ys zs ...)</c>: f applied to the elements of every list at the same index.</summary>
    [Builtin("map")]
    public static object? Map(object? f, object? list1, params object?[] lists)
    {
        lists = Spread(lists);
        var fn = FnArg("map", f);
        var nodes = new FList[lists.Length + 1];
        nodes[0] = ListArg("map", list1);
        var count = nodes[0].Count;
        for (var j = 0; j < lists.Length; j++)
        {
            nodes[j + 1] = ListArg("map", lists[j]);
            count = Math.Min(count, nodes[j + 1].Count);
        }

        var results = new object?[count];
        for (var i = 0; i < count; i++)
        {
            Rt.EnsureStack();
            var args = new object?[nodes.Length];
            for (var j = 0; j < nodes.Length; j++)
            {
                args[j] = nodes[j].Head;
                nodes[j] = nodes[j].Tail;
            }

            results[i] = fn.Apply(args);
        }

        return FList.Of(results);
    }

    /// <summary><c>(filter pred list)</c>: the elements for which pred is truthy, in order.</summary>
    [Builtin("filter")]
    public static object? Filter(object? pred, object? list)
    {
        var fn = FnArg("filter", pred);
        var l = ListArg("filter", list);
        var kept = new object?[l.Count];
        var count = 0;
        var all = true;
        for (var node = l; !node.IsEmpty; node = node.Tail)
        {
            Rt.EnsureStack();
            var x = node.Head;
            if (Ops.Truthy(fn.Invoke(x)))
            {
                kept[count++] = x;
            }
            else
            {
                all = false;
            }
        }

        return all ? l : ListOf(kept, count, FList.Empty);
    }

    /// <summary><c>(fold f init list)</c>: calls <c>(f acc x)</c> for each element from the left, starting with init.</summary>
    [Builtin("fold")]
    public static object? Fold(object? f, object? init, object? list) => FoldFrom("fold", f, init, list);

    /// <summary><c>(reduce f list)</c>: fold with the first element as the initial value; <c>(f)</c> for the empty list.</summary>
    [Builtin("reduce")]
    public static object? Reduce(object? f, object? list)
    {
        var fn = FnArg("reduce", f);
        var l = ListArg("reduce", list);
        return l.IsEmpty ? fn.Invoke() : FoldFrom("reduce", fn, l.Head, l.Tail);
    }

    /// <summary><c>(reduce f init list)</c>: the same as <c>(fold f init list)</c>.</summary>
    [Builtin("reduce")]
    public static object? Reduce(object? f, object? init, object? list) => FoldFrom("reduce", f, init, list);

    /// <summary><c>(apply f list)</c>: calls f with the elements of list as its arguments.</summary>
    [Builtin("apply")]
    public static object? Apply(object? f, object? list) => FnArg("apply", f).Apply(ListArg("apply", list).ToArray());

    /// <summary><c>(apply f a b ... list)</c>: calls f with a, b, ... followed by the elements of list.</summary>
    [Builtin("apply")]
    public static object? Apply(object? f, object? a, params object?[] rest)
    {
        rest = Spread(rest);
        var fn = FnArg("apply", f);
        if (rest.Length == 0)
        {
            return fn.Apply(ListArg("apply", a).ToArray());
        }

        var tail = ListArg("apply", rest[^1]);
        var args = new object?[1 + rest.Length - 1 + tail.Count];
        args[0] = a;
        Array.Copy(rest, 0, args, 1, rest.Length - 1);
        var i = rest.Length;
        for (var node = tail; !node.IsEmpty; node = node.Tail)
        {
            args[i++] = node.Head;
        }

        return fn.Apply(args);
    }

    /// <summary><c>(sort list)</c>: numbers or strings in ascending order; equal elements keep their order.</summary>
    [Builtin("sort")]
    public static object? Sort(object? list)
    {
        var l = ListArg("sort", list);
        if (l.Count < 2)
        {
            return l;
        }

        var items = l.ToArray();
        var numbers = items[0] is long or double;
        foreach (var x in items)
        {
            var ok = numbers ? x is long or double : x is string;
            if (!ok)
            {
                throw Errors.WrongType("sort", "a list of numbers or a list of strings", x);
            }
        }

        // Sorting positions, with the position as the tie-break, makes the unstable Array.Sort stable.
        var order = new int[items.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Comparison<int> compare = numbers
            ? (i, j) => CompareNumbers(items[i], items[j]) is var c && c != 0 ? c : i.CompareTo(j)
            : (i, j) => string.CompareOrdinal((string)items[i]!, (string)items[j]!) is var c && c != 0 ? c : i.CompareTo(j);
        Array.Sort(order, compare);

        var sorted = new object?[items.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            sorted[i] = items[order[i]];
        }

        return FList.Of(sorted);
    }

    private static object? FoldFrom(string function, object? f, object? init, object? list)
    {
        var fn = FnArg(function, f);
        var acc = init;
        for (var node = ListArg(function, list); !node.IsEmpty; node = node.Tail)
        {
            Rt.EnsureStack();
            acc = fn.Invoke(acc, node.Head);
        }

        return acc;
    }

    private static int CompareNumbers(object? a, object? b) =>
        a is long x && b is long y ? x.CompareTo(y) : Ops.ToDouble(a, "sort").CompareTo(Ops.ToDouble(b, "sort"));
}
