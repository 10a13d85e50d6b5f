using System.Collections;

namespace FluentAI.Plugins.Values;

/// <summary>
/// An immutable FluentAI map. Keys compare by value; enumeration and printing follow insertion
/// order (re-associating an existing key keeps its place), so printing is deterministic.
/// </summary>
/// <remarks>
/// Up to <see cref="SmallLimit"/> entries a map is one array of keys and values in insertion order,
/// searched linearly (a record such as <c>{:id 1 :qty 3}</c> is two objects). Beyond that it is a hash
/// trie (<see cref="MapTrie"/>) for the keys and a persistent vector (<see cref="KeyOrder"/>) for their order.
/// </remarks>
public sealed class FMap : IReadOnlyDictionary<object?, object?>, IEquatable<FMap>
{
    /// <summary>The empty map <c>{}</c>.</summary>
    public static readonly FMap Empty = new([]);

    /// <summary>The most entries a map holds in its array form.</summary>
    internal const int SmallLimit = 8;

    // Null cannot be a trie key, so nil keys are stored as this marker.
    private static readonly object NilKey = new();

    // The array form: keys and values alternating, in insertion order; null in the trie form.
    private readonly object?[]? _small;

    // The trie form: keys by hash, and their insertion order (an entry's Seq is its key's slot there).
    private readonly MapTrie? _entries;
    private readonly KeyOrder? _order;
    private readonly int _count;

    private FMap(object?[] small)
    {
        _small = small;
        _count = small.Length / 2;
    }

    private FMap(MapTrie entries, KeyOrder order, int count)
    {
        _entries = entries;
        _order = order;
        _count = count;
    }

    /// <summary>The number of entries.</summary>
    public int Count => _count;

    /// <summary>The value for <paramref name="key"/>, or nil when absent.</summary>
    public object? this[object? key]
    {
        get
        {
            TryGetValue(key, out var value);
            return value;
        }
    }

    /// <summary>Keys in insertion order.</summary>
    public IEnumerable<object?> Keys => this.Select(e => e.Key);

    /// <summary>Values in insertion order.</summary>
    public IEnumerable<object?> Values => this.Select(e => e.Value);

    /// <summary>True when the map has <paramref name="key"/>.</summary>
    public bool ContainsKey(object? key) => TryGetValue(key, out _);

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(object? key, out object? value)
    {
        var k = key ?? NilKey;
        if (_small is { } small)
        {
            var at = IndexOf(small, k);
            value = at < 0 ? null : small[at + 1];
            return at >= 0;
        }

        var e = _entries!.Find(k, ValueEquality.Hash(key), 0);
        value = e?.Value;
        return e is not null;
    }

    /// <summary>A map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public FMap Assoc(object? key, object? value)
    {
        var k = key ?? NilKey;
        if (_small is { } small)
        {
            var at = IndexOf(small, k);
            if (at >= 0)
            {
                if (ReferenceEquals(small[at + 1], value))
                {
                    return this;
                }

                var replaced = (object?[])small.Clone();
                replaced[at + 1] = value;
                return new FMap(replaced);
            }

            if (_count < SmallLimit)
            {
                var added = new object?[small.Length + 2];
                Array.Copy(small, added, small.Length);
                added[^2] = k;
                added[^1] = value;
                return new FMap(added);
            }

            return Grow(small).Assoc(key, value);
        }

        var hash = ValueEquality.Hash(key);
        if (_entries!.Find(k, hash, 0) is { } existing)
        {
            // Re-associating keeps the key's place in the order.
            return ReferenceEquals(existing.Value, value)
                ? this
                : new FMap(_entries.Set(new MapEntry(k, hash, existing.Seq, value), 0), _order!, _count);
        }

        return new FMap(_entries.Set(new MapEntry(k, hash, _order!.Count, value), 0), _order.Append(k), _count + 1);
    }

