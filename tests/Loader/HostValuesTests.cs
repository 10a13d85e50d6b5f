using System.Collections;
using System.Collections.Immutable;
using CsCheck;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class HostValuesTests
{
    public static TheoryData<object, long> Integers => new()
    {
        { 7, 7L },
        { int.MinValue, int.MinValue },
        { (short)-3, -3L },
        { (sbyte)-128, -128L },
        { (byte)255, 255L },
        { (ushort)65535, 65535L },
        { uint.MaxValue, uint.MaxValue },
        { (ulong)long.MaxValue, long.MaxValue },
        { 0UL, 0L },
    };

    public static TheoryData<object?> FluentValues => new()
    {
        null,
        5L,
        2.5,
        true,
        "text",
        Keyword.Intern("k"),
        Symbol.Intern("s"),
        FList.Of(1L, 2L),
        FMap.Of(Keyword.Intern("a"), 1L),
        new SlotWriter("m.ai", "f").Slot,
        new StateCell("m.ai", "cell", 1, 0L),
        DateTime.UnixEpoch,
        Guid.Empty,
        DayOfWeek.Monday,
        new object(),
        new Uri("https://example.org"),
    };

    [Theory]
    [MemberData(nameof(Integers))]
    public void EveryIntegerTypeBecomesALong(object value, long expected)
    {
        Assert.False(HostValues.IsFluentValue(value));
        Assert.Equal(expected, Assert.IsType<long>(HostValues.ToValue(value)));
    }

    [Fact]
    public void AnUnsignedLongTooLargeForALongIsATypeMismatch()
    {
        var e = Assert.Throws<FluentAIException>(() => HostValues.ToValue((ulong)long.MaxValue + 1));
        Assert.Equal(ErrorCodes.TypeMismatch, e.Code);
        Assert.Contains("9223372036854775808 (a ulong) is larger than the largest FluentAI integer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnsignedLongTooLargeInsideACollectionIsATypeMismatchToo() =>
        Assert.Equal(ErrorCodes.TypeMismatch, Assert.Throws<FluentAIException>(() => HostValues.ToValue(new List<ulong> { 1, ulong.MaxValue })).Code);

    [Fact]
    public void FloatsAndDecimalsBecomeDoubles()
    {
        Assert.Equal((double)0.1f, Assert.IsType<double>(HostValues.ToValue(0.1f)));
        Assert.Equal(0.1, Assert.IsType<double>(HostValues.ToValue(0.1m)));
        Assert.Equal(1e28, Assert.IsType<double>(HostValues.ToValue(10_000_000_000_000_000_000_000_000_000m)));
    }

    [Fact]
    public void ACharBecomesAOneCharacterString() => Assert.Equal("x", HostValues.ToValue('x'));

    [Theory]
    [MemberData(nameof(FluentValues))]
    public void FluentValuesAndHostObjectsPassThroughUnchanged(object? value)
    {
        Assert.True(HostValues.IsFluentValue(value));
        Assert.Same(value, HostValues.ToValue(value));
    }

    [Fact]
    public void TheElementsOfFluentCollectionsAreLeftAlone()
    {
        var list = FList.Of(1, new Dictionary<string, int>());
        Assert.Same(list, HostValues.ToValue(list));
    }

    [Fact]
    public void ADictionaryBecomesAMapInItsOrderWithStringKeysKept()
    {
        var map = Assert.IsType<FMap>(HostValues.ToValue(new Dictionary<string, object?> { ["b"] = 1, ["a"] = null, ["c"] = new[] { 2, 3 } }));
        Assert.Equal("{\"b\" 1, \"a\" nil, \"c\" (2 3)}", Printer.Print(map));
        Assert.All(map.Keys, k => Assert.IsType<string>(k));
        Assert.IsType<long>(map["b"]);
    }

    [Fact]
    public void DictionariesOfAnyKeyAndValueTypeBecomeMaps()
    {
        Assert.Equal("{1 \"one\", 2 \"two\"}", Printer.Print(HostValues.ToValue(new Dictionary<int, string> { [1] = "one", [2] = "two" })));
        Assert.Equal("{\"a\" 1.5}", Printer.Print(HostValues.ToValue(new SortedDictionary<string, float> { ["a"] = 1.5f })));
        Assert.Equal("{\"y\" #f, \"z\" #t}", Printer.Print(HostValues.ToValue(ImmutableSortedDictionary<string, bool>.Empty.Add("z", true).Add("y", false))));
        Assert.Equal("{\"k\" 1}", Printer.Print(HostValues.ToValue(new Hashtable { ["k"] = 1 })));
    }

    [Fact]
    public void AReadOnlyDictionaryThatIsNotAnIDictionaryBecomesAMap()
    {
        var map = HostValues.ToValue(new ReadOnlyOnly([new("x", 1), new("y", 2)]));
        Assert.Equal("{\"x\" 1, \"y\" 2}", Printer.Print(map));
    }

    [Fact]
    public void ASequenceOfKeyValuePairsBecomesAMap() =>
        Assert.Equal("{\"a\" 1, \"b\" 2}", Printer.Print(HostValues.ToValue(new[] { "a", "b" }.Select((k, i) => KeyValuePair.Create(k, i + 1)))));

    [Fact]
    public void ArraysAndOtherSequencesBecomeLists()
    {
        Assert.Equal("(1 2 3)", Printer.Print(HostValues.ToValue(new long[] { 1, 2, 3 })));
        Assert.Equal("(1 2 3)", Printer.Print(HostValues.ToValue(new[] { 1, 2, 3 })));
        Assert.Equal("(\"a\" nil)", Printer.Print(HostValues.ToValue(new[] { "a", null })));
        Assert.Equal("(0.5 #t nil)", Printer.Print(HostValues.ToValue(new List<object?> { 0.5, true, null })));
        Assert.Equal("(0 1 2)", Printer.Print(HostValues.ToValue(Enumerable.Range(0, 3))));
        Assert.Equal("(\"x\")", Printer.Print(HostValues.ToValue(new HashSet<char> { 'x' })));
        Assert.Same(FList.Empty, HostValues.ToValue(Array.Empty<string>()));
        Assert.Equal(FMap.Empty, HostValues.ToValue(new Dictionary<string, long>()));
    }

    [Fact]
    public void NestedCollectionsConvertAllTheWayDown()
    {
        var value = new List<IReadOnlyDictionary<string, int[]>> { new Dictionary<string, int[]> { ["a"] = [1, 2] }, new Dictionary<string, int[]>() };
        var list = Assert.IsType<FList>(HostValues.ToValue(value));
        Assert.Equal("({\"a\" (1 2)} {})", Printer.Print(list));
        Assert.IsType<long>(Assert.IsType<FList>(Assert.IsType<FMap>(list[0])["a"])[0]);
    }

    [Fact]
    public void AStringIsNotASequence() => Assert.Same("abc", HostValues.ToValue("abc"));

    [Fact]
    public void ACollectionThatContainsItselfFailsInsteadOfOverflowingTheStack()
    {
        var list = new List<object?>();
        list.Add(list);
        Assert.Throws<InsufficientExecutionStackException>(() => HostValues.ToValue(list));
    }

    [Fact]
    public void IsFluentValueIsTrueExactlyWhenToValueChangesNothing() =>
        HostValueGen.Sample(value => HostValues.IsFluentValue(value) == ReferenceEquals(HostValues.ToValue(value), value), iter: 500);

    private static readonly Gen<object?> HostValueGen = Gen.OneOf<object?>(
        Gen.Const((object?)null),
        Gen.Long.Select(l => (object?)l),
        Gen.Int.Select(i => (object?)i),
        Gen.Short.Select(s => (object?)s),
        Gen.Byte.Select(b => (object?)b),
        Gen.UInt.Select(u => (object?)u),
        Gen.ULong[0UL, (ulong)long.MaxValue].Select(u => (object?)u),
        Gen.Float.Select(f => (object?)f),
        Gen.Double.Select(d => (object?)d),
        Gen.Decimal.Select(d => (object?)d),
        Gen.Bool.Select(b => (object?)b),
        Gen.Char.Select(c => (object?)c),
        Gen.String.Select(s => (object?)s),
        Gen.String[Gen.Char.AlphaNumeric, 1, 5].Select(s => (object?)Keyword.Intern(s)),
        Gen.Long.Array[0, 3].Select(a => (object?)a),
        Gen.Long.List[0, 3].Select(a => (object?)FList.From(a.Cast<object?>())),
        Gen.Int.List[0, 3].Select(a => (object?)a),
        Gen.String.Dictionary(Gen.Int)[0, 3].Select(d => (object?)d),
        Gen.DateTime.Select(d => (object?)d));

    /// <summary>An <see cref="IReadOnlyDictionary{TKey, TValue}"/> that is deliberately not an <see cref="IDictionary"/>.</summary>
    private sealed class ReadOnlyOnly(IReadOnlyList<KeyValuePair<string, long>> pairs) : IReadOnlyDictionary<string, long>
    {
        public int Count => pairs.Count;

        public IEnumerable<string> Keys => pairs.Select(p => p.Key);

        public IEnumerable<long> Values => pairs.Select(p => p.Value);

        public long this[string key] => pairs.First(p => p.Key == key).Value;

        public bool ContainsKey(string key) => pairs.Any(p => p.Key == key);

        public bool TryGetValue(string key, out long value)
        {
            value = ContainsKey(key) ? this[key] : 0;
            return ContainsKey(key);
        }

        public IEnumerator<KeyValuePair<string, long>> GetEnumerator() => pairs.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
