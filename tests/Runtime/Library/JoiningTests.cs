using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class JoiningTests
{
    [Fact]
    public void AppendJoinsListsAndSharesTheLast()
    {
        var last = L(3L, 4L);
        var joined = (FList)Builtins.Append(L(1L, 2L), last)!;
        Assert.Equal("(1 2 3 4)", P(joined));
        Assert.Same(last, joined.Tail.Tail);
    }

    [Fact]
    public void AppendOfANonListAddsItAsTheLastElementAsFluentAIDoes() =>
        Assert.Equal("(1 2 3)", P(Builtins.Append(L(1L, 2L), 3L)));

    [Fact]
    public void AppendWithManyArgumentsSplicesListsAndAddsOtherValues()
    {
        Assert.Equal("(1 2 3 4 5)", P(Builtins.Append(L(1L), L(2L, 3L), 4L, L(5L))));
        Assert.Equal("()", P(Builtins.Append()));
        Assert.Equal("(1)", P(Builtins.Append(L(1L))));
    }

    [Fact]
    public void AppendNeedsAListFirst() => FailsWithWrongType("append", () => Builtins.Append(1L, L(2L)));

    [Fact]
    public void ConcatJoinsAnyNumberOfLists()
    {
        Assert.Equal("()", P(Builtins.Concat()));
        Assert.Equal("(1 2)", P(Builtins.Concat(L(1L, 2L))));
        Assert.Equal("(1 2 3)", P(Builtins.Concat(L(1L), L(2L, 3L))));
        Assert.Equal("(1 2 3)", P(Builtins.Concat(L(1L), L(), null, L(2L, 3L))));
    }

    [Fact]
    public void ConcatOfANonListNamesConcat()
    {
        FailsWithWrongType("concat", () => Builtins.Concat(L(1L), 2L));
        FailsWithWrongType("concat", () => Builtins.Concat(L(1L), L(2L), 3L));
    }

    [Fact]
    public void ZipPairsElementsUpToTheShorterList() =>
        Assert.Equal("((1 :a) (2 :b))", P(Builtins.Zip(L(1L, 2L, 3L), L(K("a"), K("b")))));

    [Fact]
    public void FlattenRemovesAllNesting() =>
        Assert.Equal("(1 2 3 4 5)", P(Builtins.Flatten(L(1L, L(2L, L(3L, L())), 4L, L(L(5L))))));
}
