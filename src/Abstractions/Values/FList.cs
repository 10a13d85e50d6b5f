using System.Collections;

namespace FluentAI.Plugins.Values;

/// <summary>
/// An immutable FluentAI list: a singly linked cons list that knows its length, so
/// <c>cons</c>, <c>first</c>, <c>rest</c> and <c>length</c> are O(1).
/// </summary>
public sealed class FList : IReadOnlyList<object?>, IEquatable<FList>
{
    /// <summary>The empty list <c>()</c>.</summary>
    public static readonly FList Empty = new();

    private readonly object? _head;
    private readonly FList? _tail;

    private FList()
    {
    }

    private FList(object? head, FList tail)
    {
        _head = head;
        _tail = tail;
        Count = tail.Count + 1;
    }

    /// <summary>The number of elements.</summary>
    public int Count { get; }

    /// <summary>True for the empty list.</summary>
    public bool IsEmpty => Count == 0;

    /// <summary>The first element; the empty list has none.</summary>
    public object? Head => Count == 0 ? throw new InvalidOperationException("the empty list has no first element") : _head;

    /// <summary>Everything after the first element; the tail of the empty list is empty.</summary>
    public FList Tail => _tail ?? Empty;

    /// <summary>A list with <paramref name="head"/> before this one.</summary>
    public FList Cons(object? head) => new(head, this);

    /// <summary>The element at <paramref name="index"/> (O(n)).</summary>
    public object? this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), $"index {index} is outside a list of length {Count}");
            }

            var node = this;
            for (var i = 0; i < index; i++)
            {
                node = node._tail!;
            }

            return node._head;
        }
    }

    /// <summary>Builds a list from the elements in order.</summary>
    public static FList Of(params ReadOnlySpan<object?> items)
    {
        var list = Empty;
        for (var i = items.Length - 1; i >= 0; i--)
        {
            list = new FList(items[i], list);
        }

        return list;
    }

    /// <summary>Builds a list from a sequence, keeping its order.</summary>
    public static FList From(IEnumerable<object?> items)
    {
        if (items is FList l)
        {
            return l;
        }

        var buffer = items as IReadOnlyList<object?> ?? items.ToList();
        var list = Empty;
        for (var i = buffer.Count - 1; i >= 0; i--)
        {
            list = new FList(buffer[i], list);
        }

        return list;
    }

    /// <summary>Copies the elements into a new array.</summary>
    public object?[] ToArray()
    {
        var array = new object?[Count];
        var node = this;
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = node._head;
            node = node._tail!;
        }

        return array;
    }

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator()
    {
        for (var node = this; node.Count > 0; node = node._tail!)
        {
            yield return node._head;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(FList? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Count != Count)
        {
            return false;
        }

        for (FList a = this, b = other; a.Count > 0; a = a._tail!, b = b._tail!)
        {
            if (!ValueEquality.Equal(a._head, b._head))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FList other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in this)
        {
            hash.Add(ValueEquality.Hash(item));
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => Printer.Print(this);
}
