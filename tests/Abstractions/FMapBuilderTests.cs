using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Abstractions.Tests;

/// <summary>
/// <see cref="FMap.Builder"/> against a model through random runs of assoc and dissoc (keys that collide on
/// purpose), started from maps other code holds; those and every map frozen earlier stay as they were.
/// </summary>
public sealed class FMapBuilderTests
{
    private sealed record Key(int Id, int Hash)
    {
        public override int GetHashCode() => Hash;
    }

    [Theory]
    [InlineData(1, 3_000, 100, 0)]
    [InlineData(2, 20_000, 5_000, 0)]
    [InlineData(3, 5_000, 40, 6)]
    [InlineData(4, 8_000, 2_000, 300)]
    [InlineData(5, 400, 12, 3)]
    public void RandomRunsMatchAModelAndNoOtherMapChanges(int seed, int steps, int keySpace, int startSize)
    {
        var random = new Random(seed);
        var start = FMap.Empty;
        for (var i = 0; i < startSize; i++)
        {
            start = start.Assoc(AnyKey(random, keySpace), (long)i);
        }

        var startPairs = start.ToList();
        var model = startPairs.ToDictionary(p => p.Key!, p => p.Value);
        var order = startPairs.Select(p => p.Key!).ToList();
        var frozen = new List<(FMap Map, List<KeyValuePair<object?, object?>> Pairs)>();
        var builder = start.ToBuilder();
        for (var step = 0; step < steps; step++)
        {
            var key = AnyKey(random, keySpace);
            if (random.Next(4) == 0)
            {
                builder.Dissoc(key);
                if (model.Remove(key))
                {
                    order.Remove(key);
                }
            }
            else
            {
                var value = (long)random.Next();
                builder.Assoc(key, value);
                if (!model.ContainsKey(key))
                {
                    order.Add(key);
                }

                model[key] = value;
            }

            Assert.Equal(model.Count, builder.Count);
            var probe = AnyKey(random, keySpace);
            Assert.Equal(model.ContainsKey(probe), builder.TryGetValue(probe, out var got));
            Assert.Equal(model.GetValueOrDefault(probe), got);
            if (step % 211 == 0)
            {
                // Freeze, then go on in a new builder from the frozen map: it must stay as it was frozen.
                var map = builder.Persistent();
                Assert.Equal(order.Select(k => new KeyValuePair<object?, object?>(k, model[k])), map);
                frozen.Add((map, [.. map]));
                PersistentEditsOfABuiltMapMatchTheModel(random, keySpace, map, model, order);
                builder = map.ToBuilder();
            }
        }

        var final = builder.Persistent();
        Assert.Equal(order.Select(k => new KeyValuePair<object?, object?>(k, model[k])), final);
        Assert.Equal(FMap.From(final), final);
        Assert.Equal(FMap.From(final).GetHashCode(), final.GetHashCode());
        Assert.Equal(startPairs, start);
        foreach (var (map, pairs) in frozen)
        {
            Assert.Equal(pairs, map);
        }
    }

    // A frozen builder's trie nodes may have unused room: persistent assoc and dissoc on it copy them exactly.
    private static void PersistentEditsOfABuiltMapMatchTheModel(
        Random random, int keySpace, FMap built, Dictionary<object, object?> model, List<object> order)
    {
        var map = built;
        var expected = new Dictionary<object, object?>(model);
        var keys = new List<object>(order);
        for (var i = 0; i < 60; i++)
        {
            var key = AnyKey(random, keySpace);
            if (random.Next(3) == 0)
            {
                map = map.Dissoc(key);
                if (expected.Remove(key))
                {
                    keys.Remove(key);
                }
            }
            else
            {
                var value = (long)random.Next();
                map = map.Assoc(key, value);
                if (!expected.ContainsKey(key))
                {
                    keys.Add(key);
                }

                expected[key] = value;
            }
        }

        Assert.Equal(keys.Select(k => new KeyValuePair<object?, object?>(k, expected[k])), map);
        Assert.Equal(model.Count, built.Count);
    }

