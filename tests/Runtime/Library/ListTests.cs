using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class ListTests
{
    [Fact]
    public void ListBuildsAListOfItsArgumentsForEveryArity()
    {
        Assert.Equal("()", P(Builtins.List()));
        Assert.Equal("(1)", P(Builtins.List(1L)));
        Assert.Equal("(1 2)", P(Builtins.List(1L, 2L)));
        Assert.Equal("(1 2 3)", P(Builtins.List(1L, 2L, 3L)));
        Assert.Equal("(1 \"a\" :k nil)", P(Builtins.List(1L, "a", K("k"), null)));
        Assert.Equal("(nil)", P(Builtins.List((object?[])null!)));
    }

    [Fact]
    public void ConsPutsTheElementInFront()
    {
        Assert.Equal("(0 1 2)", P(Builtins.Cons(0L, L(1L, 2L))));
        Assert.Equal("(0)", P(Builtins.Cons(0L, null)));
    }

    [Fact]
    public void ConsOntoANonListNamesCons() => FailsWithWrongType("cons", () => Builtins.Cons(1L, 2L));

    [Fact]
    public void FirstCarAndHeadGiveTheFirstElementOrNil()
    {
        var list = L(1L, 2L);
        Assert.Equal(1L, Builtins.First(list));
        Assert.Equal(1L, Builtins.Car(list));
        Assert.Equal(1L, Builtins.Head(list));
        Assert.Null(Builtins.First(L()));
        Assert.Null(Builtins.Car(L()));
        Assert.Null(Builtins.Head(null));
    }

    [Fact]
    public void RestCdrAndTailGiveTheRestOrTheEmptyList()
    {
        var list = L(1L, 2L, 3L);
        Assert.Equal("(2 3)", P(Builtins.Rest(list)));
        Assert.Equal("(2 3)", P(Builtins.Cdr(list)));
        Assert.Equal("(2 3)", P(Builtins.Tail(list)));
        Assert.Equal("()", P(Builtins.Rest(L())));
        Assert.Equal("()", P(Builtins.Cdr(L())));
        Assert.Equal("()", P(Builtins.Tail(null)));
    }

    [Fact]
    public void EachAccessorNamesItselfInItsError()
    {
        FailsWithWrongType("first", () => Builtins.First("abc"));
        FailsWithWrongType("car", () => Builtins.Car(1L));
        FailsWithWrongType("head", () => Builtins.Head(M()));
        FailsWithWrongType("rest", () => Builtins.Rest(1L));
        FailsWithWrongType("cdr", () => Builtins.Cdr(1L));
        FailsWithWrongType("tail", () => Builtins.Tail(1L));
    }

    [Fact]
    public void LastGivesTheLastElementOrNil()
    {
        Assert.Equal(3L, Builtins.Last(L(1L, 2L, 3L)));
        Assert.Null(Builtins.Last(L()));
    }

    [Fact]
    public void NthCountsFromZero()
    {
        Assert.Equal("c", Builtins.Nth(L("a", "b", "c"), 2L));
        Assert.Equal("a", Builtins.ListRef(L("a", "b", "c"), 0L));
    }

    [Theory]
    [InlineData(3L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void NthOutsideTheListIsAnIndexError(long index)
    {
        var e = Fails(() => Builtins.Nth(L(1L, 2L, 3L), index));
        Assert.Equal(ErrorCodes.IndexOutOfRange, e.Code);
        Assert.StartsWith($"nth: index {index} is out of range for a list of length 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NthWithANonIntegerIndexNamesNth() => FailsWithWrongType("nth", () => Builtins.Nth(L(1L), 0.0));

    [Theory]
    [MemberData(nameof(Lengths))]
    public void LengthAndCountWorkOnListsMapsStringsAndNil(object? coll, long expected)
    {
        Assert.Equal(expected, Builtins.Length(coll));
        Assert.Equal(expected, Builtins.Count(coll));
    }

    public static TheoryData<object?, long> Lengths() => new()
    {
        { L(1L, 2L, 3L), 3L },
        { L(), 0L },
        { M(K("a"), 1L, K("b"), 2L), 2L },
        { "hello", 5L },
        { null, 0L },
    };

    [Fact]
    public void LengthOfANumberNamesTheFunctionCalled()
    {
        FailsWithWrongType("length", () => Builtins.Length(5L));
        FailsWithWrongType("count", () => Builtins.Count(true));
    }

    [Fact]
    public void EmptyIsTrueForEmptyCollectionsAndNil()
    {
        Assert.Equal(true, Builtins.IsEmpty(L()));
        Assert.Equal(true, Builtins.IsEmpty(M()));
        Assert.Equal(true, Builtins.IsEmpty(""));
        Assert.Equal(true, Builtins.IsEmpty(null));
        Assert.Equal(false, Builtins.IsEmpty(L(1L)));
        Assert.Equal(false, Builtins.IsEmpty("a"));
        Assert.Equal(true, Builtins.IsNull(L()));
        FailsWithWrongType("empty?", () => Builtins.IsEmpty(0L));
    }

    [Fact]
    public void ReverseReversesAndLeavesTheOriginalAlone()
    {
        var list = L(1L, 2L, 3L);
        Assert.Equal("(3 2 1)", P(Builtins.Reverse(list)));
        Assert.Equal("(1 2 3)", P(list));
        Assert.Equal("()", P(Builtins.Reverse(L())));
    }

    [Theory]
    [InlineData(0L, "()", "(1 2 3)")]
    [InlineData(2L, "(1 2)", "(3)")]
    [InlineData(3L, "(1 2 3)", "()")]
    [InlineData(10L, "(1 2 3)", "()")]
    [InlineData(-1L, "()", "(1 2 3)")]
    public void TakeAndDropSplitAListAtN(long n, string taken, string dropped)
    {
        Assert.Equal(taken, P(Builtins.Take(n, L(1L, 2L, 3L))));
        Assert.Equal(dropped, P(Builtins.Drop(n, L(1L, 2L, 3L))));
    }

    [Fact]
    public void TakeAndDropAlsoAcceptTheListFirst()
    {
        Assert.Equal("(1)", P(Builtins.Take(L(1L, 2L), 1L)));
        Assert.Equal("(2)", P(Builtins.Drop(L(1L, 2L), 1L)));
    }

    [Fact]
    public void DropSharesTheTailInsteadOfCopying()
    {
        var list = L(1L, 2L, 3L);
        Assert.Same(list.Tail, Builtins.Drop(1L, list));
    }

    [Fact]
    public void TakeWithANonIntegerCountNamesTake() => FailsWithWrongType("take", () => Builtins.Take("2", L(1L)));

    [Theory]
    [InlineData(new object[] { 5L }, "(0 1 2 3 4)")]
    [InlineData(new object[] { 0L }, "()")]
    [InlineData(new object[] { -3L }, "()")]
    [InlineData(new object[] { 2L, 5L }, "(2 3 4)")]
    [InlineData(new object[] { 5L, 2L }, "()")]
    [InlineData(new object[] { 0L, 10L, 3L }, "(0 3 6 9)")]
    [InlineData(new object[] { 10L, 0L, -3L }, "(10 7 4 1)")]
    [InlineData(new object[] { 0L, 10L, 2L }, "(0 2 4 6 8)")]
    public void RangeExcludesItsEnd(object[] args, string expected)
    {
        var result = args.Length switch
        {
            1 => Builtins.Range(args[0]),
            2 => Builtins.Range(args[0], args[1]),
            _ => Builtins.Range(args[0], args[1], args[2]),
        };
        Assert.Equal(expected, P(result));
    }

    [Fact]
    public void RangeOneToTwentyHasNineteenElements() => Assert.Equal(19, ((FList)Builtins.Range(1L, 20L)!).Count);

    [Fact]
    public void RangeAtTheEdgeOfTheIntegerRangeDoesNotOverflow() =>
        Assert.Equal($"({long.MaxValue - 1})", P(Builtins.Range(long.MaxValue - 1, long.MaxValue)));

    [Fact]
    public void RangeWithAZeroStepIsAnError()
    {
        var e = Fails(() => Builtins.Range(0L, 10L, 0L));
        Assert.StartsWith("range:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RangeThatCannotFitInMemoryIsAnErrorNotACrash() =>
        Assert.StartsWith("range:", Fails(() => Builtins.Range(long.MinValue, long.MaxValue)).Message, StringComparison.Ordinal);

    [Fact]
    public void RangeOfAFloatNamesRange() => FailsWithWrongType("range", () => Builtins.Range(2.5));
}
