using System.Reflection;
using FluentAI.Plugins.Loader.Proxies;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

/// <summary>Every scalar type and every collection shape a proxy converts, as parameter and as result (each method is the identity).</summary>
public interface IEveryShape
{
    string? EchoString(string? x);

    long EchoLong(long x);

    int EchoInt(int x);

    double EchoDouble(double x);

    bool EchoBool(bool x);

    object? EchoObject(object? x);

    long? EchoNullableLong(long? x);

    int? EchoNullableInt(int? x);

    double? EchoNullableDouble(double? x);

    bool? EchoNullableBool(bool? x);

    string?[]? ArrayOfString(string?[]? x);

    long[]? ArrayOfLong(long[]? x);

    int[]? ArrayOfInt(int[]? x);

    double[]? ArrayOfDouble(double[]? x);

    bool[]? ArrayOfBool(bool[]? x);

    object?[]? ArrayOfObject(object?[]? x);

    IReadOnlyList<string?>? ReadOnlyListOfString(IReadOnlyList<string?>? x);

    IReadOnlyList<long>? ReadOnlyListOfLong(IReadOnlyList<long>? x);

    IReadOnlyList<int>? ReadOnlyListOfInt(IReadOnlyList<int>? x);

    IReadOnlyList<double>? ReadOnlyListOfDouble(IReadOnlyList<double>? x);

    IReadOnlyList<bool>? ReadOnlyListOfBool(IReadOnlyList<bool>? x);

    IReadOnlyList<object?>? ReadOnlyListOfObject(IReadOnlyList<object?>? x);

    IList<string?>? ListOfString(IList<string?>? x);

    IList<long>? ListOfLong(IList<long>? x);

    IList<int>? ListOfInt(IList<int>? x);

    IList<double>? ListOfDouble(IList<double>? x);

    IList<bool>? ListOfBool(IList<bool>? x);

    IList<object?>? ListOfObject(IList<object?>? x);

    IEnumerable<string?>? EnumerableOfString(IEnumerable<string?>? x);

    IEnumerable<long>? EnumerableOfLong(IEnumerable<long>? x);

    IEnumerable<int>? EnumerableOfInt(IEnumerable<int>? x);

    IEnumerable<double>? EnumerableOfDouble(IEnumerable<double>? x);

    IEnumerable<bool>? EnumerableOfBool(IEnumerable<bool>? x);

    IEnumerable<object?>? EnumerableOfObject(IEnumerable<object?>? x);

    IReadOnlyDictionary<string, string?>? ReadOnlyDictionaryOfString(IReadOnlyDictionary<string, string?>? x);

    IReadOnlyDictionary<string, long>? ReadOnlyDictionaryOfLong(IReadOnlyDictionary<string, long>? x);

    IReadOnlyDictionary<string, int>? ReadOnlyDictionaryOfInt(IReadOnlyDictionary<string, int>? x);

    IReadOnlyDictionary<string, double>? ReadOnlyDictionaryOfDouble(IReadOnlyDictionary<string, double>? x);

    IReadOnlyDictionary<string, bool>? ReadOnlyDictionaryOfBool(IReadOnlyDictionary<string, bool>? x);

    IReadOnlyDictionary<string, object?>? ReadOnlyDictionaryOfObject(IReadOnlyDictionary<string, object?>? x);

    IDictionary<string, string?>? DictionaryOfString(IDictionary<string, string?>? x);

    IDictionary<string, long>? DictionaryOfLong(IDictionary<string, long>? x);

    IDictionary<string, int>? DictionaryOfInt(IDictionary<string, int>? x);

    IDictionary<string, double>? DictionaryOfDouble(IDictionary<string, double>? x);

    IDictionary<string, bool>? DictionaryOfBool(IDictionary<string, bool>? x);

    IDictionary<string, object?>? DictionaryOfObject(IDictionary<string, object?>? x);

    IReadOnlyList<IReadOnlyDictionary<string, object?>>? ListOfMaps(IReadOnlyList<IReadOnlyDictionary<string, object?>>? x);

    IReadOnlyDictionary<string, IReadOnlyList<long>>? MapOfLists(IReadOnlyDictionary<string, IReadOnlyList<long>>? x);

    IReadOnlyList<long[]>? ListOfArrays(IReadOnlyList<long[]>? x);

    IList<IReadOnlyList<double>>? ListOfLists(IList<IReadOnlyList<double>>? x);

