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

    // Compiled code calls the (object, object) overloads when neither operand has a proven type;
    // the arguments are objects here so overload resolution picks exactly those.
    [Theory]
    [InlineData("+", long.MaxValue, 1L)]
    [InlineData("+", long.MinValue, -1L)]
    [InlineData("-", long.MinValue, 1L)]
    [InlineData("-", long.MaxValue, -1L)]
    [InlineData("*", long.MaxValue, 2L)]
    [InlineData("*", long.MinValue, -1L)]
    [InlineData("*", long.MinValue, 2L)]
    public void IntegerOverflowOnOperandsOfUnprovenTypeIsAnErrorNeverAWrap(string op, object a, object b)
    {
        var e = Assert.Throws<FluentAIException>(() => General(op, a, b));
        Assert.Equal(ErrorCodes.IntegerOverflow, e.Code);
        Assert.Equal($"integer overflow in ({op} {a} {b})", e.Message);
    }

    [Theory]
    [InlineData("+", long.MaxValue - 1, 1L, long.MaxValue)]
    [InlineData("+", long.MinValue + 1, -1L, long.MinValue)]
    [InlineData("-", long.MinValue + 1, 1L, long.MinValue)]
    [InlineData("-", long.MaxValue - 1, -1L, long.MaxValue)]
    [InlineData("*", long.MinValue / 2, 2L, long.MinValue)]
    [InlineData("*", long.MaxValue, -1L, long.MinValue + 1)]
    public void ResultsAtTheEdgeOfTheIntegerRangeOnOperandsOfUnprovenTypeAreNotOverflow(string op, object a, object b, long expected) =>
        Assert.Equal(expected, General(op, a, b));

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

    private static object General(string op, object a, object b) => op switch
    {
        "+" => Ops.Add(a, b),
        "-" => Ops.Sub(a, b),
        _ => Ops.Mul(a, b),
    };
}
