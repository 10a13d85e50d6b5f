using System.Collections;
using System.Collections.Immutable;

namespace FluentAI.Plugins.Values;

/// <summary>
/// An immutable FluentAI map. Keys compare by value; enumeration and printing follow insertion
/// order (re-associating an existing key keeps its place), so printing is deterministic.
/// </summary>
public sealed class FMap : IReadOnlyDictionary<object?, object?>, IEquatable<FMap>
{
    /// <summary>The empty map <c>{}</c>.</summary>
    public static readonly FMap Empty = new(
        ImmutableDictionary.Create<object, Entry>(ValueEquality.KeyComparer),
        ImmutableSortedDictionary<long, object>.Empty,
        0);

    // Null cannot be a dictionary key, so nil keys are stored as this marker.
    private static readonly object NilKey = new();

    private readonly ImmutableDictionary<object, Entry> _entries;
    private readonly ImmutableSortedDictionary<long, object> _order;
    private readonly long _nextSeq;

    private FMap(ImmutableDictionary<object, Entry> entries, ImmutableSortedDictionary<long, object> order, long nextSeq)
    {
        _entries = entries;
        _order = order;
        _nextSeq = nextSeq;
    }

    private readonly record struct Entry(long Seq, object? Value);

    /// <summary>The number of entries.</summary>
    public int Count => _entries.Count;

    /// <summary>The value for <paramref name="key"/>, or nil when absent.</summary>
    public object? this[object? key] => _entries.TryGetValue(key ?? NilKey, out var e) ? e.Value : null;

    /// <summary>Keys in insertion order.</summary>
    public IEnumerable<object?> Keys => _order.Values.Select(Unwrap);

    /// <summary>Values in insertion order.</summary>
    public IEnumerable<object?> Values => _order.Values.Select(k => _entries[k].Value);

    /// <summary>True when the map has <paramref name="key"/>.</summary>
    public bool ContainsKey(object? key) => _entries.ContainsKey(key ?? NilKey);

    /// <summary>Looks a key up.</summary>
    public bool TryGetValue(object? key, out object? value)
    {
        if (_entries.TryGetValue(key ?? NilKey, out var e))
        {
            value = e.Value;
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>A map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public FMap Assoc(object? key, object? value)
    {
        var k = key ?? NilKey;
        if (_entries.TryGetValue(k, out var existing))
        {
            return new FMap(_entries.SetItem(k, existing with { Value = value }), _order, _nextSeq);
        }

        return new FMap(_entries.Add(k, new Entry(_nextSeq, value)), _order.Add(_nextSeq, k), _nextSeq + 1);
    }

    /// <summary>A map without <paramref name="key"/>.</summary>
    public FMap Dissoc(object? key)
    {
        var k = key ?? NilKey;
        if (!_entries.TryGetValue(k, out var existing))
        {
            return this;
        }

        return new FMap(_entries.Remove(k), _order.Remove(existing.Seq), _nextSeq);
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
        foreach (var k in _order.Values)
        {
            yield return new KeyValuePair<object?, object?>(Unwrap(k), _entries[k].Value);
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

        foreach (var (k, e) in _entries)
        {
            if (!other._entries.TryGetValue(k, out var o) || !ValueEquality.Equal(e.Value, o.Value))
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
        foreach (var (k, e) in _entries)
        {
            hash ^= HashCode.Combine(ValueEquality.Hash(Unwrap(k)), ValueEquality.Hash(e.Value));
        }

        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => Printer.Print(this);
}