    IDictionary<string, IReadOnlyDictionary<string, string?>>? MapOfMaps(IDictionary<string, IReadOnlyDictionary<string, string?>>? x);

    long?[]? ArrayOfNullableLongs(long?[]? x);

    IReadOnlyDictionary<string, bool?>? MapOfNullableBools(IReadOnlyDictionary<string, bool?>? x);

    IEnumerable<IList<string?>>? SequenceOfLists(IEnumerable<IList<string?>>? x);

    IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, int?>>>>? Deep(IReadOnlyList<IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, int?>>>>? x);
}

/// <summary>One host over a module whose every function returns its argument, and a proxy for <see cref="IEveryShape"/> over it.</summary>
public sealed class EveryShapeModule : IDisposable
{
    private readonly ModuleFolder _folder = new();

    public EveryShapeModule()
    {
        _folder.Write("echo.ai", string.Join('\n', ProxyGenerator.Methods(typeof(IEveryShape)).Select(m => $"(define ({ProxyGenerator.FluentName(m.Name)} x) x)")));
        Proxy = _folder.Host.As<IEveryShape>("echo.ai");
    }

    public IEveryShape Proxy { get; }

    public void Dispose() => _folder.Dispose();
}

public sealed class ProxyShapeTests(EveryShapeModule module) : IClassFixture<EveryShapeModule>
{
    private static readonly string?[] Strings = ["a", "", "ü \"q\"\n", null];
    private static readonly long[] Longs = [0, -1, long.MaxValue, long.MinValue];
    private static readonly int[] Ints = [0, 7, int.MaxValue, int.MinValue];
    private static readonly double[] Doubles = [0.5, -0.0, double.NaN, double.NegativeInfinity, 1e300];
    private static readonly bool[] Bools = [true, false, true];
    private static readonly object?[] Objects = [null, 1L, "x", 2.5, false, Keyword.Intern("k"), FList.Of(1L, "y")];

    public static TheoryData<string, object?> Identities
    {
        get
        {
            var data = new TheoryData<string, object?>
            {
                { nameof(IEveryShape.EchoString), "text" },
                { nameof(IEveryShape.EchoString), "" },
                { nameof(IEveryShape.EchoLong), long.MinValue },
                { nameof(IEveryShape.EchoInt), int.MaxValue },
                { nameof(IEveryShape.EchoDouble), -2.5 },
                { nameof(IEveryShape.EchoBool), true },
                { nameof(IEveryShape.EchoBool), false },
                { nameof(IEveryShape.EchoObject), "any" },
                { nameof(IEveryShape.EchoObject), 3L },
                { nameof(IEveryShape.EchoNullableLong), 4L },
                { nameof(IEveryShape.EchoNullableInt), -4 },
                { nameof(IEveryShape.EchoNullableDouble), 0.25 },
                { nameof(IEveryShape.EchoNullableBool), false },
                { nameof(IEveryShape.ListOfMaps), new List<IReadOnlyDictionary<string, object?>> { new Dictionary<string, object?> { ["a"] = 1L, ["b"] = null, ["c"] = "s" }, new Dictionary<string, object?>() } },
                { nameof(IEveryShape.MapOfLists), new Dictionary<string, IReadOnlyList<long>> { ["x"] = [1, 2], ["y"] = [], ["z"] = new List<long> { long.MaxValue } } },
                { nameof(IEveryShape.ListOfArrays), new List<long[]> { new long[] { 1, 2 }, Array.Empty<long>() } },
                { nameof(IEveryShape.ListOfLists), new List<IReadOnlyList<double>> { new[] { 1.5 }, new List<double> { -0.0, double.NaN } } },
                { nameof(IEveryShape.MapOfMaps), new Dictionary<string, IReadOnlyDictionary<string, string?>> { ["outer"] = new Dictionary<string, string?> { ["inner"] = "v", ["none"] = null } } },
                { nameof(IEveryShape.ArrayOfNullableLongs), new long?[] { 1, null, -1 } },
                { nameof(IEveryShape.MapOfNullableBools), new Dictionary<string, bool?> { ["t"] = true, ["n"] = null } },
                { nameof(IEveryShape.SequenceOfLists), new[] { "a", "b" }.Select(s => (IList<string?>)[s, null]) },
                { nameof(IEveryShape.Deep), new List<IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, int?>>>> { new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, int?>>> { ["rows"] = [new Dictionary<string, int?> { ["n"] = 1, ["m"] = null }] } } },
            };
            AddShapes(data, "String", Strings);
            AddShapes(data, "Long", Longs);
            AddShapes(data, "Int", Ints);
            AddShapes(data, "Double", Doubles);
            AddShapes(data, "Bool", Bools);
            AddShapes(data, "Object", Objects);
            return data;
        }
    }

