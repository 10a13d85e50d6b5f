using System.Numerics;

namespace FluentAI.Plugins.Values;

/// <summary>One entry of a map: its key, the key's hash, its place in insertion order, and its value.</summary>
internal sealed class MapEntry(object key, int hash, int seq, object? value)
{
    public readonly object Key = key;
    public readonly int Hash = hash;
    public readonly int Seq = seq;
    public readonly object? Value = value;
}

/// <summary>
/// The persistent hash trie behind <see cref="FMap"/>: a compressed hash-array mapped trie in the CHAMP
/// layout (Steindorfer and Vinju, 2015). A node holds up to 32 slots chosen by five bits of the key's
/// hash; a bitmap says which slots hold an entry inline and another which hold a child node, and one
/// array holds the entries from its front and the children from its back. An update copies the path
/// from the root to the entry (a few arrays of at most 33 references), so every earlier map stays as
/// it was. Keys whose 32-bit hashes are equal share a collision node.
/// </summary>
/// <remarks>
/// A builder (<see cref="FMap.Builder"/>) edits through <see cref="SetOwned"/>: a node stamped with the
/// builder's <see cref="Owner"/> was made by that builder and is reachable only from it, so it is changed
/// in place; any other node is copied first (and the copy stamped), exactly as <see cref="Set"/> copies.
/// Once the builder is frozen it never edits again, so its nodes are then as immutable as any other.
/// </remarks>
internal abstract class MapTrie
{
    public static readonly MapTrie Empty = new Bitmap(null, 0, 0, []);

    private const int Bits = 5;
    private const int MaxShift = 30;

    /// <summary>The entry for <paramref name="key"/>, or null.</summary>
    public abstract MapEntry? Find(object key, int hash, int shift);

    /// <summary>This trie with <paramref name="entry"/> added, or replacing the entry of an equal key.</summary>
    public abstract MapTrie Set(MapEntry entry, int shift);

    /// <summary>
    /// As <see cref="Set"/>, but nodes owned by <paramref name="owner"/> are changed in place (the result
    /// is then this node); other nodes are copied and the copies owned.
    /// </summary>
    public abstract MapTrie SetOwned(Owner owner, MapEntry entry, int shift);

    /// <summary>This trie without <paramref name="key"/> (the same trie when absent), or null when nothing is left.</summary>
    public abstract MapTrie? Remove(object key, int hash, int shift);

    /// <summary>The only entry of a node that holds exactly one and no children, else null.</summary>
    protected abstract MapEntry? Single { get; }

    private static bool Same(MapEntry e, object key, int hash) => e.Hash == hash && ValueEquality.Equal(e.Key, key);

    private static MapTrie Pair(Owner? owner, MapEntry a, MapEntry b, int shift)
    {
        if (shift > MaxShift)
        {
            return new Collision(a.Hash, [a, b]);
        }

        var ba = Index(a.Hash, shift);
        var bb = Index(b.Hash, shift);
        if (ba == bb)
        {
            return new Bitmap(owner, 0, 1u << ba, [Pair(owner, a, b, shift + Bits)]);
        }

        return new Bitmap(owner, (1u << ba) | (1u << bb), 0, ba < bb ? [a, b] : [b, a]);
    }

    private static int Index(int hash, int shift) => (int)(((uint)hash >> shift) & 31);

    /// <summary>
    /// A node of the trie. <see cref="_content"/> is the entries in slot order (one per bit of
    /// <see cref="_dataMap"/>) followed by the children in reverse slot order (one per bit of <see cref="_nodeMap"/>).
    /// </summary>
    /// <remarks>The fields change only while <see cref="_owner"/>'s builder is live (see <see cref="SetOwned"/>).</remarks>
    private sealed class Bitmap(Owner? owner, uint dataMap, uint nodeMap, object[] content) : MapTrie
    {
        private readonly Owner? _owner = owner;
        private uint _dataMap = dataMap;
        private uint _nodeMap = nodeMap;
        private object[] _content = content;

        protected override MapEntry? Single => _nodeMap == 0 && _content.Length == 1 ? (MapEntry)_content[0] : null;

