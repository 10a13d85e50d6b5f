using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class ComparisonTests
{
    [Fact]
    public void EqualIsValueEqualityAcrossIntegersAndFloats()
    {
        Assert.Equal(true, Builtins.Equal(1L, 1.0));
        Assert.Equal(true, Builtins.Equal(L(1L, "a"), L(1L, "a")));
        Assert.Equal(true, Builtins.Equal(M(K("a"), 1L), M(K("a"), 1L)));
        Assert.Equal(false, Builtins.Equal("1", 1L));
        Assert.Equal(true, Builtins.Equal(null, (object?)null));
    }

    [Fact]
    public void EqualWithManyArgumentsNeedsAllEqual()
    {
        Assert.Equal(true, Builtins.Equal(2L, 2L, 2.0));
        Assert.Equal(false, Builtins.Equal(2L, 2L, 3L));
        Assert.Equal(true, Builtins.Equal(K("x")));
    }

    [Fact]
    public void NotEqualIsTheNegationOfEqual()
    {
        Assert.Equal(true, Builtins.NotEqual(1L, 2L));
        Assert.Equal(false, Builtins.NotEqual("a", "a"));
        Assert.Equal(true, Builtins.NotEqual(1L, 1L, 2L));
        Assert.Equal(false, Builtins.NotEqual(1L));
    }

    [Theory]
    [InlineData(new object[] { 1L, 2L, 3L }, true, true, false, false)]
    [InlineData(new object[] { 1L, 1L, 2L }, false, true, false, false)]
    [InlineData(new object[] { 3L, 2L, 1L }, false, false, true, true)]
    [InlineData(new object[] { 3L, 3.0 }, false, true, false, true)]
    [InlineData(new object[] { 1.5, 2L }, true, true, false, false)]
    public void OrderingsAreChainedOverAllArguments(object[] args, bool lt, bool le, bool gt, bool ge)
    {
        Assert.Equal(lt, Builtins.Less(args[0], args[1..]));
        Assert.Equal(le, Builtins.LessOrEqual(args[0], args[1..]));
        Assert.Equal(gt, Builtins.Greater(args[0], args[1..]));
        Assert.Equal(ge, Builtins.GreaterOrEqual(args[0], args[1..]));
    }

    [Fact]
    public void TwoArgumentOrderingsCompareNumbers()
    {
        Assert.Equal(true, Builtins.Less(1L, 2L));
        Assert.Equal(false, Builtins.Greater(1L, 2L));
        Assert.Equal(true, Builtins.LessOrEqual(2L, 2L));
        Assert.Equal(true, Builtins.GreaterOrEqual(2.5, 2L));
    }

    [Fact]
    public void OrderingOfANonNumberNamesTheOperator()
    {
        Assert.StartsWith("< expects numbers", Fails(() => Builtins.Less(1L, "2")).Message, StringComparison.Ordinal);
        Assert.StartsWith(">= expects numbers", Fails(() => Builtins.GreaterOrEqual(null)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(0L, false)]
    [InlineData("", false)]
    public void NotIsTrueOnlyForNilAndFalse(object? value, bool expected) => Assert.Equal(expected, Builtins.Not(value));

    [Fact]
    public void NotOfAnEmptyListIsFalseBecauseListsAreTruthy() => Assert.Equal(false, Builtins.Not(L()));

    [Fact]
    public void ALoneNilLiteralInTheParamsPositionCountsAsOneNilArgument()
    {
        // C# binds Equal(null, null) to the params overload with a null array; generated code may do that.
        Assert.Equal(true, Builtins.Equal(null, (object?[])null!));
        Assert.Equal(false, Builtins.NotEqual(null, (object?[])null!));
    }
}
