using System.Collections.Immutable;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public interface IBuiltByTheModule
{
    IReadOnlyList<string?> Strings();

    string[] Words();

    IReadOnlyDictionary<string, long> Counts();

    IDictionary<string, string?> Names();

    double[] Numbers();

    IReadOnlyList<int> Small();

    IList<bool> Flags();

    IEnumerable<object?> Mixed();

    IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<long>>> Nested();

    IReadOnlyDictionary<string, object?> Describe();

    long? MaybeLong();

    int? MaybeInt();

    double? MaybeDouble();

    bool? MaybeBool();

    IReadOnlyList<string>? NoList();

    IReadOnlyDictionary<string, long>? NoMap();

    IReadOnlyList<long> Empty();

    IReadOnlyDictionary<string, long> EmptyMap();
}

public interface IWrongResults
{
    long NilLong();

    bool NilBool();

    int TooBig();

    IReadOnlyList<string> MixedList();

    long[] NilInLongs();

    IReadOnlyList<int> Overflow();

    IReadOnlyDictionary<string, long> NumberKey();

    IReadOnlyDictionary<string, long> SameKeyTwice();

    IReadOnlyDictionary<string, IReadOnlyList<long>> DeepMismatch();

    IReadOnlyList<IReadOnlyDictionary<string, long>> KeyInList();

    IReadOnlyDictionary<string, long> NotAMap();

    IReadOnlyList<long> NotAList();

    IReadOnlyList<bool?> WrongNullable();
}

public interface IInspectedByTheModule
{
    long Sum(IEnumerable<int> xs);

    long CountKeys(IReadOnlyDictionary<string, long> m);

    object? Lookup(IReadOnlyDictionary<string, long> m, string key);

    IReadOnlyList<bool> KeysAreStrings(IDictionary<string, object?> m);

    IReadOnlyList<object?> Five(long a, IReadOnlyList<string> b, IReadOnlyDictionary<string, long> c, double[] d, bool e);

    IReadOnlyList<object?> Exotic(HashSet<int> a, SortedDictionary<string, float> b, char c, ulong d);

    IReadOnlyList<object?> Immutable(ImmutableArray<short> a, IReadOnlyDictionary<int, decimal> b);

    bool IsNil(IReadOnlyList<long>? xs);

    IReadOnlyList<bool> NilElements(string?[] xs);
}

/// <summary>One host over the three modules below and a proxy for each, shared by the tests of <see cref="ProxyConversionTests"/>.</summary>
public sealed class ConversionModules : IDisposable
{
    private readonly ModuleFolder _folder = new();

    public ConversionModules()
    {
        _folder.Write("built.ai", ProxyConversionTests.Built);
        _folder.Write("wrong.ai", ProxyConversionTests.Wrong);
        _folder.Write("inspect.ai", ProxyConversionTests.Inspecting);
        Built = _folder.Host.As<IBuiltByTheModule>("built.ai");
        Wrong = _folder.Host.As<IWrongResults>("wrong.ai");
        Inspected = _folder.Host.As<IInspectedByTheModule>("inspect.ai");
    }

    public IBuiltByTheModule Built { get; }

    public IWrongResults Wrong { get; }

    public IInspectedByTheModule Inspected { get; }

    public void Dispose() => _folder.Dispose();
}

public sealed class ProxyConversionTests(ConversionModules modules) : IClassFixture<ConversionModules>
{
    internal const string Built = """
        (define (strings) (list "a" nil "c"))
        (define (words) (list "x" "y"))
        (define (counts) {:b 1 "a" 2})
        (define (names) {:first "Ada" :last nil})
        (define (numbers) (list 1 2.5))
        (define (small) (list 1 -2))
        (define (flags) (list #t #f))
        (define (mixed) (list 1 "s" :k nil {:a 1}))
        (define (nested) (list {:a (list 1 2)} {}))
        (define (describe) {:list (list 1) :map {:x 1}})
        (define (maybe-long) nil)
        (define (maybe-int) 3)
        (define (maybe-double) nil)
        (define (maybe-bool) #t)
        (define (no-list) nil)
        (define (no-map) nil)
        (define (empty) (list))
        (define (empty-map) {})
        """;

