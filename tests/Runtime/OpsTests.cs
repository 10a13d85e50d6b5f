using FluentAI.Plugins.Runtime;

namespace FluentAI.Plugins.Runtime.Tests;

public sealed class OpsTests
{
    [Fact]
    public void AddOfTwoIntegersStaysInteger() => Assert.Equal(5L, Ops.Add(2L, 3L));

    [Fact]
    public void AddPromotesToDoubleWhenEitherSideIsDouble() => Assert.Equal(5.5, Ops.Add(2L, 3.5));

    [Fact]
    public void IntegerOverflowIsAnErrorNeverAWrap()
    {
        var e = Assert.Throws<FluentAIException>(() => Ops.Add(long.MaxValue, 1L));
        Assert.Equal(ErrorCodes.IntegerOverflow, e.Code);
        Assert.Throws<FluentAIException>(() => Ops.MulL(long.MaxValue / 2 + 1, 2));
        Assert.Throws<FluentAIException>(() => Ops.SubL(long.MinValue, 1));
        Assert.Equal(long.MinValue, Ops.MulL(long.MinValue / 2, 2));
    }

    [Fact]
    public void ModFollowsTheDivisorSignAndRemainderTheDividend()
    {
        Assert.Equal(2L, Ops.Mod(-1L, 3L));
        Assert.Equal(-1L, Ops.Rem(-1L, 3L));
    }

    [Fact]
    public void ArithmeticOnANonNumberNamesTheOperationAndValue()
    {
        var e = Assert.Throws<FluentAIException>(() => Ops.Add("a", 1L));
        Assert.Contains("+ expects numbers, got \"a\" (a string)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyNilAndFalseAreFalsy()
    {
        Assert.False(Ops.Truthy(null));
        Assert.False(Ops.Truthy(false));
        Assert.True(Ops.Truthy(0L));
        Assert.True(Ops.Truthy(""));
    }
}
