using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class MapTests
{
    private static readonly FMap User = M(K("name"), "Ada", K("age"), 36L);

    [Fact]
    public void GetReturnsTheValueOrNil()
    {
        Assert.Equal("Ada", Builtins.Get(User, K("name")));
        Assert.Null(Builtins.Get(User, K("email")));
        Assert.Null(Builtins.Get(null, K("name")));
        Assert.Equal("Ada", Builtins.MapGet(User, K("name")));
    }

    [Fact]
    public void GetWithADefaultUsesItOnlyWhenTheKeyIsAbsent()
    {
        Assert.Equal("none", Builtins.Get(User, K("email"), "none"));
        Assert.Equal(36L, Builtins.Get(User, K("age"), 0L));
        Assert.Null(Builtins.Get(M(K("a"), null), K("a"), "default"));
    }

    [Fact]
    public void GetOnAListTakesAnIntegerIndex()
    {
        var list = L("a", "b");
        Assert.Equal("b", Builtins.Get(list, 1L));
        Assert.Null(Builtins.Get(list, 2L));
        Assert.Equal("x", Builtins.Get(list, -1L, "x"));
    }

    [Fact]
    public void GetOnANumberNamesGet() => FailsWithWrongType("get", () => Builtins.Get(5L, 1L));

    [Fact]
    public void AssocAddsOrReplacesAndKeepsTheOriginal()
    {
        Assert.Equal("{:name \"Ada\", :age 37}", P(Builtins.Assoc(User, K("age"), 37L)));
        Assert.Equal("{:name \"Ada\", :age 36, :city \"London\"}", P(Builtins.Assoc(User, K("city"), "London")));
        Assert.Equal("{:name \"Ada\", :age 36}", P(User));
        Assert.Equal("{:a 1}", P(Builtins.Assoc(null, K("a"), 1L)));
        Assert.Equal("{:a 1}", P(Builtins.MapSet(M(), K("a"), 1L)));
    }

    [Fact]
    public void AssocTakesSeveralPairs() =>
        Assert.Equal("{:a 1, :b 2, :c 3}", P(Builtins.Assoc(M(), K("a"), 1L, K("b"), 2L, K("c"), 3L)));

    [Fact]
    public void AssocWithAKeyWithoutAValueIsAnError() =>
        Assert.StartsWith("assoc:", Fails(() => Builtins.Assoc(M(), K("a"), 1L, K("b"))).Message, StringComparison.Ordinal);

    [Fact]
    public void AssocOnAListNamesAssoc() => FailsWithWrongType("assoc", () => Builtins.Assoc(L(), 0L, 1L));

    [Fact]
    public void DissocRemovesKeys()
    {
        Assert.Equal("{:age 36}", P(Builtins.Dissoc(User, K("name"))));
        Assert.Equal("{}", P(Builtins.Dissoc(User, K("name"), K("age"))));
        Assert.Same(User, Builtins.Dissoc(User, K("missing")));
        Assert.Equal("{:age 36}", P(Builtins.MapRemove(User, K("name"))));
    }

    [Fact]
    public void KeysAndValsComeInInsertionOrder()
    {
        var m = M(K("z"), 1L, K("a"), 2L, "m", 3L);
        Assert.Equal("(:z :a \"m\")", P(Builtins.Keys(m)));
        Assert.Equal("(1 2 3)", P(Builtins.Vals(m)));
        Assert.Equal("(:z :a \"m\")", P(Builtins.MapKeys(m)));
        Assert.Equal("()", P(Builtins.Keys(null)));
    }

    [Fact]
    public void KeysOfAListNamesKeys() => FailsWithWrongType("keys", () => Builtins.Keys(L()));

    [Fact]
    public void MapValuesWithOneArgumentIsFluentAIsValuesAsAList() =>
        Assert.Equal("(\"Ada\" 36)", P(Builtins.MapValues(User)));

    [Fact]
    public void MapValuesWithAFunctionIsTheSeedsMapOfTransformedValues()
    {
        var users = M("u1", M(K("n"), 1L), "u2", M(K("n"), 2L));
        var stamped = Builtins.MapValues(F1(u => Builtins.Assoc(u, K("created-at"), 0L)), users);
        Assert.Equal("{\"u1\" {:n 1, :created-at 0}, \"u2\" {:n 2, :created-at 0}}", P(stamped));
    }

    [Fact]
    public void MapValuesNamesItselfWhenGivenANonMap() => FailsWithWrongType("map-values", () => Builtins.MapValues(F1(x => x), L()));

    [Fact]
    public void ContainsLooksAtMapKeysAndListElements()
    {
        Assert.Equal(true, Builtins.Contains(User, K("age")));
        Assert.Equal(false, Builtins.Contains(User, "Ada"));
        Assert.Equal(true, Builtins.Contains(L(1L, 2L, 3L), 2.0));
        Assert.Equal(false, Builtins.Contains(L(1L, 2L, 3L), 4L));
        Assert.Equal(false, Builtins.Contains(null, 1L));
        Assert.Equal(true, Builtins.MapHas(User, K("name")));
        FailsWithWrongType("contains?", () => Builtins.Contains("abc", "a"));
    }

    [Fact]
    public void MergeLetsLaterMapsWin()
    {
        var merged = Builtins.Merge(M(K("a"), 1L, K("b"), 2L), M(K("b"), 20L, K("c"), 30L), M(K("c"), 300L));
        Assert.Equal("{:a 1, :b 20, :c 300}", P(merged));
        Assert.Equal("{:a 1, :b 3}", P(Builtins.Merge(M(K("a"), 1L), M(K("b"), 3L))));
        Assert.Equal("{:a 1, :b 3}", P(Builtins.MapMerge(M(K("a"), 1L), M(K("b"), 3L))));
        Assert.Equal("{}", P(Builtins.Merge()));
        Assert.Equal("{:a 1}", P(Builtins.Merge(null, M(K("a"), 1L))));
        FailsWithWrongType("merge", () => Builtins.Merge(M(), L()));
    }

    [Fact]
    public void UpdateAppliesTheFunctionToTheCurrentValue()
    {
        Assert.Equal("{:name \"Ada\", :age 37}", P(Builtins.Update(User, K("age"), BuiltinTable.Get("inc"))));
        Assert.Equal("{:n \"was nil\"}", P(Builtins.Update(M(), K("n"), F1(v => v is null ? "was nil" : "had value"))));
        Assert.Equal("{:age 46}", P(Builtins.Update(M(K("age"), 36L), K("age"), BuiltinTable.Get("+"), 4L, 6L)));
        FailsWithWrongType("update", () => Builtins.Update(User, K("age"), 1L));
    }

    [Fact]
    public void HashMapBuildsAMapFromPairs()
    {
        Assert.Equal("{:a 1, :b 2}", P(Builtins.HashMap(K("a"), 1L, K("b"), 2L)));
        Assert.Equal("{}", P(Builtins.MakeMap()));
        Assert.StartsWith("hash-map:", Fails(() => Builtins.HashMap(K("a"))).Message, StringComparison.Ordinal);
    }
}
