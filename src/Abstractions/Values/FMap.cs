using System.Collections;
using System.Runtime.CompilerServices;

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

    // The array form (keys and values alternating, in insertion order), or the trie form's Big. One field
    // for both keeps a record, the commonest map, at two small objects.
    private readonly object _rep;
    private readonly int _count;

    private FMap(object?[] small)
    {
        _rep = small;
        _count = small.Length / 2;
    }

    private FMap(MapTrie entries, KeyOrder order, int count)
    {
        _rep = new Big(entries, order);
        _count = count;
    }

    // The array form, or null in the trie form.
    private object?[]? Small => _rep is Big ? null : Unsafe.As<object?[]>(_rep);

    // The trie form (read only when Small is null).
    private Big Trie => Unsafe.As<Big>(_rep);

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
        if (Small is { } small)
        {
            var at = IndexOf(small, k);
            value = at < 0 ? null : small[at + 1];
            return at >= 0;
        }

        var e = Trie.Entries.Find(k, ValueEquality.Hash(key), 0);
        value = e?.Value;
        return e is not null;
    }

    /// <summary>A map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public FMap Assoc(object? key, object? value)
    {
        var k = key ?? NilKey;
        if (Small is { } small)
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

        // Re-associating keeps the key's place in the order.
        var outcome = SetOutcome.Unchanged;
        var entries = Trie.Entries.Set(null, k, ValueEquality.Hash(key), value, Trie.Order.Count, 0, ref outcome);
        return outcome switch
        {
            SetOutcome.Unchanged => this,
            SetOutcome.Replaced => new FMap(entries, Trie.Order, _count),
            _ => new FMap(entries, Trie.Order.Append(k), _count + 1),
        };
    }

    /// <summary>A map without <paramref name="key"/>.</summary>
    public FMap Dissoc(object? key)
    {
        var k = key ?? NilKey;
        if (Small is { } small)
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
        if (Trie.Entries.Find(k, hash, 0) is not { } existing)
        {
            return this;
        }

        var removed = new FMap(Trie.Entries.Remove(k, hash, 0) ?? MapTrie.Empty, Trie.Order.Set(existing.Seq, KeyOrder.Removed), _count - 1);

        // Removed slots are skipped when enumerating: once they outnumber the entries (or few are left), the map is rebuilt.
        return removed._count <= SmallLimit || removed.Trie.Order.Count - removed._count > Math.Max(32, removed._count) ? From(removed) : removed;
    }

    private static int IndexOf(object?[] small, object key) => IndexOf(small, small.Length, key);

    private static int IndexOf(object?[] small, int length, object key)
    {
        if (key is Keyword)
        {
            // A record's keys are mostly keywords, and a keyword equals only itself.
            for (var i = 0; i < length; i += 2)
            {
                if (ReferenceEquals(small[i], key))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < length; i += 2)
        {
            if (ValueEquality.Equal(small[i], key))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A builder that starts as this map: its changes go to nodes it owns, in place, and this map (like
    /// every other) stays as it is. <see cref="Builder.Persistent"/> gives the map built.
    /// </summary>
    public Builder ToBuilder() => new(this);

    private static FMap Grow(object?[] small)
    {
        var entries = MapTrie.Empty;
        var order = KeyOrder.Empty;
        for (var i = 0; i < small.Length; i += 2)
        {
            var k = small[i]!;
            var outcome = SetOutcome.Unchanged;
            entries = entries.Set(null, k, ValueEquality.Hash(Unwrap(k)), small[i + 1], order.Count, 0, ref outcome);
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

        if (keysAndValues.Length == 0)
        {
            return Empty;
        }

        if (keysAndValues.Length <= SmallLimit * 2)
        {
            // A record's worth of distinct keys is its array as it stands: one array, no map per pair.
            var small = new object?[keysAndValues.Length];
            var used = 0;
            for (var i = 0; i < keysAndValues.Length; i += 2)
            {
                var k = keysAndValues[i] ?? NilKey;
                if (IndexOf(small, used, k) is var at && at >= 0)
                {
                    // A repeated key: the later value wins in the first key's place, as assoc does.
                    small[at + 1] = keysAndValues[i + 1];
                    continue;
                }

                small[used++] = k;
                small[used++] = keysAndValues[i + 1];
            }

            return new FMap(used == small.Length ? small : small[..used]);
        }

        var builder = Empty.ToBuilder();
        for (var i = 0; i < keysAndValues.Length; i += 2)
        {
            builder.Assoc(keysAndValues[i], keysAndValues[i + 1]);
        }

        return builder.Persistent();
    }

    /// <summary>Builds a map from pairs, keeping their order.</summary>
    public static FMap From(IEnumerable<KeyValuePair<object?, object?>> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var builder = Empty.ToBuilder();
        foreach (var (k, v) in pairs)
        {
            builder.Assoc(k, v);
        }

        return builder.Persistent();
    }

    private static object? Unwrap(object key) => ReferenceEquals(key, NilKey) ? null : key;

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<object?, object?>> GetEnumerator()
    {
        if (Small is { } small)
        {
            for (var i = 0; i < small.Length; i += 2)
            {
                yield return new KeyValuePair<object?, object?>(Unwrap(small[i]!), small[i + 1]);
            }

            yield break;
        }

        var order = Trie.Order;
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
                var e = Trie.Entries.Find(k, ValueEquality.Hash(Unwrap(k)), 0)!;
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

    /// <summary>The trie form: keys by hash, and their insertion order (an entry's Seq is its key's slot there).</summary>
    private sealed class Big(MapTrie entries, KeyOrder order)
    {
        public readonly MapTrie Entries = entries;
        public readonly KeyOrder Order = order;
    }

    /// <summary>
    /// A map being built in place, as Clojure's transients: the trie nodes and the order's tail it made
    /// itself are changed without copying, and nodes it shares with other maps are copied (once) before it
    /// changes them, so no other map ever sees a change. <see cref="Persistent"/> freezes it into an
    /// <see cref="FMap"/>, which, like every map, is never changed again; the builder cannot be used after that.
    /// </summary>
    /// <remarks>Not safe for use from more than one thread at a time. Insertion order is kept as <see cref="FMap.Assoc"/> keeps it.</remarks>
    public sealed class Builder
    {
        // Null once frozen.
        private Owner? _owner = new();

        // The map the builder started from, returned by Persistent when nothing changed.
        private readonly FMap _source;
        private bool _changed;

        // The array form: room for SmallLimit entries, the first 2 * _count slots used; null in the trie form.
        private object?[]? _small;
        private MapTrie? _entries;
        private KeyOrder.Builder? _order;
        private int _count;

        internal Builder(FMap source)
        {
            _source = source;
            _count = source._count;
            if (source.Small is { } small)
            {
                _small = new object?[SmallLimit * 2];
                Array.Copy(small, _small, small.Length);
            }
            else
            {
                _entries = source.Trie.Entries;
                _order = new KeyOrder.Builder(source.Trie.Order);
            }
        }

        /// <summary>The number of entries.</summary>
        public int Count
        {
            get
            {
                Live();
                return _count;
            }
        }

        /// <summary>True when the map being built has <paramref name="key"/>.</summary>
        public bool ContainsKey(object? key) => TryGetValue(key, out _);

        /// <summary>Looks a key up in the map being built.</summary>
        public bool TryGetValue(object? key, out object? value)
        {
            Live();
            var k = key ?? NilKey;
            if (_small is { } small)
            {
                var at = IndexOf(small, _count * 2, k);
                value = at < 0 ? null : small[at + 1];
                return at >= 0;
            }

            var e = _entries!.Find(k, ValueEquality.Hash(key), 0);
            value = e?.Value;
            return e is not null;
        }

        /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> (a key already there keeps its place).</summary>
        public void Assoc(object? key, object? value)
        {
            var owner = Live();
            var k = key ?? NilKey;
            if (_small is { } small)
            {
                var at = IndexOf(small, _count * 2, k);
                if (at >= 0)
                {
                    if (!ReferenceEquals(small[at + 1], value))
                    {
                        small[at + 1] = value;
                        _changed = true;
                    }

                    return;
                }

                if (_count < SmallLimit)
                {
                    small[_count * 2] = k;
                    small[(_count * 2) + 1] = value;
                    _count++;
                    _changed = true;
                    return;
                }

                // The array is full: its entries move into a trie of our own, in order.
                var entries = MapTrie.Empty;
                var order = new KeyOrder.Builder(KeyOrder.Empty);
                for (var i = 0; i < small.Length; i += 2)
                {
                    var sk = small[i]!;
                    var added = SetOutcome.Unchanged;
                    entries = entries.Set(owner, sk, ValueEquality.Hash(Unwrap(sk)), small[i + 1], order.Count, 0, ref added);
                    order.Append(sk);
                }

                _small = null;
                _entries = entries;
                _order = order;
            }

            var outcome = SetOutcome.Unchanged;
            _entries = _entries!.Set(owner, k, ValueEquality.Hash(key), value, _order!.Count, 0, ref outcome);
            if (outcome == SetOutcome.Added)
            {
                _order.Append(k);
                _count++;
            }

            _changed |= outcome != SetOutcome.Unchanged;
        }

        /// <summary>Removes <paramref name="key"/> when present.</summary>
        public void Dissoc(object? key)
        {
            Live();
            var k = key ?? NilKey;
            if (_small is { } small)
            {
                var at = IndexOf(small, _count * 2, k);
                if (at >= 0)
                {
                    var used = _count * 2;
                    Array.Copy(small, at + 2, small, at, used - at - 2);
                    small[used - 2] = null;
                    small[used - 1] = null;
                    _count--;
                    _changed = true;
                }

                return;
            }

            var hash = ValueEquality.Hash(key);
            if (_entries!.Find(k, hash, 0) is not { } existing)
            {
                return;
            }

            // Removing copies the path as a persistent map does (a later set owns it again); the slot in the order is marked.
            _entries = _entries.Remove(k, hash, 0) ?? MapTrie.Empty;
            _order!.Set(existing.Seq, KeyOrder.Removed);
            _count--;
            _changed = true;
        }

        /// <summary>
        /// Freezes the builder: the map built (the map it started from when nothing changed). The builder
        /// cannot be used afterwards.
        /// </summary>
        /// <exception cref="InvalidOperationException">The builder was frozen already.</exception>
        public FMap Persistent()
        {
            Live();
            _owner = null;
            if (!_changed)
            {
                return _source;
            }

            FMap map;
            if (_small is { } small)
            {
                map = _count == 0 ? Empty : new FMap(small[..(_count * 2)]);
            }
            else
            {
                map = new FMap(_entries!, _order!.ToOrder(), _count);

                // As Dissoc: a map of few entries, or with more removed slots than entries, is rebuilt.
                if (_count <= SmallLimit || map.Trie.Order.Count - _count > Math.Max(32, _count))
                {
                    map = From(map);
                }
            }

            // The nodes were written by this thread without locks: publish them before the map is.
            Interlocked.MemoryBarrier();
            return map;
        }

        private Owner Live() => _owner ?? throw new InvalidOperationException("This map builder was frozen by Persistent(); it cannot be used again.");
    }
}