        public override MapEntry? Find(object key, int hash, int shift)
        {
            var node = this;
            while (true)
            {
                var bit = 1u << Index(hash, shift);
                if ((node._dataMap & bit) != 0)
                {
                    var e = (MapEntry)node._content[BitOperations.PopCount(node._dataMap & (bit - 1))];
                    return Same(e, key, hash) ? e : null;
                }

                if ((node._nodeMap & bit) == 0)
                {
                    return null;
                }

                var child = node._content[node._content.Length - 1 - BitOperations.PopCount(node._nodeMap & (bit - 1))];
                if (child is not Bitmap b)
                {
                    return ((MapTrie)child).Find(key, hash, shift + Bits);
                }

                node = b;
                shift += Bits;
            }
        }

        public override MapTrie Set(MapEntry entry, int shift)
        {
            var bit = 1u << Index(entry.Hash, shift);
            if ((_dataMap & bit) != 0)
            {
                var at = BitOperations.PopCount(_dataMap & (bit - 1));
                var existing = (MapEntry)_content[at];
                if (Same(existing, entry.Key, entry.Hash))
                {
                    var replaced = (object[])_content.Clone();
                    replaced[at] = entry;
                    return new Bitmap(null, _dataMap, _nodeMap, replaced);
                }

                // Two keys in one slot: the entry moves down into a child holding both.
                return WithChildForEntry(bit, at, Pair(null, existing, entry, shift + Bits));
            }

            if ((_nodeMap & bit) != 0)
            {
                var at = _content.Length - 1 - BitOperations.PopCount(_nodeMap & (bit - 1));
                var child = (MapTrie)_content[at];
                var updated = (object[])_content.Clone();
                updated[at] = child.Set(entry, shift + Bits);
                return new Bitmap(null, _dataMap, _nodeMap, updated);
            }

            var insert = BitOperations.PopCount(_dataMap & (bit - 1));
            var added = new object[_content.Length + 1];
            Array.Copy(_content, 0, added, 0, insert);
            added[insert] = entry;
            Array.Copy(_content, insert, added, insert + 1, _content.Length - insert);
            return new Bitmap(null, _dataMap | bit, _nodeMap, added);
        }

        public override MapTrie SetOwned(Owner owner, MapEntry entry, int shift)
        {
            var mine = ReferenceEquals(_owner, owner);
            var bit = 1u << Index(entry.Hash, shift);
            if ((_dataMap & bit) != 0)
            {
                var at = BitOperations.PopCount(_dataMap & (bit - 1));
                var existing = (MapEntry)_content[at];
                if (Same(existing, entry.Key, entry.Hash))
                {
                    var target = mine ? _content : (object[])_content.Clone();
                    target[at] = entry;
                    return mine ? this : new Bitmap(owner, _dataMap, _nodeMap, target);
                }

                var pair = Pair(owner, existing, entry, shift + Bits);
                if (!mine)
                {
                    return WithChildForEntry(bit, at, pair, owner);
                }

                // The entry leaves the front and the child joins the back: the array keeps its length.
                var nodeAt = _content.Length - 1 - BitOperations.PopCount(_nodeMap & (bit - 1));
                Array.Copy(_content, at + 1, _content, at, nodeAt - at);
                _content[nodeAt] = pair;
                _dataMap &= ~bit;
                _nodeMap |= bit;
                return this;
            }

            if ((_nodeMap & bit) != 0)
            {
                var at = _content.Length - 1 - BitOperations.PopCount(_nodeMap & (bit - 1));
                var child = (MapTrie)_content[at];
                var updated = child.SetOwned(owner, entry, shift + Bits);
                if (mine)
                {
                    _content[at] = updated;
                    return this;
                }

                var copy = (object[])_content.Clone();
                copy[at] = updated;
                return new Bitmap(owner, _dataMap, _nodeMap, copy);
            }

            var insert = BitOperations.PopCount(_dataMap & (bit - 1));
            var added = new object[_content.Length + 1];
            Array.Copy(_content, 0, added, 0, insert);
            added[insert] = entry;
            Array.Copy(_content, insert, added, insert + 1, _content.Length - insert);
            if (mine)
            {
                _content = added;
                _dataMap |= bit;
                return this;
            }

            return new Bitmap(owner, _dataMap | bit, _nodeMap, added);
        }

