using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class NumberTests
{
    [Fact]
    public void AddWithNoArgumentsIsZeroAndWithOneIsTheArgument()
    {
        Assert.Equal(0L, Builtins.Add());
        Assert.Equal(7L, Builtins.Add(7L));
        Assert.Equal(2.5, Builtins.Add(2.5));
    }

    [Fact]
    public void AddOfManyIntegersStaysAnInteger() => Assert.Equal("10", P(Builtins.Add(1L, 2L, 3L, 4L)));

    [Fact]
    public void AddPromotesToFloatWhenAnyArgumentIsAFloat() => Assert.Equal("6.5", P(Builtins.Add(1L, 2L, 3.5)));

    [Fact]
    public void AddOfANonNumberNamesThePlus()
    {
        var e = Fails(() => Builtins.Add("x"));
        Assert.Equal(ErrorCodes.TypeMismatch, e.Code);
        Assert.StartsWith("+ expects numbers", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("+ expects numbers", Fails(() => Builtins.Add(1L, 2L, null)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubtractWithOneArgumentNegates()
    {
        Assert.Equal(-5L, Builtins.Subtract(5L));
        Assert.Equal(-1.5, Builtins.Subtract(1.5));
    }

    [Fact]
    public void SubtractWithManyArgumentsGoesLeftToRight() => Assert.Equal(4L, Builtins.Subtract(10L, 3L, 2L, 1L));

    [Fact]
    public void MultiplyWithNoArgumentsIsOne()
    {
        Assert.Equal(1L, Builtins.Multiply());
        Assert.Equal(24L, Builtins.Multiply(2L, 3L, 4L));
        Assert.Equal(3L, Builtins.Multiply(3L));
    }

    [Theory]
    [InlineData(7L, 2L, "3")]
    [InlineData(-7L, 2L, "-3")]
    [InlineData(7L, 2.0, "3.5")]
    [InlineData(1.0, 4L, "0.25")]
    public void DivideTruncatesIntegersAndDividesFloats(object a, object b, string expected) =>
        Assert.Equal(expected, P(Builtins.Divide(a, b)));

    [Fact]
    public void DivideWithManyArgumentsGoesLeftToRight() => Assert.Equal(5L, Builtins.Divide(100L, 2L, 10L));

    [Fact]
    public void DivideByIntegerZeroIsAnError()
    {
        var e = Fails(() => Builtins.Divide(1L, 0L));
        Assert.Equal(ErrorCodes.DivideByZero, e.Code);
    }

    [Theory]
    [InlineData(7L, 3L, 1L, 1L)]
    [InlineData(-7L, 3L, -1L, 2L)]
    [InlineData(7L, -3L, 1L, -2L)]
    public void RemainderFollowsTheDividendAndModTheDivisor(long a, long b, long rem, long mod)
    {
        Assert.Equal(rem, Builtins.Remainder(a, b));
        Assert.Equal(mod, Builtins.Mod(a, b));
    }

    [Fact]
    public void ModByZeroNamesMod() => Assert.Contains("mod", Fails(() => Builtins.Mod(1L, 0L)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData(-5L, 5L)]
    [InlineData(5L, 5L)]
    [InlineData(-2.5, 2.5)]
    [InlineData(long.MaxValue, long.MaxValue)]
    public void AbsIsTheMagnitude(object value, object expected) => Assert.Equal(expected, Builtins.Abs(value));

    [Fact]
    public void AbsOfTheSmallestIntegerIsAnOverflowError()
    {
        var e = Fails(() => Builtins.Abs(long.MinValue));
        Assert.Equal(ErrorCodes.IntegerOverflow, e.Code);
        Assert.Contains("(abs -9223372036854775808)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IncAndDecStepByOneAndKeepTheType()
    {
        Assert.Equal(6L, Builtins.Inc(5L));
        Assert.Equal(4L, Builtins.Dec(5L));
        Assert.Equal(1.5, Builtins.Inc(0.5));
        Assert.Equal(-0.5, Builtins.Dec(0.5));
    }

    [Fact]
    public void IncAndDecOverflowAtTheEdgesOfTheIntegerRange()
    {
        Assert.Equal(ErrorCodes.IntegerOverflow, Fails(() => Builtins.Inc(long.MaxValue)).Code);
        Assert.Equal(ErrorCodes.IntegerOverflow, Fails(() => Builtins.Dec(long.MinValue)).Code);
    }

    [Fact]
    public void IncOfANonNumberNamesInc() => Assert.StartsWith("inc expects numbers", Fails(() => Builtins.Inc("1")).Message, StringComparison.Ordinal);

    [Fact]
    public void MultiplyOverflowIsAnErrorNeverAWrap() =>
        Assert.Equal(ErrorCodes.IntegerOverflow, Fails(() => Builtins.Multiply(long.MaxValue, 2L, 1L)).Code);

    [Fact]
    public void MaxAndMinKeepIntegersWhenAllAreIntegers()
    {
        Assert.Equal("9", P(Builtins.Max(3L, 9L, 4L)));
        Assert.Equal("3", P(Builtins.Min(3L, 9L, 4L)));
        Assert.Equal("5", P(Builtins.Max(5L)));
    }

    [Fact]
    public void MaxAndMinPromoteToFloatWhenMixed()
    {
        Assert.Equal("9.0", P(Builtins.Max(3.5, 9L)));
        Assert.Equal("3.5", P(Builtins.Min(3.5, 9L)));
    }

    [Fact]
    public void MaxOfANonNumberNamesMax()
    {
        Assert.StartsWith("max expects numbers", Fails(() => Builtins.Max(1L, "2")).Message, StringComparison.Ordinal);
        Assert.StartsWith("min expects numbers", Fails(() => Builtins.Min(K("a"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SumAddsAListAndIsZeroForTheEmptyList()
    {
        Assert.Equal(15L, Builtins.Sum(L(1L, 2L, 3L, 4L, 5L)));
        Assert.Equal(0L, Builtins.Sum(L()));
        Assert.Equal(3.5, Builtins.Sum(L(1L, 2.5)));
    }

    [Fact]
    public void SumOverflowAndNonNumbersAreErrorsNamingSum()
    {
        Assert.Equal(ErrorCodes.IntegerOverflow, Fails(() => Builtins.Sum(L(long.MaxValue, 1L))).Code);
        FailsWithWrongType("sum", () => Builtins.Sum(L(1L, "2")));
        FailsWithWrongType("sum", () => Builtins.Sum(5L));
    }
}
