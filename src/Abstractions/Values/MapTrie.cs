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
/// A builder (<see cref="FMap.Builder"/>) edits by passing its <see cref="Owner"/> to <see cref="Set"/>: a node
/// stamped with it was made by that builder and is reachable only from it, so it is changed in place (and
/// has room to grow into); any other node is copied first (and the copy stamped), as a persistent set copies.
/// Once the builder is frozen it never edits again, so its nodes are then as immutable as any other.
/// </remarks>
internal abstract class MapTrie
{
    public static readonly MapTrie Empty = new Bitmap(null, 0, 0, []);

    private const int Bits = 5;
    private const int MaxShift = 30;

    /// <summary>The entry for <paramref name="key"/>, or null.</summary>
    public abstract MapEntry? Find(object key, int hash, int shift);

    /// <summary>
    /// This trie with <paramref name="key"/> set to <paramref name="value"/>: an equal key keeps its entry's
    /// place in the order (and its key), a new key gets <paramref name="seq"/>. <paramref name="outcome"/> says
    /// which happened; when the key already had that very value nothing changes and the result is this trie.
    /// </summary>
    /// <remarks>
    /// With an <paramref name="owner"/> (a builder's), nodes it owns are changed in place (the result is then this
    /// node) and may keep spare room for later entries; other nodes are copied, and the copies owned. Without one
    /// every change copies the path from the root, so every earlier trie stays as it was.
    /// </remarks>
    public abstract MapTrie Set(Owner? owner, object key, int hash, object? value, int seq, int shift, ref SetOutcome outcome);

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

