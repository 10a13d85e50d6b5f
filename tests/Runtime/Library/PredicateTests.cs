using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class PredicateTests
{
    public static TheoryData<string, object?> Samples() => new()
    {
        { "nil", null },
        { "integer", 1L },
        { "float", 1.5 },
        { "string", "s" },
        { "boolean", false },
        { "keyword", Keyword.Intern("k") },
        { "symbol", Symbol.Intern("s") },
        { "list", FList.Empty },
        { "map", FMap.Empty },
        { "fn", new Lambda1("f", x => x) },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void EachTypePredicateIsTrueExactlyForItsType(string kind, object? value)
    {
        Assert.Equal(kind == "nil", Builtins.IsNil(value));
        Assert.Equal(kind is "integer" or "float", Builtins.IsNumber(value));
        Assert.Equal(kind == "integer", Builtins.IsInteger(value));
        Assert.Equal(kind == "float", Builtins.IsFloat(value));
        Assert.Equal(kind == "string", Builtins.IsString(value));
        Assert.Equal(kind == "boolean", Builtins.IsBoolean(value));
        Assert.Equal(kind == "keyword", Builtins.IsKeyword(value));
        Assert.Equal(kind == "symbol", Builtins.IsSymbol(value));
        Assert.Equal(kind == "list", Builtins.IsList(value));
        Assert.Equal(kind == "map", Builtins.IsMap(value));
        Assert.Equal(kind == "fn", Builtins.IsFn(value));
    }

    [Theory]
    [InlineData(0L, true, false, true, false, false)]
    [InlineData(3L, false, true, false, true, false)]
    [InlineData(-4L, true, false, false, false, true)]
    [InlineData(long.MinValue, true, false, false, false, true)]
    [InlineData(-3L, false, true, false, false, true)]
    public void NumberPredicatesOnIntegers(long n, bool even, bool odd, bool zero, bool pos, bool neg)
    {
        Assert.Equal(even, Builtins.IsEven(n));
        Assert.Equal(odd, Builtins.IsOdd(n));
        Assert.Equal(zero, Builtins.IsZero(n));
        Assert.Equal(pos, Builtins.IsPositive(n));
        Assert.Equal(neg, Builtins.IsNegative(n));
    }

    [Fact]
    public void ZeroPosAndNegAcceptFloats()
    {
        Assert.Equal(true, Builtins.IsZero(0.0));
        Assert.Equal(true, Builtins.IsPositive(0.5));
        Assert.Equal(true, Builtins.IsNegative(-0.5));
    }

    [Fact]
    public void NumberPredicatesNameThemselvesOnWrongTypes()
    {
        FailsWithWrongType("even?", () => Builtins.IsEven(2.0));
        FailsWithWrongType("odd?", () => Builtins.IsOdd("1"));
        FailsWithWrongType("zero?", () => Builtins.IsZero(null));
        FailsWithWrongType("pos?", () => Builtins.IsPositive(L()));
        FailsWithWrongType("neg?", () => Builtins.IsNegative(K("x")));
    }

    [Fact]
    public void XorIsTrueWhenExactlyOneIsTruthy()
    {
        Assert.Equal(true, Builtins.Xor(true, null));
        Assert.Equal(false, Builtins.Xor(1L, 2L));
        Assert.Equal(false, Builtins.Xor(false, null));
    }
}
