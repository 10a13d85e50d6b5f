using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Abstractions.Tests;

public sealed class ValueEqualityTests
{
    [Fact]
    public void KeywordsAndSymbolsAreEqualExactlyWhenTheyAreTheSameName()
    {
        Assert.True(ValueEquality.Equal(Keyword.Intern("a"), Keyword.Intern("a")));
        Assert.False(ValueEquality.Equal(Keyword.Intern("a"), Keyword.Intern("b")));
        Assert.True(ValueEquality.Equal(Symbol.Intern("a"), Symbol.Intern("a")));
        Assert.False(ValueEquality.Equal(Symbol.Intern("a"), Symbol.Intern("b")));
        Assert.False(ValueEquality.Equal(Keyword.Intern("a"), Symbol.Intern("a")));
        Assert.False(ValueEquality.Equal(Symbol.Intern("a"), Keyword.Intern("a")));
        Assert.False(ValueEquality.Equal(Keyword.Intern("a"), "a"));
        Assert.False(ValueEquality.Equal("a", Keyword.Intern("a")));
        Assert.False(ValueEquality.Equal(Keyword.Intern("a"), null));
        Assert.False(ValueEquality.Equal(null, Symbol.Intern("a")));
    }

    [Fact]
    public void MapsKeyedByKeywordsFindTheirKeysAndCompareStructurally()
    {
        var a = FMap.Of(Keyword.Intern("id"), 1L, Keyword.Intern("tag"), "a", Symbol.Intern("s"), 2.0);
        var b = FMap.Of(Keyword.Intern("id"), 1.0, Keyword.Intern("tag"), "a", Symbol.Intern("s"), 2L);
        Assert.Equal("a", a[Keyword.Intern("tag")]);
        Assert.False(a.ContainsKey(Keyword.Intern("s")));
        Assert.True(ValueEquality.Equal(a, b));
        Assert.False(ValueEquality.Equal(a, FMap.Of(Keyword.Intern("id"), 1L, Keyword.Intern("tag"), "b", Symbol.Intern("s"), 2.0)));
    }
}