        // A builder's pair has room for two more entries: keys that met in one slot tend to meet again.
        var content = new object[owner is null ? 2 : 4];
        content[ba < bb ? 0 : 1] = a;
        content[ba < bb ? 1 : 0] = b;
        return new Bitmap(owner, (1u << ba) | (1u << bb), 0, content);
    }

    private static int Index(int hash, int shift) => (int)(((uint)hash >> shift) & 31);

    /// <summary>
    /// A node of the trie. <see cref="_content"/> holds the entries in slot order (one per bit of
    /// <see cref="_dataMap"/>) from its front and the children in reverse slot order (one per bit of
    /// <see cref="_nodeMap"/>) from its back; a builder's node may have unused room (nulls) between the two.
    /// </summary>
    /// <remarks>The fields change only while <see cref="_owner"/>'s builder is live (see <see cref="Set"/>).</remarks>
    private sealed class Bitmap(Owner? owner, uint dataMap, uint nodeMap, object[] content) : MapTrie
    {
        private readonly Owner? _owner = owner;
        private uint _dataMap = dataMap;
        private uint _nodeMap = nodeMap;
        private object[] _content = content;

        private int DataCount => BitOperations.PopCount(_dataMap);

        private int NodeCount => BitOperations.PopCount(_nodeMap);

        protected override MapEntry? Single => _nodeMap == 0 && DataCount == 1 ? (MapEntry)_content[0] : null;

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

        public override MapTrie Set(Owner? owner, object key, int hash, object? value, int seq, int shift, ref SetOutcome outcome)
        {
            var mine = owner is not null && ReferenceEquals(_owner, owner);
            var bit = 1u << Index(hash, shift);
            if ((_dataMap & bit) != 0)
            {
                var at = BitOperations.PopCount(_dataMap & (bit - 1));
                var existing = (MapEntry)_content[at];
                if (Same(existing, key, hash))
                {
                    if (ReferenceEquals(existing.Value, value))
                    {
                        outcome = SetOutcome.Unchanged;
                        return this;
                    }

                    outcome = SetOutcome.Replaced;
                    var replacement = new MapEntry(existing.Key, hash, existing.Seq, value);
                    if (mine)
                    {
                        _content[at] = replacement;
                        return this;
                    }

                    var copy = Exact(copy: true);
                    copy[at] = replacement;
                    return new Bitmap(owner, _dataMap, _nodeMap, copy);
                }

                // Two keys in one slot: the entry moves down into a child holding both.
                outcome = SetOutcome.Added;
                var pair = Pair(owner, existing, new MapEntry(key, hash, seq, value), shift + Bits);
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
                var below = BitOperations.PopCount(_nodeMap & (bit - 1));
                var child = (MapTrie)_content[_content.Length - 1 - below];
                var updated = child.Set(owner, key, hash, value, seq, shift + Bits, ref outcome);
                if (ReferenceEquals(updated, child))
                {
                    // Nothing changed, or the child is the builder's and changed in place (then so is this node).
                    return this;
                }

                if (mine)
                {
                    _content[_content.Length - 1 - below] = updated;
                    return this;
                }

                var copy = Exact(copy: true);
                copy[copy.Length - 1 - below] = updated;
                return new Bitmap(owner, _dataMap, _nodeMap, copy);
            }

            outcome = SetOutcome.Added;
            var entry = new MapEntry(key, hash, seq, value);
            var insert = BitOperations.PopCount(_dataMap & (bit - 1));
            var data = DataCount;
            var nodes = NodeCount;
            if (mine && data + nodes < _content.Length)
            {
                // Room between the entries and the children: the later entries move up by one.
                Array.Copy(_content, insert, _content, insert + 1, data - insert);
                _content[insert] = entry;
                _dataMap |= bit;
                return this;
            }

            // A builder's node grows by doubling (up to the 32 slots a node has), a persistent one by exactly one.
            var size = data + nodes + 1;
            var added = new object[owner is null ? size : Math.Min(32, Math.Max(4, size * 2))];
            Array.Copy(_content, 0, added, 0, insert);
            added[insert] = entry;
            Array.Copy(_content, insert, added, insert + 1, data - insert);
            Array.Copy(_content, _content.Length - nodes, added, added.Length - nodes, nodes);
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

                var content = Exact(copy: false);
                if (content.Length == 1)
                {
                    return null;
                }

                var smaller = new object[content.Length - 1];
                Array.Copy(content, 0, smaller, 0, at);
                Array.Copy(content, at + 1, smaller, at, content.Length - at - 1);
                return new Bitmap(null, _dataMap & ~bit, _nodeMap, smaller);
            }

            if ((_nodeMap & bit) == 0)
            {
                return this;
            }

            var below = BitOperations.PopCount(_nodeMap & (bit - 1));
            var child = (MapTrie)_content[_content.Length - 1 - below];
            var after = child.Remove(key, hash, shift + Bits);
            if (ReferenceEquals(after, child))
            {
                return this;
            }

            var exact = Exact(copy: false);
            var nodeAt = exact.Length - 1 - below;
            if (after is null)
            {
                if (exact.Length == 1)
                {
                    return null;
                }

                var without = new object[exact.Length - 1];
                Array.Copy(exact, 0, without, 0, nodeAt);
                Array.Copy(exact, nodeAt + 1, without, nodeAt, exact.Length - nodeAt - 1);
                return new Bitmap(null, _dataMap, _nodeMap & ~bit, without);
            }

            if (after.Single is { } single)
            {
                // A child left with one entry gives it back to this node: the trie stays as shallow as its keys need.
                return WithEntryForChild(exact, bit, nodeAt, single);
            }

            var updated = ReferenceEquals(exact, _content) ? (object[])exact.Clone() : exact;
            updated[nodeAt] = after;
            return new Bitmap(null, _dataMap, _nodeMap, updated);
        }

        /// <summary>
        /// The content without unused room: the array itself when it has none (unless <paramref name="copy"/>),
        /// else a new array of the entries followed by the children.
        /// </summary>
        private object[] Exact(bool copy)
        {
            var data = DataCount;
            var nodes = NodeCount;
            if (data + nodes == _content.Length)
            {
                return copy ? (object[])_content.Clone() : _content;
            }

            var exact = new object[data + nodes];
            Array.Copy(_content, 0, exact, 0, data);
            Array.Copy(_content, _content.Length - nodes, exact, data, nodes);
            return exact;
        }

        private Bitmap WithChildForEntry(uint bit, int dataAt, MapTrie child, Owner? owner)
        {
            // The entry at dataAt leaves the front; the child joins the back at its slot's place.
            var content = Exact(copy: false);
            var nodeAt = content.Length - 1 - BitOperations.PopCount(_nodeMap & (bit - 1));
            var result = new object[content.Length];
            Array.Copy(content, 0, result, 0, dataAt);
            Array.Copy(content, dataAt + 1, result, dataAt, nodeAt - dataAt);
            result[nodeAt] = child;
            Array.Copy(content, nodeAt + 1, result, nodeAt + 1, content.Length - nodeAt - 1);
            return new Bitmap(owner, _dataMap & ~bit, _nodeMap | bit, result);
        }

        private Bitmap WithEntryForChild(object[] content, uint bit, int nodeAt, MapEntry entry)
        {
            var dataAt = BitOperations.PopCount(_dataMap & (bit - 1));
            var result = new object[content.Length];
            Array.Copy(content, 0, result, 0, dataAt);
            result[dataAt] = entry;
            Array.Copy(content, dataAt, result, dataAt + 1, nodeAt - dataAt);
            Array.Copy(content, nodeAt + 1, result, nodeAt + 1, content.Length - nodeAt - 1);
            return new Bitmap(null, _dataMap | bit, _nodeMap & ~bit, result);
        }
    }

    /// <summary>Entries whose keys differ but whose 32-bit hashes are all <see cref="_hash"/>.</summary>
    /// <remarks>Keys of one 32-bit hash are rare: a builder copies their node as a persistent map does.</remarks>
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

        public override MapTrie Set(Owner? owner, object key, int hash, object? value, int seq, int shift, ref SetOutcome outcome)
        {
            for (var i = 0; i < _entries.Length; i++)
            {
                var existing = _entries[i];
                if (Same(existing, key, hash))
                {
                    if (ReferenceEquals(existing.Value, value))
                    {
                        outcome = SetOutcome.Unchanged;
                        return this;
                    }

                    outcome = SetOutcome.Replaced;
                    var replaced = (MapEntry[])_entries.Clone();
                    replaced[i] = new MapEntry(existing.Key, hash, existing.Seq, value);
                    return new Collision(_hash, replaced);
                }
            }

            outcome = SetOutcome.Added;
            return new Collision(_hash, [.. _entries, new MapEntry(key, hash, seq, value)]);
        }

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

/// <summary>What <see cref="MapTrie.Set"/> did.</summary>
internal enum SetOutcome
{
    /// <summary>The key was new: it has an entry of its own now.</summary>
    Added,

    /// <summary>The key was there with another value: its entry was replaced, keeping its place.</summary>
    Replaced,

    /// <summary>The key was there with this very value: nothing changed.</summary>
    Unchanged,
}

/// <summary>The edit token of one <see cref="FMap.Builder"/>: the trie nodes it made, and only those, it may change in place.</summary>
internal sealed class Owner;