    internal const string Wrong = """
        (define (nil-long) nil)
        (define (nil-bool) nil)
        (define (too-big) 3000000000)
        (define (mixed-list) (list "a" 1))
        (define (nil-in-longs) (list 1 nil))
        (define (overflow) (list 3000000000))
        (define (number-key) {1 2})
        (define (same-key-twice) {:a 1 "a" 2})
        (define (deep-mismatch) {:a (list 1 "x")})
        (define (key-in-list) (list {} {2 3}))
        (define (not-a-map) (list 1))
        (define (not-a-list) {:a 1})
        (define (wrong-nullable) (list #t nil 0))
        """;

    internal const string Inspecting = """
        (define (sum xs) (fold + 0 xs))
        (define (count-keys m) (length (keys m)))
        (define (lookup m key) (get m key))
        (define (keys-are-strings m) (map string? (keys m)))
        (define (five a b c d e) (list a b c d e))
        (define (exotic a b c d) (list a b c d))
        (define (immutable a b) (list a b))
        (define (is-nil? xs) (nil? xs))
        (define (nil-elements xs) (map nil? xs))
        """;

    [Fact]
    public void ResultsTheModuleBuildsConvertToTheDeclaredTypes()
    {
        var proxy = modules.Built;

        Assert.Equal(["a", null, "c"], proxy.Strings());
        Assert.Equal(["x", "y"], proxy.Words());
        Assert.Equal([new("b", 1L), new("a", 2L)], proxy.Counts().ToList());
        Assert.Equal([new("first", "Ada"), new("last", null)], proxy.Names().ToList());
        Assert.Equal([1.0, 2.5], proxy.Numbers());
        Assert.Equal([1, -2], proxy.Small());
        Assert.Equal([true, false], proxy.Flags());
        Assert.Equal("[1, \"s\", :k, nil, {:a 1}]", Canonical.Of(proxy.Mixed()));
        Assert.Equal("[{\"a\" [1, 2]}, {}]", Canonical.Of(proxy.Nested()));
        var description = proxy.Describe();
        Assert.Equal(FList.Of(1L), description["list"]);
        Assert.Equal(FMap.Of(Keyword.Intern("x"), 1L), description["map"]);
        Assert.Null(proxy.MaybeLong());
        Assert.Equal(3, proxy.MaybeInt());
        Assert.Null(proxy.MaybeDouble());
        Assert.True(proxy.MaybeBool());
        Assert.Null(proxy.NoList());
        Assert.Null(proxy.NoMap());
        Assert.Empty(proxy.Empty());
        Assert.Empty(proxy.EmptyMap());
    }

