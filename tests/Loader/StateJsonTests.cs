using CsCheck;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Tests;

public sealed class StateJsonTests
{
    private static readonly Gen<object?> Atom = Gen.OneOf<object?>(
        Gen.Const(0).Select(_ => (object?)null),
        Gen.Bool.Select(b => (object?)b),
        Gen.Long.Select(l => (object?)l),
        Gen.Double.Select(d => (object?)d),
        Gen.String.Select(s => (object?)s),
        Gen.String[Gen.Char.AlphaNumeric, 1, 8].Select(s => (object?)Keyword.Intern(s)),
        Gen.String[Gen.Char.AlphaNumeric, 1, 8].Select(s => (object?)Symbol.Intern(s)));

    private static Gen<object?> Value(int depth) => depth == 0
        ? Atom
        : Gen.Frequency(
            (4, Atom),
            (1, Value(depth - 1).List[0, 4].Select(items => (object?)FList.From(items))),
            (1, Gen.Select(Value(depth - 1), Value(depth - 1)).List[0, 4].Select(pairs => (object?)FMap.From(pairs.Select(p => new KeyValuePair<object?, object?>(p.Item1, p.Item2))))));

    [Fact]
    public void EveryValueRoundTripsExactly() =>
        Value(3).Sample(
            value =>
            {
                var back = StateJson.Deserialize(StateJson.Serialize(value));
                return Printer.Print(back) == Printer.Print(value) && SameTypes(value, back);
            },
            iter: 2000);

    [Fact]
    public void TheStreamingReaderReadsWhatTheDocumentReaderReads() =>
        Value(4).Sample(
            value =>
            {
                var json = StateJson.Serialize(value);
                return Printer.Print(StateJson.Deserialize(json)) == Printer.Print(StateJson.ReadDocument(json))
                    && SameTypes(StateJson.Deserialize(json), StateJson.ReadDocument(json));
            },
            iter: 1000);

    [Fact]
    public void TheTextIsExactlyTheFormatOlderVersionsWrote()
    {
        var value = FList.Of(
            FMap.Of(Keyword.Intern("id"), 1L, "é ✓ \"q\" \n", FList.Empty, null, double.NaN),
            long.MinValue, 2.5, 1e300, true, Symbol.Intern("s"), FList.Of(FList.Empty), FMap.Empty);
        Assert.Equal(
            "[{\"$map\":[[{\"$kw\":\"id\"},1],[\"\\u00E9 \\u2713 \\u0022q\\u0022 \\n\",[]],[null,{\"$float\":\"nan\"}]]},"
            + "-9223372036854775808,2.5,1.0e300,true,{\"$sym\":\"s\"},[[]],{\"$map\":[]}]",
            StateJson.Serialize(value));
    }

    [Theory]
    [InlineData("\"𝄞 naïve ✓\"", "\"𝄞 naïve ✓\"")]
    [InlineData("\"\\ud834\\udd1e\\u00e9\"", "\"𝄞é\"")]
    [InlineData(" [ 1 , 2.0 ,\n -3e2 ] ", "(1 2.0 -300.0)")]
    [InlineData("{\"$kw\":\"a\",\"other\":1}", ":a")]
    [InlineData("{\"other\":1,\"$sym\":\"b\"}", "b")]
    [InlineData("{\"$map\":[[1,2,3],[{\"$kw\":\"k\"},[]]]}", "{1 2, :k ()}")]
    [InlineData("{\"$map\":[[1,2],[1,3]]}", "{1 3}")]
    [InlineData("{\"$map\":[]}", "{}")]
    [InlineData("{\"$float\":\"-inf\"}", "-inf")]
    [InlineData("[[],[[]],{\"$map\":[[[1],{\"$map\":[[null,null]]}]]}]", "(() (()) {(1) {nil nil}})")]
    public void TextsOfEveryShapeReadAsBefore(string json, string printed)
    {
        Assert.Equal(printed, Printer.Print(StateJson.Deserialize(json)));
        Assert.Equal(printed, Printer.Print(StateJson.ReadDocument(json)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"x\":1}")]
    [InlineData("99999999999999999999")]
    [InlineData("{\"$float\":\"huge\"}")]
    public void TextsSerializeNeverWritesFailAsBefore(string json) =>
        Assert.Throws<FormatException>(() => StateJson.Deserialize(json));

    [Theory]
    [InlineData("[1,")]
    [InlineData("[1] 2")]
    [InlineData("")]
    public void MalformedTextIsAJsonError(string json) =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => StateJson.Deserialize(json));