    [Fact]
    public void PersistentMapsAssociatedFromABuiltMapDoNotSeeEachOther()
    {
        var b = FMap.Empty.ToBuilder();
        for (var i = 0; i < 100; i++)
        {
            b.Assoc((long)i, (long)i);
        }

        var built = b.Persistent();
        var x = built.Assoc(1000L, "x");
        var y = built.Assoc(1000L, "y").Dissoc(5L);
        Assert.Equal(100, built.Count);
        Assert.False(built.ContainsKey(1000L));
        Assert.Equal("x", x[1000L]);
        Assert.Equal("y", y[1000L]);
        Assert.Equal(5L, x[5L]);
        Assert.False(y.ContainsKey(5L));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (object?)(long)i), built.Keys);
    }

    [Fact]
    public void ABuilderFrozenTwiceOrUsedAfterFreezingIsAnError()
    {
        var b = FMap.Of("a", 1L).ToBuilder();
        b.Assoc("b", 2L);
        var map = b.Persistent();
        Assert.Throws<InvalidOperationException>(() => b.Persistent());
        Assert.Throws<InvalidOperationException>(() => b.Assoc("c", 3L));
        Assert.Throws<InvalidOperationException>(() => b.Dissoc("a"));
        Assert.Throws<InvalidOperationException>(() => b.TryGetValue("a", out _));
        Assert.Throws<InvalidOperationException>(() => b.Count);
        Assert.Equal(FMap.Of("a", 1L, "b", 2L), map);
    }

    [Fact]
    public void ABuilderThatChangesNothingGivesTheMapItStartedFrom()
    {
        var map = FMap.Of("a", 1L, "b", 2L);
        var b = map.ToBuilder();
        b.Dissoc("zz");
        b.Assoc("a", map["a"]);
        Assert.Same(map, b.Persistent());
    }

    [Fact]
    public void OfAndFromKeepTheFirstPlaceOfARepeatedKeyAndTheLastValue()
    {
        Assert.Equal([new("a", 3L), new("b", 2L)], FMap.Of("a", 1L, "b", 2L, "a", 3L));
        var many = Enumerable.Range(0, 30).SelectMany(i => new object?[] { (long)(i % 20), (long)i }).ToArray();
        var expected = Enumerable.Range(0, 20).Select(i => new KeyValuePair<object?, object?>((long)i, (long)(i < 10 ? i + 20 : i)));
        Assert.Equal(expected, FMap.Of(many));
        Assert.Equal(expected, FMap.From(FMap.Of(many)));
        Assert.Equal(new KeyValuePair<object?, object?>(null, 1L), Assert.Single(FMap.Of(null, 0L, null, 1L)));
    }

    [Fact]
    public void ABuilderLeftWithFewEntriesGivesAnArrayMapThatGrowsAgain()
    {
        var b = FMap.Empty.ToBuilder();
        for (var i = 0; i < 50; i++)
        {
            b.Assoc((long)i, (long)i);
        }

        for (var i = 0; i < 47; i++)
        {
            b.Dissoc((long)i);
        }

        var small = b.Persistent();
        Assert.Equal([47L, 48L, 49L], small.Keys);
        var grown = small.ToBuilder();
        for (var i = 0; i < 20; i++)
        {
            grown.Assoc((long)(100 + i), null);
        }

        var big = grown.Persistent();
        Assert.Equal(23, big.Count);
        Assert.Equal([47L, 48L, 49L], small.Keys);
        Assert.Equal(new object?[] { 47L, 48L, 49L }.Concat(Enumerable.Range(100, 20).Select(i => (object?)(long)i)), big.Keys);
    }

    private static object AnyKey(Random random, int keySpace)
    {
        var id = random.Next(keySpace);
        return (id % 3) switch
        {
            0 => (long)id,
            1 => "k" + id,
            _ => new Key(id, id % 7), // seven hashes: long collision runs
        };
    }
}
