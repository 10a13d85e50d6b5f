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

    // The non-integer paths of the inlined operations run out of line (so the first call of compiled code
    // compiles less): each overload, with a double on either side, still promotes and compares as before.
    [Theory]
    [InlineData("+", 2.5, 3L, 5.5)]
    [InlineData("-", 2.5, 3L, -0.5)]
    [InlineData("*", 2.5, 3L, 7.5)]
    [InlineData("+", 3L, 2.5, 5.5)]
    [InlineData("-", 3L, 2.5, 0.5)]
    [InlineData("*", 3L, 2.5, 7.5)]
    public void ArithmeticWithADoubleOnEitherSidePromotes(string op, object a, object b, double expected)
    {
        Assert.Equal(expected, General(op, a, b));
        if (b is long y)
        {
            Assert.Equal(expected, op switch { "+" => Ops.Add(a, y), "-" => Ops.Sub(a, y), _ => Ops.Mul(a, Boxes.Int(y)) });
        }
    }

    [Theory]
    [InlineData(2.5, 3L, true, true, false, false)]
    [InlineData(3.0, 3L, false, true, false, true)]
    [InlineData(3.5, 3L, false, false, true, true)]
    [InlineData(3L, 3.5, true, true, false, false)]
    [InlineData(3L, 2.5, false, false, true, true)]
    public void ComparisonsWithADoubleOnEitherSideCompareAsNumbers(object a, object b, bool lt, bool le, bool gt, bool ge)
    {
        Assert.Equal((lt, le, gt, ge), (Ops.Lt(a, b), Ops.Le(a, b), Ops.Gt(a, b), Ops.Ge(a, b)));
        if (b is long y)
        {
            Assert.Equal((lt, le, gt, ge), (Ops.Lt(a, y), Ops.Le(a, y), Ops.Gt(a, y), Ops.Ge(a, y)));
        }
    }

    [Theory]
    [InlineData("<")]
    [InlineData("<=")]
    [InlineData(">")]
    [InlineData(">=")]
    [InlineData("-")]
    public void ANonNumberInAnyOverloadNamesTheOperation(string op)
    {
        Func<object?>[] calls = op switch
        {
            "<" => [() => Ops.Lt("a", 1L), () => Ops.Lt("a", (object)1L), () => Ops.Lt(1L, (object)"a")],
            "<=" => [() => Ops.Le("a", 1L), () => Ops.Le("a", (object)1L), () => Ops.Le(1L, (object)"a")],
            ">" => [() => Ops.Gt("a", 1L), () => Ops.Gt("a", (object)1L), () => Ops.Gt(1L, (object)"a")],
            ">=" => [() => Ops.Ge("a", 1L), () => Ops.Ge("a", (object)1L), () => Ops.Ge(1L, (object)"a")],
            _ => [() => Ops.Sub("a", 1L), () => Ops.Sub("a", (object)1L), () => Ops.Sub(1L, (object)"a")],
        };
        foreach (var call in calls)
        {
            var e = Assert.Throws<FluentAIException>(call);
            Assert.Equal(ErrorCodes.TypeMismatch, e.Code);
            Assert.StartsWith(op + " expects numbers, got \"a\"", e.Message, StringComparison.Ordinal);
        }
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