    [Fact]
    public void ALargeDocumentRoundTrips()
    {
        var records = FList.Of(Enumerable.Range(0, 5000).Select(i => (object?)FMap.Of(
            Keyword.Intern("id"), (long)i, Keyword.Intern("name"), "item" + i, Keyword.Intern("dims"), FList.Of((long)i, i * 2.5))).ToArray());
        var json = StateJson.Serialize(records);
        Assert.True(json.Length > 100_000);
        var back = StateJson.Deserialize(json);
        Assert.True(ValueEquality.Equal(records, back));
        Assert.Equal(json, StateJson.Serialize(back));
    }

    private static bool SameTypes(object? a, object? b) => (a, b) switch
    {
        (FList x, FList y) => x.Count == y.Count && x.Zip(y).All(p => SameTypes(p.First, p.Second)),
        (FMap x, FMap y) => x.Count == y.Count && x.Zip(y).All(p => SameTypes(p.First.Key, p.Second.Key) && SameTypes(p.First.Value, p.Second.Value)),
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y) || (double.IsNaN(x) && double.IsNaN(y)),
        _ => a?.GetType() == b?.GetType(),
    };

    [Theory]
    [InlineData("9007199254740993")]
    [InlineData("-9223372036854775808")]
    [InlineData("1.0")]
    [InlineData("\"tab\\tquote\\\"\"")]
    [InlineData("{:a 1, \"b\" '(1 2.5 :c), 3 nil}")]
    public void KnownValuesRoundTrip(string source)
    {
        using var folder = new ModuleFolder();
        var value = new ReplSession(folder.Host).Evaluate(source).Value;
        var json = StateJson.Serialize(value);
        Assert.Equal(Printer.Print(value), Printer.Print(StateJson.Deserialize(json)));
    }

    [Fact]
    public void FunctionsDoNotSerialize()
    {
        using var folder = new ModuleFolder();
        var fn = new ReplSession(folder.Host).Evaluate("(lambda (x) x)").Value;
        Assert.Throws<ArgumentException>(() => StateJson.Serialize(FList.Of(1L, fn)));
    }

    [Fact]
    public void PersistedStateIsMigratedWhenANewerVersionStarts()
    {
        using var folder = new ModuleFolder();
        var stateFile = Path.Combine(folder.Root, "state.json");
        folder.Write("c.ai", "(define-stateful visits :version 1 :state {:count 0})\n(define (visit!) (swap! visits update :count inc))");
        folder.Host.Load("c.ai");
        folder.Host.Call("c.ai", "visit!");
        folder.Host.Call("c.ai", "visit!");
        folder.Host.SaveState(stateFile);

        folder.Write("c.ai", "(define-stateful visits :version 2 :state {:count 0 :unique 0}\n  :migrate-from {1 (lambda (old) (assoc old :unique 1))})\n(define (stats) (deref visits))");
        using var restarted = PluginHost.Create(folder.Root, new PluginHostOptions { CacheDirectory = Path.Combine(folder.Root, ".cache") });
        restarted.LoadState(stateFile);
        restarted.Load("c.ai");

        Assert.Equal("{:count 2, :unique 1}", Printer.Print(restarted.Call("c.ai", "stats")));
        Assert.Contains("\"version\": 2", restarted.SnapshotState(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheStateFileOptionRestoresOnCreateAndSavesOnDispose()
    {
        using var folder = new ModuleFolder();
        var stateFile = Path.Combine(folder.Root, "host-state.json");
        folder.Write("c.ai", "(define-stateful n :version 1 :state 0)\n(define (bump!) (swap! n inc))");
        PluginHostOptions Options() => new() { CacheDirectory = Path.Combine(folder.Root, ".cache"), StateFile = stateFile };
        using (var first = PluginHost.Create(folder.Root, Options()))
        {
            first.Load("c.ai");
            first.Call("c.ai", "bump!");
        }

        using var second = PluginHost.Create(folder.Root, Options());
        second.Load("c.ai");
        Assert.Equal(2L, second.Call("c.ai", "bump!"));
    }
}
