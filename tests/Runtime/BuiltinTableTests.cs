using System.Reflection;
using FluentAI.Plugins.Values;
using static FluentAI.Plugins.Runtime.Tests.Library.V;

namespace FluentAI.Plugins.Runtime.Tests;

public sealed class BuiltinTableTests
{
    /// <summary>SPEC §2.5, the names the corpus uses, and the commonly expected extras.</summary>
    public static TheoryData<string> RequiredNames() => new(
        "+", "-", "*", "/", "%", "mod", "abs", "min", "max", "inc", "dec",
        "=", "!=", "<", "<=", ">", ">=", "not",
        "list", "cons", "car", "cdr", "head", "tail", "first", "rest", "nth", "length", "empty?", "append",
        "reverse", "take", "drop", "range", "map", "filter", "fold", "reduce",
        "get", "assoc", "dissoc", "keys", "vals", "contains?", "merge", "update", "map-values",
        "str", "string-length", "substring", "string-split", "string-join", "string-upcase", "string-downcase",
        "number->string", "string->number", "print", "println", "now", "sleep",
        "nil?", "number?", "integer?", "float?", "string?", "list?", "map?", "keyword?", "symbol?", "fn?", "boolean?",
        "even?", "odd?", "zero?", "pos?", "neg?",
        "identity", "apply", "concat", "last", "sort", "sum", "count",
        "string-contains?", "string-starts-with?", "string-ends-with?", "string-trim", "string-replace");

    [Theory]
    [MemberData(nameof(RequiredNames))]
    public void EveryRequiredNameIsAFunctionNamedAfterIt(string name)
    {
        Assert.Contains(name, BuiltinTable.Names);
        var fn = BuiltinTable.Get(name);
        Assert.Equal(name, fn.Name);
        Assert.Equal($"#<fn {name}>", P(fn));
    }

