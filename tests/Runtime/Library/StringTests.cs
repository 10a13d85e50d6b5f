using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests.Library;

public sealed class StringTests
{
    [Fact]
    public void StrJoinsStringsUnquotedAndOtherValuesAsPrinted()
    {
        Assert.Equal("a1:k", Builtins.Str("a", 1L, K("k")));
        Assert.Equal("", Builtins.Str());
        Assert.Equal("nil", Builtins.Str((object?)null));
        Assert.Equal("nil", Builtins.Str((object?[])null!));
        Assert.Equal("#t2.5", Builtins.Str(true, 2.5));
        Assert.Equal("ab", Builtins.Str("a", "b"));
        Assert.Equal("(1 \"x\"){:a \"y\"}", Builtins.Str(L(1L, "x"), M(K("a"), "y")));
        Assert.Equal("Reloading plugins/a.ai", Builtins.Str("Reloading ", "plugins/a.ai"));
    }

    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-7L, "-7")]
    [InlineData(1024L, "1024")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void StrOfAnIntegerAndAStringIsTheIntegersDigits(long n, string digits)
    {
        Assert.Equal(digits + ",", Builtins.Str(n, ","));
        Assert.Equal("item" + digits, Builtins.Str("item", n));
        Assert.Equal(digits, Builtins.Str(n, ""));
        Assert.Equal(digits, Builtins.Str("", n));
        Assert.Equal(digits, Builtins.Str(n));
        Assert.Equal(digits + digits, Builtins.Str(n, n));
        Assert.Equal(Values.Printer.Print(n), Values.Printer.Display(n));
    }

    [Fact]
    public void StringLengthCountsCharacters()
    {
        Assert.Equal(5L, Builtins.StringLength("hello"));
        Assert.Equal(0L, Builtins.StringLength(""));
        FailsWithWrongType("string-length", () => Builtins.StringLength(L()));
    }

    [Theory]
    [InlineData("hello", 1L, 3L, "el")]
    [InlineData("hello", 0L, 5L, "hello")]
    [InlineData("hello", 2L, 2L, "")]
    public void SubstringIsEndExclusive(string s, long start, long end, string expected) =>
        Assert.Equal(expected, Builtins.Substring(s, start, end));

    [Fact]
    public void SubstringWithoutAnEndRunsToTheEnd() => Assert.Equal("llo", Builtins.Substring("hello", 2L));

    [Theory]
    [InlineData(-1L, 2L)]
    [InlineData(0L, 6L)]
    [InlineData(6L, 6L)]
    public void SubstringOutsideTheStringIsAnIndexError(long start, long end)
    {
        var e = Fails(() => Builtins.Substring("hello", start, end));
        Assert.Equal(ErrorCodes.IndexOutOfRange, e.Code);
        Assert.StartsWith("substring: index", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubstringWithTheEndBeforeTheStartIsAnError() =>
        Assert.StartsWith("substring:", Fails(() => Builtins.Substring("hello", 3L, 1L)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("a,b,,c", ",", "(\"a\" \"b\" \"\" \"c\")")]
    [InlineData("a--b", "--", "(\"a\" \"b\")")]
    [InlineData("abc", "", "(\"a\" \"b\" \"c\")")]
    [InlineData("", ",", "(\"\")")]
    public void StringSplitTakesTheStringThenTheDelimiter(string s, string delimiter, string expected) =>
        Assert.Equal(expected, P(Builtins.StringSplit(s, delimiter)));

    [Fact]
    public void StringJoinTakesTheDelimiterThenTheList()
    {
        Assert.Equal("a, b, c", Builtins.StringJoin(", ", L("a", "b", "c")));
        Assert.Equal("1-:x-nil", Builtins.StringJoin("-", L(1L, K("x"), null)));
        Assert.Equal("", Builtins.StringJoin(",", L()));
        Assert.Equal("", Builtins.StringJoin(",", L("")));
        Assert.Equal(",", Builtins.StringJoin(",", L("", "")));
        Assert.Equal("only", Builtins.StringJoin("--", L("only")));
        Assert.Equal("x--é--\"q\"", Builtins.StringJoin("--", L("x", "é", "\"q\"")));
        Assert.Equal("a\"b\"", Builtins.StringJoin("", L("a", "\"b\"")));
        Assert.Equal("a (\"b\")", Builtins.StringJoin(" ", L("a", L("b"))));
        Assert.Equal("ab", Builtins.StringJoin(L("a", "b")));
        FailsWithWrongType("string-join", () => Builtins.StringJoin(L("a"), ","));
    }

    [Fact]
    public void StringConcatJoinsOnlyStrings()
    {
        Assert.Equal("abc", Builtins.StringConcat("a", "b", "c"));
        FailsWithWrongType("string-concat", () => Builtins.StringConcat("a", 1L));
    }

    [Fact]
    public void UpcaseDowncaseAndTrimUseTheInvariantCulture()
    {
        Assert.Equal("HELLO I", Builtins.StringUpcase("hello i"));
        Assert.Equal("hello i", Builtins.StringDowncase("HELLO I"));
        Assert.Equal("a b", Builtins.StringTrim("  a b\n\t"));
        FailsWithWrongType("string-upcase", () => Builtins.StringUpcase(1L));
        FailsWithWrongType("string-trim", () => Builtins.StringTrim(null));
    }

    [Fact]
    public void ContainsStartsWithAndEndsWithAreOrdinal()
    {
        Assert.Equal(true, Builtins.StringContains("hello", "ell"));
        Assert.Equal(false, Builtins.StringContains("hello", "ELL"));
        Assert.Equal(true, Builtins.StringStartsWith("hello", "he"));
        Assert.Equal(false, Builtins.StringStartsWith("hello", "lo"));
        Assert.Equal(true, Builtins.StringEndsWith("hello", "lo"));
        Assert.Equal(true, Builtins.StringIsEmpty(""));
        FailsWithWrongType("string-contains?", () => Builtins.StringContains("hello", K("e")));
    }

    [Fact]
    public void StringReplaceReplacesEveryOccurrence()
    {
        Assert.Equal("b-b-b", Builtins.StringReplace("a-a-a", "a", "b"));
        Assert.StartsWith("string-replace:", Fails(() => Builtins.StringReplace("abc", "", "x")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(42L, "42")]
    [InlineData(-7L, "-7")]
    [InlineData(3.5, "3.5")]
    [InlineData(1.0, "1.0")]
    [InlineData(2.0e-5, "2.0e-5")]
    [InlineData(-3.25e-10, "-3.25e-10")]
    [InlineData(1.5e20, "1.5e20")]
    [InlineData(1e300, "1.0e300")]
    public void NumberToStringWritesWhatThePrinterWrites(object n, string expected) =>
        Assert.Equal(expected, Builtins.NumberToString(n));

    [Fact]
    public void NumberToStringOfANonNumberNamesIt() => FailsWithWrongType("number->string", () => Builtins.NumberToString("1"));

    [Theory]
    [InlineData("42", 42L)]
    [InlineData("-7", -7L)]
    [InlineData(" 12 ", 12L)]
    [InlineData("3.5", 3.5)]
    [InlineData("-2.5e3", -2500.0)]
    [InlineData("1.0", 1.0)]
    [InlineData("2.0e-5", 2.0e-5)]
    [InlineData("1.5e20", 1.5e20)]
    public void StringToNumberReadsIntegersAsIntegersAndFloatsAsFloats(string s, object expected)
    {
        var result = Builtins.StringToNumber(s);
        Assert.Equal(expected, result);
        Assert.Equal(expected.GetType(), result!.GetType());
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("12abc")]
    [InlineData("99999999999999999999")]
    public void StringToNumberIsNilForWhatIsNotANumber(string s) => Assert.Null(Builtins.StringToNumber(s));

    [Fact]
    public void StringToNumberOfANonStringNamesIt() => FailsWithWrongType("string->number", () => Builtins.StringToNumber(1L));
}