    /// <summary>A map without <paramref name="key"/>.</summary>
    public FMap Dissoc(object? key)
    {
        var k = key ?? NilKey;
        if (_small is { } small)
        {
            var at = IndexOf(small, k);
            if (at < 0)
            {
                return this;
            }

            if (small.Length == 2)
            {
                return Empty;
            }

            var smaller = new object?[small.Length - 2];
            Array.Copy(small, smaller, at);
            Array.Copy(small, at + 2, smaller, at, small.Length - at - 2);
            return new FMap(smaller);
        }

        var hash = ValueEquality.Hash(key);
        if (_entries!.Find(k, hash, 0) is not { } existing)
        {
            return this;
        }

        var removed = new FMap(_entries.Remove(k, hash, 0) ?? MapTrie.Empty, _order!.Set(existing.Seq, KeyOrder.Removed), _count - 1);

        // Removed slots are skipped when enumerating: once they outnumber the entries (or few are left), the map is rebuilt.
        return removed._count <= SmallLimit || removed._order!.Count - removed._count > Math.Max(32, removed._count) ? From(removed) : removed;
    }

    private static int IndexOf(object?[] small, object key)
    {
        for (var i = 0; i < small.Length; i += 2)
        {
            if (ValueEquality.Equal(small[i], key))
            {
                return i;
            }
        }

        return -1;
    }

    private static FMap Grow(object?[] small)
    {
        var entries = MapTrie.Empty;
        var order = KeyOrder.Empty;
        for (var i = 0; i < small.Length; i += 2)
        {
            var k = small[i]!;
            entries = entries.Set(new MapEntry(k, ValueEquality.Hash(Unwrap(k)), order.Count, small[i + 1]), 0);
            order = order.Append(k);
        }

        return new FMap(entries, order, small.Length / 2);
    }

    /// <summary>Builds a map from alternating keys and values.</summary>
    public static FMap Of(params ReadOnlySpan<object?> keysAndValues)
    {
        if (keysAndValues.Length % 2 != 0)
        {
            throw new ArgumentException("a map needs an even number of keys and values", nameof(keysAndValues));
        }

        var map = Empty;
        for (var i = 0; i < keysAndValues.Length; i += 2)
        {
            map = map.Assoc(keysAndValues[i], keysAndValues[i + 1]);
        }

        return map;
    }

    /// <summary>Builds a map from pairs, keeping their order.</summary>
    public static FMap From(IEnumerable<KeyValuePair<object?, object?>> pairs)
    {
        var map = Empty;
        foreach (var (k, v) in pairs)
        {
            map = map.Assoc(k, v);
        }

        return map;
    }

    private static object? Unwrap(object key) => ReferenceEquals(key, NilKey) ? null : key;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<object?, object?>> GetEnumerator()
    {
        if (_small is { } small)
        {
            for (var i = 0; i < small.Length; i += 2)
            {
                yield return new KeyValuePair<object?, object?>(Unwrap(small[i]!), small[i + 1]);
            }

            yield break;
        }

        var order = _order!;
        object[] leaf = [];
        for (var i = 0; i < order.Count; i++)
        {
            if ((i & 31) == 0)
            {
                leaf = order.LeafOf(i);
            }

            var k = leaf[i & 31];
            if (!ReferenceEquals(k, KeyOrder.Removed))
            {
                var e = _entries!.Find(k, ValueEquality.Hash(Unwrap(k)), 0)!;
                yield return new KeyValuePair<object?, object?>(Unwrap(k), e.Value);
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc />
    public bool Equals(FMap? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (var (k, v) in this)
        {
            if (!other.TryGetValue(k, out var o) || !ValueEquality.Equal(v, o))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is FMap other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        // Order-independent, as equality is.
        var hash = 0;
        foreach (var (k, v) in this)
        {
            hash ^= HashCode.Combine(ValueEquality.Hash(k), ValueEquality.Hash(v));
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => Printer.Print(this);
}
