using System.Globalization;
using System.Reflection;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime.Internal;

/// <summary>
/// A standard-library name as a first-class function: a call goes to the overload with exactly
/// that many parameters, else to the <c>params</c> overload, else it is an arity error. Delegates
/// are made once, when the table is built; a call never uses reflection.
/// </summary>
internal sealed class BuiltinFn : Fn
{
    private const int MaxFixedArity = 4;
    private const int MaxVariadicPrefix = 3;

    private readonly Func<object?>? _f0;
    private readonly Func<object?, object?>? _f1;
    private readonly Func<object?, object?, object?>? _f2;
    private readonly Func<object?, object?, object?, object?>? _f3;
    private readonly Func<object?, object?, object?, object?, object?>? _f4;
    private readonly Func<object?[], object?>? _variadic;
    private readonly int _variadicMin;
    private readonly string _expected;

    private BuiltinFn(string name, Delegate?[] fixedArities, Func<object?[], object?>? variadic, int variadicMin, int minArity)
        : base(name, minArity, variadic is not null)
    {
        _f0 = (Func<object?>?)fixedArities[0];
        _f1 = (Func<object?, object?>?)fixedArities[1];
        _f2 = (Func<object?, object?, object?>?)fixedArities[2];
        _f3 = (Func<object?, object?, object?, object?>?)fixedArities[3];
        _f4 = (Func<object?, object?, object?, object?, object?>?)fixedArities[4];
        _variadic = variadic;
        _variadicMin = variadicMin;
        _expected = DescribeArities(fixedArities, variadic is null ? -1 : variadicMin);
    }

    /// <summary>The overloads of one name, as a function value; throws when a method does not fit the library's conventions.</summary>
    public static BuiltinFn Create(string name, IReadOnlyList<MethodInfo> methods)
    {
        var fixedArities = new Delegate?[MaxFixedArity + 1];
        Func<object?[], object?>? variadic = null;
        var variadicMin = 0;
        foreach (var method in methods)
        {
            var parameters = method.GetParameters();
            var isParams = parameters.Length > 0 && parameters[^1].IsDefined(typeof(ParamArrayAttribute), inherit: false);
            var fixedCount = isParams ? parameters.Length - 1 : parameters.Length;
            if (method.ReturnType != typeof(object)
                || !parameters.Take(fixedCount).All(p => p.ParameterType == typeof(object))
                || (isParams && parameters[^1].ParameterType != typeof(object[])))
            {
                throw Invalid(name, method, "must take object? parameters (and an optional params object?[]) and return object?");
            }

            if (isParams)
            {
                if (variadic is not null)
                {
                    throw Invalid(name, method, "is a second params overload");
                }

                if (fixedCount > MaxVariadicPrefix)
                {
                    throw Invalid(name, method, $"has more than {MaxVariadicPrefix} parameters before params");
                }

                variadic = MakeVariadic(method, fixedCount);
                variadicMin = fixedCount;
            }
            else
            {
                if (fixedCount > MaxFixedArity)
                {
                    throw Invalid(name, method, $"has more than {MaxFixedArity} parameters");
                }

                if (fixedArities[fixedCount] is not null)
                {
                    throw Invalid(name, method, $"is a second overload with {fixedCount} parameters");
                }

                fixedArities[fixedCount] = MakeFixed(method, fixedCount);
            }
        }

        var minArity = Array.FindIndex(fixedArities, d => d is not null);
        if (variadic is not null && (minArity < 0 || variadicMin < minArity))
        {
            minArity = variadicMin;
        }

        if (minArity < 0)
        {
            throw new InvalidOperationException($"builtin {name} has no overloads");
        }

        return new BuiltinFn(name, fixedArities, variadic, variadicMin, minArity);
    }

    /// <inheritdoc />
    public override object? Invoke() => _f0 is { } f ? f() : CallVariadic([]);

