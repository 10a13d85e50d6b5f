using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using FluentAI.Plugins.Values;
using FSharpx.Collections;
using ImTools;
using LanguageExt;

namespace FluentAI.Plugins.Benchmarks;

/// <summary>
/// FluentAI's own persistent map (<see cref="FMap"/>, persistent and through its builder) beside the served
/// persistent-map libraries a .NET project could use instead (issue 15 item 2): ImTools' ImHashMap,
/// FSharpx.Collections' PersistentHashMap (and its transient, through ofSeq), LanguageExt's HashMap and
/// System.Collections.Immutable's ImmutableDictionary (and its builder), with a mutable Dictionary as the floor.
/// Each builds 100,000 entries (boxed long keys, the same prebuilt value objects for every library), looks
/// every key up, enumerates, and builds 100,000 four-keyword records (the record-pipeline shape).
/// </summary>
/// <remarks>
/// Only FMap keeps insertion order (FluentAI prints maps in it, SPEC §2.2); the others would need an order
/// index on top. FMap, ImmutableDictionary and Dictionary use FluentAI's equality (<see cref="ValueEquality.KeyComparer"/>);
/// ImTools is given FluentAI's hash and compares with <c>Equals</c>; FSharpx and LanguageExt use <c>Equals</c> and
/// <c>GetHashCode</c> (the same as FluentAI's for these keys: boxed longs and interned keywords).
/// </remarks>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 7)]
[MemoryDiagnoser]
public class MapLibraries
{
    /// <summary>Entries of the big map and number of records.</summary>
    public const int N = 100_000;

    private static readonly Keyword Id = Keyword.Intern("id");
    private static readonly Keyword Qty = Keyword.Intern("qty");
    private static readonly Keyword Price = Keyword.Intern("price");
    private static readonly Keyword Tag = Keyword.Intern("tag");
    private static readonly object TagA = "a";

    private readonly object[] _keys = new object[N];
    private readonly object[] _values = new object[N];
    private FMap _fmap = FMap.Empty;
    private ImHashMap<object, object> _im = ImHashMap<object, object>.Empty;
    private PersistentHashMap<object, object> _fsx = PersistentHashMap.empty<object, object>();
    private HashMap<object, object> _lx;
    private ImmutableDictionary<object, object> _immutable = ImmutableDictionary<object, object>.Empty;
    private Dictionary<object, object> _dictionary = [];

