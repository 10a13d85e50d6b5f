using CsCheck;
using FluentAI.Plugins.Loader.Proxies;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Identity functions, one per shape the round-trip properties generate.</summary>
public interface IRoundTrip
{
    object? Echo(object? x);

    IEnumerable<object?> EchoObjects(IEnumerable<object?> x);

    IReadOnlyList<IReadOnlyDictionary<string, object?>> EchoListOfMaps(IReadOnlyList<IReadOnlyDictionary<string, object?>> x);

    IReadOnlyDictionary<string, IReadOnlyList<long>> EchoMapOfLists(IReadOnlyDictionary<string, IReadOnlyList<long>> x);

    IReadOnlyList<string?> EchoStrings(IReadOnlyList<string?> x);

    long[] EchoLongs(long[] x);

    int[] EchoInts(int[] x);

    double[] EchoDoubles(double[] x);

    bool[] EchoBools(bool[] x);

    IReadOnlyDictionary<string, double> EchoDoubleMap(IReadOnlyDictionary<string, double> x);

    IList<IReadOnlyList<string?>> EchoListOfLists(IList<IReadOnlyList<string?>> x);

    IDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, long?>>> EchoDeep(IDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, long?>>> x);
}

/// <summary>A host over a module of identity functions <c>(define (echo x) x)</c> and a proxy for <see cref="IRoundTrip"/>.</summary>
public sealed class RoundTripModule : IDisposable
{
    private readonly ModuleFolder _folder = new();

    public RoundTripModule()
    {
        _folder.Write("echo.ai", string.Join('\n', ProxyGenerator.Methods(typeof(IRoundTrip)).Select(m => $"(define ({ProxyGenerator.FluentName(m.Name)} x) x)")));
        Proxy = _folder.Host.As<IRoundTrip>("echo.ai");
    }

    public IRoundTrip Proxy { get; }

    public void Dispose() => _folder.Dispose();
}

/// <summary>
/// .NET value → proxy → identity function → proxy → .NET value gives the value back, for generated nested
/// data of every supported shape (compared by <see cref="Canonical"/>). CsCheck picks a random seed and
/// prints it with the smallest failing value it finds; pass it as <c>seed:</c> to replay.
/// </summary>
public sealed class ProxyRoundTripTests(RoundTripModule module) : IClassFixture<RoundTripModule>
{
    private const int Iterations = 300;

    private static readonly Gen<string?> NullableString = Gen.Frequency((9, Gen.String.Select(s => (string?)s)), (1, Gen.Const((string?)null)));

    // Every .NET scalar HostValues converts without loss, and FluentAI-free: what a host would pass.
    private static readonly Gen<object?> Atom = Gen.OneOf(
        Gen.Const((object?)null),
        Gen.Long.Select(l => (object?)l),
        Gen.Int.Select(i => (object?)i),
        Gen.Short.Select(s => (object?)s),
        Gen.Double.Select(d => (object?)d),
        Gen.Float.Select(f => (object?)f),
        Gen.Bool.Select(b => (object?)b),
        Gen.Char.Select(c => (object?)c),
        Gen.String.Select(s => (object?)s));

    private static readonly Gen<object?> Nested = Value(3);

    private static Gen<object?> Value(int depth) => depth == 0
        ? Atom
        : Gen.Frequency(
            (4, Atom),
            (1, Value(depth - 1).List[0, 4].Select(items => (object?)items)),
            (1, Value(depth - 1).Array[0, 4].Select(items => (object?)items)),
            (1, Gen.String.Dictionary(Value(depth - 1))[0, 4].Select(map => (object?)map)),
            (1, Gen.Long.Array[0, 4].Select(items => (object?)items)),
            (1, NullableString.List[0, 4].Select(items => (object?)items)));

    [Fact]
    public void AnyNestedValueAsObjectComesBackAsTheSameFluentValue() =>
        Nested.Sample(x => Same(x, module.Proxy.Echo(x)), iter: Iterations);

    [Fact]
    public void SequencesOfObjectsRoundTrip() =>
        Value(2).List[0, 5].Sample(x => Same(x, module.Proxy.EchoObjects(x)), iter: Iterations);

    [Fact]
    public void ListsOfMapsRoundTrip() =>
        Gen.String.Dictionary(Value(1))[0, 4].Select(d => (IReadOnlyDictionary<string, object?>)d).List[0, 4]
            .Sample(x => Same(x, module.Proxy.EchoListOfMaps(x)), iter: Iterations);

    [Fact]
    public void MapsOfListsRoundTrip() =>
        Gen.String.Dictionary(Gen.Long.Array[0, 5].Select(a => (IReadOnlyList<long>)a))[0, 4]
            .Sample(x => Same(x, module.Proxy.EchoMapOfLists(x)), iter: Iterations);

    [Fact]
    public void ListsOfEachScalarTypeRoundTrip()
    {
        NullableString.List[0, 6].Sample(x => Same(x, module.Proxy.EchoStrings(x)), iter: Iterations);
        Gen.Long.Array[0, 8].Sample(x => Same(x, module.Proxy.EchoLongs(x)), iter: Iterations);
        Gen.Int.Array[0, 8].Sample(x => Same(x, module.Proxy.EchoInts(x)), iter: Iterations);
        Gen.Double.Array[0, 8].Sample(x => Same(x, module.Proxy.EchoDoubles(x)), iter: Iterations);
        Gen.Bool.Array[0, 8].Sample(x => Same(x, module.Proxy.EchoBools(x)), iter: Iterations);
    }

    [Fact]
    public void MapsOfDoublesRoundTrip() =>
        Gen.String.Dictionary(Gen.Double)[0, 6].Sample(x => Same(x, module.Proxy.EchoDoubleMap(x)), iter: Iterations);

    [Fact]
    public void ListsOfListsRoundTrip() =>
        NullableString.List[0, 4].Select(l => (IReadOnlyList<string?>)l).List[0, 4]
            .Sample(x => Same(x, module.Proxy.EchoListOfLists(x)), iter: Iterations);

    [Fact]
    public void DeeplyNestedMapsAndListsWithNullableElementsRoundTrip()
    {
        var nullableLong = Gen.Frequency((4, Gen.Long.Select(l => (long?)l)), (1, Gen.Const((long?)null)));
        var rows = Gen.String.Dictionary(nullableLong)[0, 3].Select(d => (IReadOnlyDictionary<string, long?>)d).List[0, 3].Select(l => (IReadOnlyList<IReadOnlyDictionary<string, long?>>)l);
        Gen.String.Dictionary(rows)[0, 3].Select(d => (IDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, long?>>>)d)
            .Sample(x => Same(x, module.Proxy.EchoDeep(x)), iter: Iterations);
    }

    private static bool Same(object? sent, object? received) => Canonical.Of(sent) == Canonical.Of(received);
}
