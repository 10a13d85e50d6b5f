namespace FluentAI.Plugins.Values;

/// <summary>
/// The insertion order of a map's keys: a persistent vector (a 32-way trie of full leaves plus a tail,
/// the layout of Clojure's PersistentVector). Appending copies only the tail; replacing a slot copies
/// one path. A removed key leaves <see cref="Removed"/> in its slot, so places never move. A tail has
/// room for 32 keys and is shared by the orders appended from it in a line, so building a map key by key
/// copies no tail (a tail may hold keys beyond an order's count, appended by a later order; never read).
/// </summary>
internal sealed class KeyOrder
{
    public static readonly KeyOrder Empty = new(0, Bits, new object[Width], []);

    /// <summary>What a removed key's slot holds.</summary>
    public static readonly object Removed = new();

    private const int Bits = 5;
    private const int Width = 1 << Bits;
    private const int Mask = Width - 1;

    private readonly int _shift;
    private readonly object[] _root;
    private readonly object[] _tail;

    private KeyOrder(int count, int shift, object[] root, object[] tail)
    {
        Count = count;
        _shift = shift;
        _root = root;
        _tail = tail;
    }

    /// <summary>The number of slots, removed ones included.</summary>
    public int Count { get; }

    private int TailOffset => Count < Width ? 0 : ((Count - 1) >>> Bits) << Bits;

    /// <summary>The leaf holding slot <paramref name="index"/> (its slot is <c>index &amp; 31</c>).</summary>
    public object[] LeafOf(int index)
    {
        if (index >= TailOffset)
        {
            return _tail;
        }

        var node = _root;
        for (var level = _shift; level > 0; level -= Bits)
        {
            node = (object[])node[(index >>> level) & Mask];
        }

        return node;
    }

    /// <summary>This order with <paramref name="key"/> in a new last slot.</summary>
    public KeyOrder Append(object key)
    {
        var slot = Count - TailOffset;
        if (slot < Width)
        {
            // Tails have room for 32 and an order reads only its first Count slots: the first order to
            // append to a tail writes into it in place; any other (an earlier order appended to twice) copies.
            // Only plain data keys are written ahead: a slot no order reads still holds its key as long as
            // the tail lives, and a function or a collection as a key could keep a replaced version loaded.
            if (slot < _tail.Length && IsPlain(key) && Interlocked.CompareExchange(ref _tail[slot], key, null) is null)
            {
                return new KeyOrder(Count + 1, _shift, _root, _tail);
            }

            var tail = new object[Width];
            Array.Copy(_tail, tail, slot);
            tail[slot] = key;
            return new KeyOrder(Count + 1, _shift, _root, tail);
        }

        // The tail is full: it becomes a leaf of the trie, which grows a level when its root is full.
        if ((Count >>> Bits) > (1 << _shift))
        {
            var root = new object[Width];
            root[0] = _root;
            root[1] = Path(_shift, _tail);
            return new KeyOrder(Count + 1, _shift + Bits, root, NewTail(key));
        }

        return new KeyOrder(Count + 1, _shift, PushTail(_shift, _root), NewTail(key));
    }

    /// <summary>This order with slot <paramref name="index"/> holding <paramref name="value"/>.</summary>
    public KeyOrder Set(int index, object value)
    {
        if (index >= TailOffset)
        {
            var tail = (object[])_tail.Clone();
            tail[index & Mask] = value;
            return new KeyOrder(Count, _shift, _root, tail);
        }

        return new KeyOrder(Count, _shift, SetIn(_shift, _root, index, value), _tail);
    }

    private static bool IsPlain(object key) =>
        key is string or long or double or bool or Keyword or Symbol || key.GetType() == typeof(object);

    private static object[] NewTail(object key)
    {
        var tail = new object[Width];
        tail[0] = key;
        return tail;
    }

    private static object[] Path(int level, object[] leaf)
    {
        if (level == 0)
        {
            return leaf;
        }

        var node = new object[Width];
        node[0] = Path(level - Bits, leaf);
        return node;
    }

    private object[] PushTail(int level, object[] parent)
    {
        var at = ((Count - 1) >>> level) & Mask;
        var copy = (object[])parent.Clone();
        if (level == Bits)
        {
            copy[at] = _tail;
        }
        else
        {
            copy[at] = parent[at] is object[] child ? PushTail(level - Bits, child) : Path(level - Bits, _tail);
        }

        return copy;
    }

    private static object[] SetIn(int level, object[] node, int index, object value)
    {
        var copy = (object[])node.Clone();
        if (level == 0)
        {
            copy[index & Mask] = value;
        }
        else
        {
            var at = (index >>> level) & Mask;
            copy[at] = SetIn(level - Bits, (object[])node[at], index, value);
        }

        return copy;
    }

    /// <summary>
    /// An order being built by one <see cref="FMap.Builder"/>: appends write into a tail of its own
    /// (copied once from the order it started from), so an order per key is never made. A full tail joins
    /// the trie as a persistent append would (copying one path per 32 keys). <see cref="ToOrder"/> hands the
    /// current state out as an order; the builder must not be used after that.
    /// </summary>
    internal sealed class Builder(KeyOrder from)
    {
        private int _count = from.Count;
        private int _shift = from._shift;
        private object[] _root = from._root;
        private object[] _tail = from._tail;
        private bool _tailOwned;

        public int Count => _count;

        private int TailOffset => _count < Width ? 0 : ((_count - 1) >>> Bits) << Bits;

        public void Append(object key)
        {
            var slot = _count - TailOffset;
            if (slot < Width)
            {
                if (!_tailOwned)
                {
                    // The tail may be shared with other orders: only the first slot count are this order's.
                    var tail = new object[Width];
                    Array.Copy(_tail, tail, slot);
                    _tail = tail;
                    _tailOwned = true;
                }

                _tail[slot] = key;
                _count++;
                return;
            }

            // The tail is full: a persistent append pushes it into the trie and starts a fresh tail, which is ours.
            Take(new KeyOrder(_count, _shift, _root, _tail).Append(key));
            _tailOwned = true;
        }

        public void Set(int index, object value)
        {
            if (index >= TailOffset && _tailOwned)
            {
                _tail[index & Mask] = value;
                return;
            }

            Take(new KeyOrder(_count, _shift, _root, _tail).Set(index, value));

            // Set copies the tail when it changes it, and the copy is no other order's.
            _tailOwned |= index >= TailOffset;
        }

        public KeyOrder ToOrder()
        {
            _tailOwned = false;
            return new KeyOrder(_count, _shift, _root, _tail);
        }

        private void Take(KeyOrder order)
        {
            _count = order.Count;
            _shift = order._shift;
            _root = order._root;
            _tail = order._tail;
        }
    }
}