        public override MapTrie? Remove(object key, int hash, int shift)
        {
            var bit = 1u << Index(hash, shift);
            if ((_dataMap & bit) != 0)
            {
                var at = BitOperations.PopCount(_dataMap & (bit - 1));
                if (!Same((MapEntry)_content[at], key, hash))
                {
                    return this;
                }

                if (_content.Length == 1)
                {
                    return null;
                }

                var smaller = new object[_content.Length - 1];
                Array.Copy(_content, 0, smaller, 0, at);
                Array.Copy(_content, at + 1, smaller, at, _content.Length - at - 1);
                return new Bitmap(null, _dataMap & ~bit, _nodeMap, smaller);
            }

            if ((_nodeMap & bit) == 0)
            {
                return this;
            }

            var nodeAt = _content.Length - 1 - BitOperations.PopCount(_nodeMap & (bit - 1));
            var child = (MapTrie)_content[nodeAt];
            var after = child.Remove(key, hash, shift + Bits);
            if (ReferenceEquals(after, child))
            {
                return this;
            }

            if (after is null)
            {
                if (_content.Length == 1)
                {
                    return null;
                }

                var without = new object[_content.Length - 1];
                Array.Copy(_content, 0, without, 0, nodeAt);
                Array.Copy(_content, nodeAt + 1, without, nodeAt, _content.Length - nodeAt - 1);
                return new Bitmap(null, _dataMap, _nodeMap & ~bit, without);
            }

            if (after.Single is { } single)
            {
                // A child left with one entry gives it back to this node: the trie stays as shallow as its keys need.
                return WithEntryForChild(bit, nodeAt, single);
            }

            var updated = (object[])_content.Clone();
            updated[nodeAt] = after;
            return new Bitmap(null, _dataMap, _nodeMap, updated);
        }

        private Bitmap WithChildForEntry(uint bit, int dataAt, MapTrie child, Owner? owner = null)
        {
            // The entry at dataAt leaves the front; the child joins the back at its slot's place.
            var nodeAt = _content.Length - 1 - BitOperations.PopCount(_nodeMap & (bit - 1));
            var result = new object[_content.Length];
            Array.Copy(_content, 0, result, 0, dataAt);
            Array.Copy(_content, dataAt + 1, result, dataAt, nodeAt - dataAt);
            result[nodeAt] = child;
            Array.Copy(_content, nodeAt + 1, result, nodeAt + 1, _content.Length - nodeAt - 1);
            return new Bitmap(owner, _dataMap & ~bit, _nodeMap | bit, result);
        }

        private Bitmap WithEntryForChild(uint bit, int nodeAt, MapEntry entry)
        {
            var dataAt = BitOperations.PopCount(_dataMap & (bit - 1));
            var result = new object[_content.Length];
            Array.Copy(_content, 0, result, 0, dataAt);
            result[dataAt] = entry;
            Array.Copy(_content, dataAt, result, dataAt + 1, nodeAt - dataAt);
            Array.Copy(_content, nodeAt + 1, result, nodeAt + 1, _content.Length - nodeAt - 1);
            return new Bitmap(null, _dataMap | bit, _nodeMap & ~bit, result);
        }
    }

    /// <summary>Entries whose keys differ but whose 32-bit hashes are all <see cref="_hash"/>.</summary>
    private sealed class Collision(int hash, MapEntry[] entries) : MapTrie
    {
        private readonly int _hash = hash;
        private readonly MapEntry[] _entries = entries;

        protected override MapEntry? Single => _entries.Length == 1 ? _entries[0] : null;

        public override MapEntry? Find(object key, int hash, int shift)
        {
            foreach (var e in _entries)
            {
                if (Same(e, key, hash))
                {
                    return e;
                }
            }

            return null;
        }

        public override MapTrie Set(MapEntry entry, int shift)
        {
            for (var i = 0; i < _entries.Length; i++)
            {
                if (Same(_entries[i], entry.Key, entry.Hash))
                {
                    var replaced = (MapEntry[])_entries.Clone();
                    replaced[i] = entry;
                    return new Collision(_hash, replaced);
                }
            }

            return new Collision(_hash, [.. _entries, entry]);
        }

        // Keys of one 32-bit hash are rare: a builder copies their node as a persistent map does.
        public override MapTrie SetOwned(Owner owner, MapEntry entry, int shift) => Set(entry, shift);

        public override MapTrie? Remove(object key, int hash, int shift)
        {
            var at = Array.FindIndex(_entries, e => Same(e, key, hash));
            if (at < 0)
            {
                return this;
            }

            return _entries.Length == 1 ? null : new Collision(_hash, [.. _entries[..at], .. _entries[(at + 1)..]]);
        }
    }
}

/// <summary>The edit token of one <see cref="FMap.Builder"/>: the trie nodes it made, and only those, it may change in place.</summary>
internal sealed class Owner;