    /// <summary>The keys, the values and one map of each library for the lookup and enumeration bodies.</summary>
    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < N; i++)
        {
            _keys[i] = (long)i;
            _values[i] = FMap.Of(Qty, _keys[i]);
        }

        _fmap = FMapBuilderBuild();
        _im = ImToolsBuild();
        _fsx = FSharpxTransientBuild();
        _lx = LanguageExtBuild();
        _immutable = ImmutableBuilderBuild();
        _dictionary = DictionaryBuild();
    }

    // ----- build 100k entries -----

    /// <summary>FMap, one persistent <c>Assoc</c> per entry.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public FMap FMapPersistentBuild()
    {
        var m = FMap.Empty;
        for (var i = 0; i < N; i++)
        {
            m = m.Assoc(_keys[i], _values[i]);
        }

        return m;
    }

    /// <summary>FMap through <see cref="FMap.Builder"/> (what folds, literals and the host use).</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("build")]
    public FMap FMapBuilderBuild()
    {
        var b = FMap.Empty.ToBuilder();
        for (var i = 0; i < N; i++)
        {
            b.Assoc(_keys[i], _values[i]);
        }

        return b.Persistent();
    }

    /// <summary>ImTools <c>ImHashMap</c> (persistent; it has no transient).</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public ImHashMap<object, object> ImToolsBuild()
    {
        var m = ImHashMap<object, object>.Empty;
        for (var i = 0; i < N; i++)
        {
            m = m.AddOrUpdate(ValueEquality.Hash(_keys[i]), _keys[i], _values[i]);
        }

        return m;
    }

    /// <summary>FSharpx <c>PersistentHashMap</c>, one persistent <c>Add</c> per entry.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public PersistentHashMap<object, object> FSharpxPersistentBuild()
    {
        var m = PersistentHashMap.empty<object, object>();
        for (var i = 0; i < N; i++)
        {
            m = m.Add(_keys[i], _values[i]);
        }

        return m;
    }

    /// <summary>FSharpx through <c>ofSeq</c>, the one public way to its (internal) transient: a tuple per entry.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public PersistentHashMap<object, object> FSharpxTransientBuild() =>
        PersistentHashMap.ofSeq(Pairs());

    private IEnumerable<Tuple<object, object>> Pairs()
    {
        for (var i = 0; i < N; i++)
        {
            yield return Tuple.Create(_keys[i], _values[i]);
        }
    }

    /// <summary>LanguageExt <c>HashMap</c> (persistent; it has no transient).</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public HashMap<object, object> LanguageExtBuild()
    {
        var m = default(HashMap<object, object>);
        for (var i = 0; i < N; i++)
        {
            m = m.AddOrUpdate(_keys[i], _values[i]);
        }

        return m;
    }

    /// <summary><c>ImmutableDictionary</c>, one persistent <c>SetItem</c> per entry (FMap's implementation before issue 15).</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public ImmutableDictionary<object, object> ImmutablePersistentBuild()
    {
        var m = ImmutableDictionary.Create<object, object>(ValueEquality.KeyComparer);
        for (var i = 0; i < N; i++)
        {
            m = m.SetItem(_keys[i], _values[i]);
        }

        return m;
    }

    /// <summary><c>ImmutableDictionary</c> through its builder.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public ImmutableDictionary<object, object> ImmutableBuilderBuild()
    {
        var b = ImmutableDictionary.CreateBuilder<object, object>(ValueEquality.KeyComparer);
        for (var i = 0; i < N; i++)
        {
            b[_keys[i]] = _values[i];
        }

        return b.ToImmutable();
    }

    /// <summary>A mutable <c>Dictionary</c>: the floor, not persistent.</summary>
    [Benchmark]
    [BenchmarkCategory("build")]
    public Dictionary<object, object> DictionaryBuild()
    {
        var d = new Dictionary<object, object>(ValueEquality.KeyComparer);
        for (var i = 0; i < N; i++)
        {
            d[_keys[i]] = _values[i];
        }

        return d;
    }

    // ----- look every key up (the value is a record: count the found ones) -----

    /// <summary>FMap lookups.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public int FMapLookup()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            found += _fmap.TryGetValue(_keys[i], out var v) && v is not null ? 1 : 0;
        }

        return found;
    }

    /// <summary>ImTools lookups.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public int ImToolsLookup()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            found += _im.TryFind(ValueEquality.Hash(_keys[i]), _keys[i], out var v) && v is not null ? 1 : 0;
        }

        return found;
    }

    /// <summary>FSharpx lookups.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public int FSharpxLookup()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            found += _fsx.ContainsKey(_keys[i]) && _fsx[_keys[i]] is not null ? 1 : 0;
        }

        return found;
    }

    /// <summary>LanguageExt lookups.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public int LanguageExtLookup()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            found += _lx.Find(_keys[i]).IsSome ? 1 : 0;
        }

        return found;
    }

    /// <summary>ImmutableDictionary lookups.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public int ImmutableLookup()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            found += _immutable.TryGetValue(_keys[i], out var v) && v is not null ? 1 : 0;
        }

        return found;
    }

    /// <summary>Dictionary lookups.</summary>
    [Benchmark]
    [BenchmarkCategory("lookup")]
    public int DictionaryLookup()
    {
        var found = 0;
        for (var i = 0; i < N; i++)
        {
            found += _dictionary.TryGetValue(_keys[i], out var v) && v is not null ? 1 : 0;
        }

        return found;
    }

    // ----- enumerate every entry (sum the keys) -----

    /// <summary>FMap enumeration (insertion order).</summary>
    [Benchmark]
    [BenchmarkCategory("enumerate")]
    public long FMapEnumerate()
    {
        long sum = 0;
        foreach (var (k, _) in _fmap)
        {
            sum += (long)k!;
        }

        return sum;
    }

    /// <summary>ImTools enumeration (hash order).</summary>
    [Benchmark]
    [BenchmarkCategory("enumerate")]
    public long ImToolsEnumerate()
    {
        long sum = 0;
        foreach (var e in _im.Enumerate())
        {
            sum += (long)e.Key;
        }

        return sum;
    }

    /// <summary>FSharpx enumeration (hash order).</summary>
    [Benchmark]
    [BenchmarkCategory("enumerate")]
    public long FSharpxEnumerate()
    {
        long sum = 0;
        foreach (var (k, _) in _fsx)
        {
            sum += (long)k;
        }

        return sum;
    }

    /// <summary>LanguageExt enumeration (hash order).</summary>
    [Benchmark]
    [BenchmarkCategory("enumerate")]
    public long LanguageExtEnumerate()
    {
        long sum = 0;
        foreach (var (k, _) in _lx)
        {
            sum += (long)k;
        }

        return sum;
    }

    /// <summary>ImmutableDictionary enumeration (hash order).</summary>
    [Benchmark]
    [BenchmarkCategory("enumerate")]
    public long ImmutableEnumerate()
    {
        long sum = 0;
        foreach (var (k, _) in _immutable)
        {
            sum += (long)k;
        }

        return sum;
    }

    /// <summary>Dictionary enumeration.</summary>
    [Benchmark]
    [BenchmarkCategory("enumerate")]
    public long DictionaryEnumerate()
    {
        long sum = 0;
        foreach (var (k, _) in _dictionary)
        {
            sum += (long)k;
        }

        return sum;
    }

    // ----- 100k records of four keyword keys (count the entries) -----

    /// <summary>FMap records: <c>{:id :qty :price :tag}</c> as a literal compiles (<see cref="FMap.Of"/>).</summary>
    [Benchmark]
    [BenchmarkCategory("records")]
    public long FMapRecords()
    {
        long entries = 0;
        for (var i = 0; i < N; i++)
        {
            var k = _keys[i];
            entries += FMap.Of(Id, k, Qty, k, Price, k, Tag, TagA).Count;
        }

        return entries;
    }

    /// <summary>ImTools records.</summary>
    [Benchmark]
    [BenchmarkCategory("records")]
    public long ImToolsRecords()
    {
        long entries = 0;
        for (var i = 0; i < N; i++)
        {
            var k = _keys[i];
            var r = ImHashMap<object, object>.Empty.AddOrUpdate(Id, k).AddOrUpdate(Qty, k).AddOrUpdate(Price, k).AddOrUpdate(Tag, TagA);
            entries += r.Count();
        }

        return entries;
    }

    /// <summary>FSharpx records.</summary>
    [Benchmark]
    [BenchmarkCategory("records")]
    public long FSharpxRecords()
    {
        long entries = 0;
        for (var i = 0; i < N; i++)
        {
            var k = _keys[i];
            var r = PersistentHashMap.empty<object, object>().Add(Id, k).Add(Qty, k).Add(Price, k).Add(Tag, TagA);
            entries += r.Length;
        }

        return entries;
    }

    /// <summary>LanguageExt records.</summary>
    [Benchmark]
    [BenchmarkCategory("records")]
    public long LanguageExtRecords()
    {
        long entries = 0;
        for (var i = 0; i < N; i++)
        {
            var k = _keys[i];
            var r = default(HashMap<object, object>).AddOrUpdate(Id, k).AddOrUpdate(Qty, k).AddOrUpdate(Price, k).AddOrUpdate(Tag, TagA);
            entries += r.Count;
        }

        return entries;
    }

    /// <summary>ImmutableDictionary records.</summary>
    [Benchmark]
    [BenchmarkCategory("records")]
    public long ImmutableRecords()
    {
        long entries = 0;
        var empty = ImmutableDictionary.Create<object, object>(ValueEquality.KeyComparer);
        for (var i = 0; i < N; i++)
        {
            var k = _keys[i];
            entries += empty.SetItem(Id, k).SetItem(Qty, k).SetItem(Price, k).SetItem(Tag, TagA).Count;
        }

        return entries;
    }

    /// <summary>Dictionary records.</summary>
    [Benchmark]
    [BenchmarkCategory("records")]
    public long DictionaryRecords()
    {
        long entries = 0;
        for (var i = 0; i < N; i++)
        {
            var k = _keys[i];
            entries += new Dictionary<object, object>(4) { [Id] = k, [Qty] = k, [Price] = k, [Tag] = TagA }.Count;
        }

        return entries;
    }
}