    public static TheoryData<string> MethodsTakingReferences => [.. typeof(IEveryShape).GetMethods()
        .Where(m => !m.ReturnType.IsValueType || Nullable.GetUnderlyingType(m.ReturnType) is not null)
        .Select(m => m.Name)];

    public static TheoryData<string> CollectionMethods => [.. typeof(IEveryShape).GetMethods()
        .Where(m => m.ReturnType.IsArray || m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() != typeof(Nullable<>))
        .Select(m => m.Name)];

    [Theory]
    [MemberData(nameof(Identities))]
    public void EveryScalarTypeAndCollectionShapeRoundTripsAsParameterAndResult(string method, object? argument)
    {
        var result = Call(method, argument);

        Assert.Equal(Canonical.Of(argument), Canonical.Of(result));
        Assert.True(result is null || typeof(IEveryShape).GetMethod(method)!.ReturnType.IsInstanceOfType(result));
    }

    [Theory]
    [MemberData(nameof(MethodsTakingReferences))]
    public void NullGoesInAsNilAndNilComesBackAsNull(string method) => Assert.Null(Call(method, null));

    [Theory]
    [MemberData(nameof(CollectionMethods))]
    public void EmptyCollectionsRoundTrip(string method)
    {
        var type = typeof(IEveryShape).GetMethod(method)!.GetParameters()[0].ParameterType;
        var empty = type.IsArray
            ? Array.CreateInstance(type.GetElementType()!, 0)
            : type.GetGenericArguments().Length == 2
                ? Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(type.GetGenericArguments()))
                : Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()));

        var result = Call(method, empty);

        Assert.Equal(type.GetGenericArguments().Length == 2 ? "{}" : "[]", Canonical.Of(result));
    }

    [Fact]
    public void ListResultsAreArraysExceptIListWhichIsAListTheCallerMayGrow()
    {
        Assert.IsType<long[]>(module.Proxy.ArrayOfLong([1]));
        Assert.IsType<long[]>(module.Proxy.ReadOnlyListOfLong([1]));
        Assert.IsType<long[]>(module.Proxy.EnumerableOfLong([1]));
        var list = Assert.IsType<List<long>>(module.Proxy.ListOfLong([1]));
        list.Add(2);
        Assert.Equal([1L, 2L], list);
    }

    [Fact]
    public void MapResultsKeepTheMapsOrderAndMayBeChangedAsIDictionary()
    {
        var keys = new[] { "m", "a", "z", "b" };
        var source = keys.ToDictionary(k => k, k => (long)k[0]);

        Assert.Equal(keys, module.Proxy.ReadOnlyDictionaryOfLong(source)!.Keys);
        var dictionary = module.Proxy.DictionaryOfLong(source)!;
        dictionary["new"] = 1;
        Assert.Equal([.. keys, "new"], dictionary.Keys);
    }

    [Fact]
    public void ObjectElementsAreTheFluentValuesThemselves()
    {
        var result = module.Proxy.ReadOnlyListOfObject([new Dictionary<string, object?> { ["a"] = 1 }, new[] { 1, 2 }, 'c', 5])!;

        Assert.IsType<FMap>(result[0]);
        Assert.Equal(FList.Of(1L, 2L), result[1]);
        Assert.Equal("c", result[2]);
        Assert.Equal(5L, result[3]);
    }

    private object? Call(string method, object? argument)
    {
        try
        {
            return typeof(IEveryShape).GetMethod(method)!.Invoke(module.Proxy, [argument]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static void AddShapes<T>(TheoryData<string, object?> data, string scalar, T[] samples)
    {
        data.Add("ArrayOf" + scalar, samples);
        data.Add("ReadOnlyListOf" + scalar, samples.ToList());
        data.Add("ListOf" + scalar, samples.ToList());

        // A lazy sequence, neither a list nor a collection.
        data.Add("EnumerableOf" + scalar, samples.Select(x => x));
        data.Add("ReadOnlyDictionaryOf" + scalar, samples.Select((x, i) => (x, i)).ToDictionary(p => "k" + p.i, p => p.x));
        data.Add("DictionaryOf" + scalar, samples.Select((x, i) => (x, i)).ToDictionary(p => "key " + (samples.Length - p.i), p => p.x));
    }
}