    [Theory]
    [InlineData(nameof(IWrongResults.NilLong), "nil-long returned nil (nil), but the interface expects an integer")]
    [InlineData(nameof(IWrongResults.NilBool), "nil-bool returned nil (nil), but the interface expects a boolean")]
    [InlineData(nameof(IWrongResults.TooBig), "too-big returned 3000000000 (an integer), but the interface expects an integer in the 32-bit range")]
    [InlineData(nameof(IWrongResults.MixedList), "mixed-list returned (\"a\" 1) (a list), but the interface expects a list of strings: at [1], 1 (an integer) is not a string")]
    [InlineData(nameof(IWrongResults.NilInLongs), "nil-in-longs returned (1 nil) (a list), but the interface expects a list of integers: at [1], nil (nil) is not an integer")]
    [InlineData(nameof(IWrongResults.Overflow), "overflow returned (3000000000) (a list), but the interface expects a list of integers in the 32-bit range: at [0], 3000000000 (an integer) is not an integer in the 32-bit range")]
    [InlineData(nameof(IWrongResults.NumberKey), "number-key returned {1 2} (a map), but the interface expects a map of integers: the key 1 (an integer) is not a string or a keyword")]
    [InlineData(nameof(IWrongResults.SameKeyTwice), "same-key-twice returned {:a 1, \"a\" 2} (a map), but the interface expects a map of integers: the keys :a and \"a\" both become \"a\"")]
    [InlineData(nameof(IWrongResults.DeepMismatch), "deep-mismatch returned {:a (1 \"x\")} (a map), but the interface expects a map of lists of integers: at [\"a\"][1], \"x\" (a string) is not an integer")]
    [InlineData(nameof(IWrongResults.KeyInList), "key-in-list returned ({} {2 3}) (a list), but the interface expects a list of maps of integers: at [1], the key 2 (an integer) is not a string or a keyword")]
    [InlineData(nameof(IWrongResults.NotAMap), "not-a-map returned (1) (a list), but the interface expects a map of integers")]
    [InlineData(nameof(IWrongResults.NotAList), "not-a-list returned {:a 1} (a map), but the interface expects a list of integers")]
    [InlineData(nameof(IWrongResults.WrongNullable), "wrong-nullable returned (#t nil 0) (a list), but the interface expects a list of booleans or nil: at [2], 0 (an integer) is not a boolean or nil")]
    public void AResultThatDoesNotFitTheDeclaredTypeIsATypeMismatchSayingWhere(string method, string message)
    {
        var proxy = modules.Wrong;

        var e = Assert.Throws<FluentAIException>(() =>
        {
            try
            {
                typeof(IWrongResults).GetMethod(method)!.Invoke(proxy, []);
            }
            catch (System.Reflection.TargetInvocationException t) when (t.InnerException is not null)
            {
                throw t.InnerException;
            }
        });
        Assert.Equal(ErrorCodes.TypeMismatch, e.Code);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void ParametersArriveAsFluentValues()
    {
        var proxy = modules.Inspected;

        Assert.Equal(6L, proxy.Sum([1, 2, 3]));
        Assert.Equal(6L, proxy.Sum(Enumerable.Range(1, 3)));
        Assert.Equal(2L, proxy.CountKeys(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }));
        Assert.Equal(2L, proxy.Lookup(new Dictionary<string, long> { ["a"] = 1, ["b"] = 2 }, "b"));
        Assert.Null(proxy.Lookup(new Dictionary<string, long> { ["a"] = 1 }, "missing"));
        Assert.Equal([true, true], proxy.KeysAreStrings(new Dictionary<string, object?> { ["x"] = null, ["y"] = new List<object?>() }));
        Assert.Equal([false, true, false], proxy.NilElements(["a", null, ""]));
        Assert.True(proxy.IsNil(null));
        Assert.False(proxy.IsNil([]));
    }

    [Fact]
    public void MoreThanFourParametersOfCollectionTypesConvertToo()
    {
        var proxy = modules.Inspected;

        var five = proxy.Five(1, ["b"], new Dictionary<string, long> { ["c"] = 3 }, [4.5], true);

        Assert.Equal("(1 (\"b\") {\"c\" 3} (4.5) #t)", Printer.Print(FList.From(five)));
    }

    [Fact]
    public void AnyCollectionTypeAndNumericTypeHostValuesConvertIsAcceptedAsAParameter()
    {
        var proxy = modules.Inspected;

        var exotic = proxy.Exotic([7], new SortedDictionary<string, float> { ["b"] = 0.5f, ["a"] = 1.5f }, 'z', 9);
        var immutable = proxy.Immutable([1, 2], new Dictionary<int, decimal> { [1] = 0.25m });

        Assert.Equal("(7) {\"a\" 1.5, \"b\" 0.5} \"z\" 9", string.Join(' ', exotic.Select(Printer.Print)));
        Assert.Equal("(1 2) {1 0.25}", string.Join(' ', immutable.Select(Printer.Print)));
    }
}