    [Fact]
    public void NamesAreSortedAndDistinct()
    {
        var names = BuiltinTable.Names.ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal).Distinct(), names);
    }

    [Fact]
    public void AnUnknownNameIsAFluentAIError()
    {
        var e = Fails(() => BuiltinTable.Get("no-such-function"));
        Assert.Equal(ErrorCodes.UnknownName, e.Code);
        Assert.Contains("no-such-function", e.Message, StringComparison.Ordinal);
        Assert.False(BuiltinTable.TryGet("no-such-function", out _));
        Assert.Empty(BuiltinTable.Overloads("no-such-function"));
    }

    [Fact]
    public void TheSameNameAlwaysGivesTheSameFunctionEvenAcrossThreads()
    {
        var seen = new Fn[8];
        Parallel.For(0, seen.Length, i => seen[i] = BuiltinTable.Get("map"));
        Assert.All(seen, fn => Assert.Same(BuiltinTable.Get("map"), fn));
    }

    [Fact]
    public void BuiltinsCanBePassedAsFirstClassFunctions()
    {
        var xs = L(1L, 2L, 3L, 4L);
        Assert.Equal("(2 3 4 5)", P(Builtins.Map(BuiltinTable.Get("inc"), xs)));
        Assert.Equal(10L, Builtins.Fold(BuiltinTable.Get("+"), 0L, xs));
        Assert.Equal("(2 4)", P(Builtins.Filter(BuiltinTable.Get("even?"), xs)));
        Assert.Equal(4L, Builtins.Reduce(BuiltinTable.Get("max"), xs));
        Assert.Equal("(11 22)", P(Builtins.Map(BuiltinTable.Get("+"), L(1L, 2L), L(10L, 20L))));
        Assert.Equal(24L, Rt.CallN(BuiltinTable.Get("*"), [1L, 2L, 3L, 4L]));
    }

    [Fact]
    public void ACallGoesToTheOverloadWithThatManyArguments()
    {
        var range = BuiltinTable.Get("range");
        Assert.Equal("(0 1 2)", P(range.Invoke(3L)));
        Assert.Equal("(1 2)", P(range.Invoke(1L, 3L)));
        Assert.Equal("(0 2 4)", P(range.Invoke(0L, 6L, 2L)));
        Assert.Equal("(0 2 4)", P(range.Apply([0L, 6L, 2L])));

        var get = BuiltinTable.Get("get");
        Assert.Null(get.Invoke(M(), K("a")));
        Assert.Equal("d", get.Invoke(M(), K("a"), "d"));

        var mapValues = BuiltinTable.Get("map-values");
        Assert.Equal("(1 2)", P(mapValues.Invoke(M(K("a"), 1L, K("b"), 2L))));
        Assert.Equal("{:a 2, :b 3}", P(mapValues.Invoke(BuiltinTable.Get("inc"), M(K("a"), 1L, K("b"), 2L))));
    }

    [Fact]
    public void ACallWithMoreArgumentsThanAnyFixedOverloadGoesToTheParamsOverload()
    {
        Assert.Equal(15L, BuiltinTable.Get("+").Apply([1L, 2L, 3L, 4L, 5L]));
        Assert.Equal(4L, BuiltinTable.Get("-").Invoke(10L, 3L, 2L, 1L));
        Assert.Equal("(1 2 3 4 5 6)", P(BuiltinTable.Get("list").Apply([1L, 2L, 3L, 4L, 5L, 6L])));
        Assert.Equal("{:a 1, :b 2}", P(BuiltinTable.Get("assoc").Apply([M(), K("a"), 1L, K("b"), 2L])));
        Assert.Equal("{:n 6}", P(BuiltinTable.Get("update").Apply([M(K("n"), 1L), K("n"), BuiltinTable.Get("+"), 2L, 3L])));
        Assert.Equal(true, BuiltinTable.Get("<").Invoke(1L, 2L, 3L));
        Assert.Equal("a b", BuiltinTable.Get("str").Invoke("a", " ", "b"));
    }

    [Theory]
    [InlineData("range", 4, "expected 1 to 3, got 4")]
    [InlineData("range", 0, "expected 1 to 3, got 0")]
    [InlineData("get", 1, "expected 2 or 3, got 1")]
    [InlineData("inc", 2, "expected 1, got 2")]
    [InlineData("now", 1, "expected 0, got 1")]
    [InlineData("-", 0, "expected at least 1, got 0")]
    [InlineData("assoc", 2, "expected at least 3, got 2")]
    [InlineData("map", 1, "expected at least 2, got 1")]
    [InlineData("string-join", 0, "expected 1 or 2, got 0")]
    [InlineData("substring", 4, "expected 2 or 3, got 4")]
    public void AWrongArgumentCountIsAnArityErrorNamingTheFunctionAndWhatItTakes(string name, int given, string expected)
    {
        var fn = BuiltinTable.Get(name);
        var args = Enumerable.Repeat<object?>(1L, given).ToArray();
        var e = Fails(() => fn.Apply(args));
        Assert.Equal(ErrorCodes.WrongArity, e.Code);
        Assert.Equal($"wrong number of arguments to {name}: {expected}", e.Message);
        if (given <= 4)
        {
            var viaInvoke = Fails(() => given switch
            {
                0 => fn.Invoke(),
                1 => fn.Invoke(1L),
                2 => fn.Invoke(1L, 1L),
                3 => fn.Invoke(1L, 1L, 1L),
                _ => fn.Invoke(1L, 1L, 1L, 1L),
            });
            Assert.Equal(e.Message, viaInvoke.Message);
        }
    }

    [Theory]
    [InlineData("range", 1, false)]
    [InlineData("+", 0, true)]
    [InlineData("-", 1, true)]
    [InlineData("nth", 2, false)]
    [InlineData("assoc", 3, true)]
    public void TheFunctionReportsItsSmallestArityAndWhetherItIsVariadic(string name, int arity, bool variadic)
    {
        var fn = BuiltinTable.Get(name);
        Assert.Equal(arity, fn.Arity);
        Assert.Equal(variadic, fn.IsVariadic);
    }

    [Fact]
    public void OverloadsListsTheMethodsByArityWithParamsLast()
    {
        var overloads = BuiltinTable.Overloads("+");
        Assert.Equal(new[] { 0, 1, 2, 1 }, overloads.Select(m => m.GetParameters().Length));
        Assert.True(overloads[^1].GetParameters()[^1].IsDefined(typeof(ParamArrayAttribute)));
    }

    [Fact]
    public void EveryPublicMethodOfBuiltinsIsALibraryFunction()
    {
        var methods = typeof(Builtins).GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly);
        Assert.NotEmpty(methods);
        Assert.All(methods, m => Assert.NotEmpty(m.GetCustomAttributes<BuiltinAttribute>()));
    }
}
