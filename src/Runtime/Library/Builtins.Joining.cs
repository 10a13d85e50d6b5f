using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Putting lists together. The last list is shared, not copied.
public static partial class Builtins
{
    /// <summary><c>(append)</c> is the empty list.</summary>
    [Builtin("append")]
    public static object? Append() => FList.Empty;

    /// <summary><c>(append list)</c> is the list.</summary>
    [Builtin("append")]
    public static object? Append(object? list) => ListArg("append", list);

    /// <summary>
    /// <c>(append xs ys)</c>: the elements of xs followed by those of ys; when ys is not a list,
    /// it is added as the last element (FluentAI's <c>(append list x)</c>).
    /// </summary>
    [Builtin("append")]
    public static object? Append(object? list, object? more)
    {
        var first = ListArg("append", list);
        return more is FList or null
            ? Concat(first, (FList?)more ?? FList.Empty)
            : Concat(first, FList.Empty.Cons(more));
    }

    /// <summary><c>(append xs ys ...)</c>: every argument after the first is spliced in when it is a list and added as an element otherwise.</summary>
    [Builtin("append")]
    public static object? Append(params object?[] lists) => JoinAll("append", Spread(lists), elementsAllowed: true);

    /// <summary><c>(concat)</c> is the empty list.</summary>
    [Builtin("concat")]
    public static object? Concat() => FList.Empty;

    /// <summary><c>(concat list)</c> is the list.</summary>
    [Builtin("concat")]
    public static object? Concat(object? list) => ListArg("concat", list);

    /// <summary><c>(concat xs ys)</c>: the elements of xs followed by those of ys.</summary>
    [Builtin("concat")]
    public static object? Concat(object? list1, object? list2) => Concat(ListArg("concat", list1), ListArg("concat", list2));

    /// <summary><c>(concat xs ys ...)</c>: the elements of all the lists, in order.</summary>
    [Builtin("concat")]
    public static object? Concat(params object?[] lists) => JoinAll("concat", Spread(lists), elementsAllowed: false);

    /// <summary><c>(zip xs ys)</c>: a list of two-element lists, as long as the shorter list.</summary>
    [Builtin("zip")]
    public static object? Zip(object? list1, object? list2)
    {
        var a = ListArg("zip", list1);
        var b = ListArg("zip", list2);
        var pairs = new object?[Math.Min(a.Count, b.Count)];
        for (var i = 0; i < pairs.Length; i++, a = a.Tail, b = b.Tail)
        {
            pairs[i] = FList.Empty.Cons(b.Head).Cons(a.Head);
        }

        return FList.Of(pairs);
    }

    /// <summary><c>(flatten list)</c>: the non-list elements of a nested list, in order.</summary>
    [Builtin("flatten")]
    public static object? Flatten(object? list)
    {
        var buffer = new List<object?>();
        var pending = new Stack<FList>();
        pending.Push(ListArg("flatten", list));
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            for (; !node.IsEmpty; node = node.Tail)
            {
                if (node.Head is FList inner)
                {
                    // Come back to the rest of this list after the inner one, without recursion.
                    pending.Push(node.Tail);
                    pending.Push(inner);
                    break;
                }

                buffer.Add(node.Head);
            }
        }

        var result = FList.Empty;
        for (var i = buffer.Count - 1; i >= 0; i--)
        {
            result = result.Cons(buffer[i]);
        }

        return result;
    }

    private static FList Concat(FList first, FList second)
    {
        if (first.IsEmpty)
        {
            return second;
        }

        return second.IsEmpty ? first : ListOf(first.ToArray(), first.Count, second);
    }

    private static FList JoinAll(string function, object?[] args, bool elementsAllowed)
    {
        if (args.Length == 0)
        {
            return FList.Empty;
        }

        // The last argument becomes the shared tail; everything before it is copied.
        var last = args[^1];
        FList tail;
        if (args.Length == 1 || last is FList or null || !elementsAllowed)
        {
            tail = ListArg(function, last);
        }
        else
        {
            tail = FList.Empty.Cons(last);
        }

        var buffer = new List<object?>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            var arg = args[i];
            if (arg is FList or null || i == 0 || !elementsAllowed)
            {
                for (var node = ListArg(function, arg); !node.IsEmpty; node = node.Tail)
                {
                    buffer.Add(node.Head);
                }
            }
            else
            {
                buffer.Add(arg);
            }
        }

        var result = tail;
        for (var i = buffer.Count - 1; i >= 0; i--)
        {
            result = result.Cons(buffer[i]);
        }

        return result;
    }
}