    /// <inheritdoc />
    public override object? Invoke(object? a) => _f1 is { } f ? f(a) : CallVariadic([a]);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b) => _f2 is { } f ? f(a, b) : CallVariadic([a, b]);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c) => _f3 is { } f ? f(a, b, c) : CallVariadic([a, b, c]);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d) => _f4 is { } f ? f(a, b, c, d) : CallVariadic([a, b, c, d]);

    /// <inheritdoc />
    public override object? Apply(object?[] args) => args.Length switch
    {
        0 when _f0 is { } f => f(),
        1 when _f1 is { } f => f(args[0]),
        2 when _f2 is { } f => f(args[0], args[1]),
        3 when _f3 is { } f => f(args[0], args[1], args[2]),
        4 when _f4 is { } f => f(args[0], args[1], args[2], args[3]),
        _ => CallVariadic(args),
    };

    private object? CallVariadic(object?[] args) =>
        _variadic is { } v && args.Length >= _variadicMin ? v(args) : throw WrongArity(args.Length);

    private FluentAIException WrongArity(int given)
    {
        // Fn.ArityError can only say "N" or "at least N"; names like range (1 to 3 arguments) need more.
        var simple = IsVariadic ? $"at least {Arity}" : Arity.ToString(CultureInfo.InvariantCulture);
        return _expected == simple ? ArityError(given) : Errors.WrongArity(Name, _expected, given);
    }

    private static Delegate MakeFixed(MethodInfo method, int count) => count switch
    {
        0 => method.CreateDelegate<Func<object?>>(),
        1 => method.CreateDelegate<Func<object?, object?>>(),
        2 => method.CreateDelegate<Func<object?, object?, object?>>(),
        3 => method.CreateDelegate<Func<object?, object?, object?, object?>>(),
        _ => method.CreateDelegate<Func<object?, object?, object?, object?, object?>>(),
    };

    private static Func<object?[], object?> MakeVariadic(MethodInfo method, int prefix)
    {
        switch (prefix)
        {
            case 0:
                return method.CreateDelegate<Func<object?[], object?>>();
            case 1:
                var f1 = method.CreateDelegate<Func<object?, object?[], object?>>();
                return args => f1(args[0], args[1..]);
            case 2:
                var f2 = method.CreateDelegate<Func<object?, object?, object?[], object?>>();
                return args => f2(args[0], args[1], args[2..]);
            default:
                var f3 = method.CreateDelegate<Func<object?, object?, object?, object?[], object?>>();
                return args => f3(args[0], args[1], args[2], args[3..]);
        }
    }

    /// <summary>The accepted argument counts in words: <c>2</c>, <c>2 or 3</c>, <c>1 to 3</c>, <c>at least 1</c>, <c>1 or at least 3</c>.</summary>
    private static string DescribeArities(Delegate?[] fixedArities, int variadicMin)
    {
        var counts = new List<int>();
        for (var n = 0; n < fixedArities.Length; n++)
        {
            if (fixedArities[n] is not null && (variadicMin < 0 || n < variadicMin))
            {
                counts.Add(n);
            }
        }

        if (variadicMin >= 0)
        {
            // Fixed counts just below the params overload's minimum merge into "at least".
            var from = variadicMin;
            while (counts.Count > 0 && counts[^1] == from - 1)
            {
                from = counts[^1];
                counts.RemoveAt(counts.Count - 1);
            }

            var atLeast = $"at least {from}";
            return counts.Count == 0 ? atLeast : $"{string.Join(", ", counts)} or {atLeast}";
        }

        if (counts.Count == 1)
        {
            return counts[0].ToString(CultureInfo.InvariantCulture);
        }

        var contiguous = counts[^1] - counts[0] == counts.Count - 1;
        if (contiguous && counts.Count > 2)
        {
            return $"{counts[0]} to {counts[^1]}";
        }

        return $"{string.Join(", ", counts.Take(counts.Count - 1))} or {counts[^1]}";
    }

    private static InvalidOperationException Invalid(string name, MethodInfo method, string problem) =>
        new($"builtin {name}: {method.DeclaringType?.Name}.{method.Name} {problem}");
}
