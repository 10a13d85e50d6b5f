using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Abstractions.Tests;

/// <summary>
/// FMap against a model (a dictionary and a list of keys in insertion order) through long random runs of
/// assoc and dissoc, with keys that collide on purpose, and every earlier map checked to be unchanged.
/// </summary>
public sealed class FMapTests
{
    /// <summary>A key whose hash is chosen: keys of equal <see cref="Hash"/> and different <see cref="Id"/> collide in the trie.</summary>
    private sealed record Key(int Id, int Hash)
    {
        public override int GetHashCode() => Hash;
    }

    [Theory]
    [InlineData(1, 2_000, 100)]
    [InlineData(2, 20_000, 5_000)]
    [InlineData(3, 5_000, 40)]
    public void RandomAssocAndDissocMatchAModelAndLeaveEarlierMapsAsTheyWere(int seed, int steps, int keySpace)
    {
        var random = new Random(seed);
        var map = FMap.Empty;
        var model = new Dictionary<object, object?>();
        var order = new List<object>();
        var snapshots = new List<(FMap Map, List<KeyValuePair<object?, object?>> Pairs)>();
        for (var step = 0; step < steps; step++)
        {
            var key = AnyKey(random, keySpace);
            if (random.Next(4) == 0)
            {
                map = map.Dissoc(key);
                if (model.Remove(key))
                {
                    order.Remove(key);
                }
            }
            else
            {
                var value = (long)random.Next();
                map = map.Assoc(key, value);
                if (!model.ContainsKey(key))
                {
                    order.Add(key);
                }

                model[key] = value;
            }

            Assert.Equal(model.Count, map.Count);
            var probe = AnyKey(random, keySpace);
            Assert.Equal(model.GetValueOrDefault(probe), map[probe]);
            Assert.Equal(model.ContainsKey(probe), map.ContainsKey(probe));
            if (step % 97 == 0)
            {
                Assert.Equal(order.Select(k => new KeyValuePair<object?, object?>(k, model[k])), map);
                snapshots.Add((map, [.. map]));
            }
        }

        Assert.Equal(order.Select(k => new KeyValuePair<object?, object?>(k, model[k])), map);
        foreach (var k in order)
        {
            Assert.True(map.ContainsKey(k));
            Assert.Equal(model[k], map[k]);
        }

        foreach (var (earlier, pairs) in snapshots)
        {
            Assert.Equal(pairs, earlier);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(1_100)]
    public void MapsGrownFromOneMapKeepTheirOwnKeysAndTheOneTheyGrewFromIsUnchanged(int size)
    {
        var start = Enumerable.Range(0, size).Aggregate(FMap.Empty, (m, i) => m.Assoc((long)i, (long)i));
        var before = start.ToList();
        var a = start.Assoc("a", 1L).Assoc("a2", 2L);
        var b = start.Assoc("b", 1L);
        var c = start.Dissoc(0L).Assoc("c", 3L);
        Assert.Equal(before, start);
        Assert.Equal([.. before.Select(p => p.Key), "a", "a2"], a.Keys);
        Assert.Equal([.. before.Select(p => p.Key), "b"], b.Keys);
        Assert.Equal([.. before.Skip(1).Select(p => p.Key), "c"], c.Keys);
        Assert.False(b.ContainsKey("a"));
        Assert.False(a.ContainsKey("b"));
        Assert.Equal(size + 2, a.Count);
        Assert.Equal(size + 1, b.Count);
    }

    [Fact]
    public void AKeyThatIsNotPlainDataIsNotKeptByTheMapItWasAddedTo()
    {
        var start = Enumerable.Range(0, 20).Aggregate(FMap.Empty, (m, i) => m.Assoc((long)i, (long)i));
        var weak = AddObjectKey(start);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(weak.IsAlive);
        Assert.Equal(20, start.Count);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AddObjectKey(FMap start)
    {
        var key = new List<int> { 1 };
        var grown = start.Assoc(key, 1L);
        Assert.True(grown.ContainsKey(key));
        return new WeakReference(key);
    }

    [Fact]
    public void KeysOfOneHashAreKeptApartAndRemovedOneByOne()
    {
        var keys = Enumerable.Range(0, 50).Select(i => new Key(i, 12345)).ToList();
        var map = keys.Aggregate(FMap.Empty, (m, k) => m.Assoc(k, (long)k.Id));
        Assert.Equal(50, map.Count);
        Assert.Equal(keys.Select(k => (object?)k), map.Keys);
        foreach (var k in keys)
        {
            Assert.Equal((long)k.Id, map[k]);
            map = map.Dissoc(k);
            Assert.False(map.ContainsKey(k));
        }

        Assert.Empty(map);
        Assert.Same(FMap.Empty, map);
    }

    [Fact]
    public void ReassociatingKeepsTheKeysPlaceAndRemovingThenAddingMovesItLast()
    {
        var map = FMap.Of("a", 1L, "b", 2L, "c", 3L).Assoc("a", 10L);
        Assert.Equal(["a", "b", "c"], map.Keys);
        Assert.Equal([10L, 2L, 3L], map.Values);
        map = map.Dissoc("a").Assoc("a", 1L);
        Assert.Equal(["b", "c", "a"], map.Keys);
    }

    [Fact]
    public void NilIsAKeyAndIntegersEqualTheirDoubles()
    {
        var map = FMap.Empty.Assoc(null, "nil").Assoc(1L, "one");
        Assert.Equal("nil", map[null]);
        Assert.Equal("one", map[1.0]);
        Assert.True(map.ContainsKey(null));
        Assert.Equal([null, 1L], map.Keys);
        Assert.False(map.Dissoc(null).ContainsKey(null));
    }

    [Fact]
    public void EqualMapsInAnyOrderAreEqualAndHashAlike()
    {
        var a = Enumerable.Range(0, 1_000).Aggregate(FMap.Empty, (m, i) => m.Assoc((long)i, $"v{i}"));
        var b = Enumerable.Range(0, 1_000).Reverse().Aggregate(FMap.Empty, (m, i) => m.Assoc((long)i, $"v{i}"));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b.Assoc(500L, "other"));
        Assert.NotEqual(a, b.Dissoc(500L));
    }

    [Fact]
    public void AMapThatLostMostOfItsKeysEnumeratesOnlyTheRest()
    {
        var map = Enumerable.Range(0, 10_000).Aggregate(FMap.Empty, (m, i) => m.Assoc((long)i, (long)i));
        map = Enumerable.Range(0, 9_990).Aggregate(map, (m, i) => m.Dissoc((long)i));
        Assert.Equal(Enumerable.Range(9_990, 10).Select(i => (object?)(long)i), map.Keys);
        Assert.Equal(10, map.Count);
    }

    private static object AnyKey(Random random, int keySpace)
    {
        var id = random.Next(keySpace);
        return (id % 3) switch
        {
            0 => (long)id,
            1 => "k" + id,
            // A few hashes only: these keys collide with each other and share trie paths with the others.
            _ => new Key(id, id % 7),
        };
    }
}
