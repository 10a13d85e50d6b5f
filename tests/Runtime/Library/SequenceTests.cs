using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class SequenceTests
{
    private static readonly Fn Square = F1(x => Ops.Mul(x, x));

    [Fact]
    public void IdentityReturnsItsArgument()
    {
        var list = L(1L);
        Assert.Same(list, Builtins.Identity(list));
        Assert.Null(Builtins.Identity(null));
    }

    [Fact]
    public void MapAppliesTheFunctionToEachElementInOrder() =>
        Assert.Equal("(1 4 9 16 25)", P(Builtins.Map(Square, L(1L, 2L, 3L, 4L, 5L))));

    [Fact]
    public void MapOverTheEmptyListOrNilIsTheEmptyList()
    {
        Assert.Equal("()", P(Builtins.Map(Square, L())));
        Assert.Equal("()", P(Builtins.Map(Square, null)));
    }

    [Fact]
    public void MapWithTwoListsZipsThemAndStopsAtTheShorter() =>
        Assert.Equal("(11 22)", P(Builtins.Map(F2(Ops.Add), L(1L, 2L, 3L), L(10L, 20L))));

    [Fact]
    public void MapWithThreeListsPassesOneElementOfEach()
    {
        var add3 = new LambdaN("add3", 3, false, a => Ops.Add(Ops.Add(a[0], a[1]), a[2]));
        Assert.Equal("(111 222)", P(Builtins.Map(add3, L(1L, 2L), L(10L, 20L), L(100L, 200L, 300L))));
    }

    [Fact]
    public void MapNamesItselfWhenGivenANonFunctionOrANonList()
    {
        FailsWithWrongType("map", () => Builtins.Map(1L, L(1L)));
        FailsWithWrongType("map", () => Builtins.Map(Square, 1L));
    }

    [Fact]
    public void FilterKeepsTheElementsForWhichThePredicateIsTruthy()
    {
        var even = F1(x => Ops.Rem(x, 2L) is 0L);
        Assert.Equal("(2 4)", P(Builtins.Filter(even, L(1L, 2L, 3L, 4L, 5L))));
        Assert.Equal("(0 \"\" ())", P(Builtins.Filter(F1(x => x), L(0L, null, "", false, L()))));
    }

    [Fact]
    public void FilterNamesItselfWhenGivenANonFunction() => FailsWithWrongType("filter", () => Builtins.Filter("p", L()));

    [Fact]
    public void FoldCallsTheFunctionWithAccumulatorFirst()
    {
        var calls = new List<string>();
        var f = F2((acc, x) =>
        {
            calls.Add($"{P(acc)},{P(x)}");
            return Builtins.Cons(x, acc);
        });
        Assert.Equal("(3 2 1)", P(Builtins.Fold(f, L(), L(1L, 2L, 3L))));
        Assert.Equal(new[] { "(),1", "(1),2", "(2 1),3" }, calls);
    }

    [Fact]
    public void FoldOfTheEmptyListIsTheInitialValue() => Assert.Equal(42L, Builtins.Fold(F2(Ops.Add), 42L, L()));

    [Fact]
    public void FoldReproducesTheReadmeExample()
    {
        // (fold (lambda (acc x) (+ acc x)) 0 (map square (filter even? (range 1 20)))) => 1140
        var evens = Builtins.Filter(F1(x => Ops.Mod(x, 2L) is 0L), Builtins.Range(1L, 20L));
        var squared = Builtins.Map(Square, evens);
        Assert.Equal(1140L, Builtins.Fold(F2(Ops.Add), 0L, squared));
    }

    [Fact]
    public void FoldNamesItselfWhenGivenANonList() => FailsWithWrongType("fold", () => Builtins.Fold(F2(Ops.Add), 0L, "abc"));

    [Fact]
    public void ReduceUsesTheFirstElementAsTheInitialValue()
    {
        Assert.Equal(10L, Builtins.Reduce(F2(Ops.Sub), L(20L, 5L, 5L)));
        Assert.Equal(7L, Builtins.Reduce(F2(Ops.Add), L(7L)));
    }

    [Fact]
    public void ReduceWithAnInitialValueIsFold() => Assert.Equal(10L, Builtins.Reduce(F2(Ops.Sub), 20L, L(5L, 5L)));

    [Fact]
    public void ReduceOfTheEmptyListCallsTheFunctionWithNoArguments() =>
        Assert.Equal(0L, Builtins.Reduce(BuiltinTable.Get("+"), L()));

    [Fact]
    public void ApplySpreadsTheListAsArguments()
    {
        Assert.Equal(6L, Builtins.Apply(BuiltinTable.Get("+"), L(1L, 2L, 3L)));
        Assert.Equal(10L, Builtins.Apply(BuiltinTable.Get("+"), 1L, [2L, L(3L, 4L)]));
        Assert.Equal("(1 2 3)", P(Builtins.Apply(BuiltinTable.Get("list"), 1L, [L(2L, 3L)])));
    }

    [Fact]
    public void ApplyNamesItselfWhenGivenANonFunctionOrNoList()
    {
        FailsWithWrongType("apply", () => Builtins.Apply("f", L()));
        FailsWithWrongType("apply", () => Builtins.Apply(F1(x => x), 1L));
    }

    [Theory]
    [InlineData(new object[] { 3L, 1L, 2L }, "(1 2 3)")]
    [InlineData(new object[] { 2.5, 1L, -3L, 2L }, "(-3 1 2 2.5)")]
    [InlineData(new object[] { "pear", "apple", "Zoo" }, "(\"Zoo\" \"apple\" \"pear\")")]
    [InlineData(new object[] { }, "()")]
    public void SortOrdersNumbersAndStringsAscending(object[] items, string expected) =>
        Assert.Equal(expected, P(Builtins.Sort(L(items))));

    [Fact]
    public void SortIsStableForEqualNumbers()
    {
        var sorted = (FList)Builtins.Sort(L(2L, 1.0, 1L, 2.0))!;
        Assert.Equal("(1.0 1 2 2.0)", P(sorted));
    }

    [Fact]
    public void SortOfMixedKindsNamesSort() => FailsWithWrongType("sort", () => Builtins.Sort(L(1L, "a")));
}
