namespace FluentAI.Plugins.Values;

/// <summary>A function value made from a delegate of no parameters; used for closures in compiled code.</summary>
public sealed class Lambda0(string name, Func<object?> body) : Fn(name, 0)
{
    /// <inheritdoc />
    public override object? Invoke() => body();
}

/// <summary>A function value made from a delegate of one parameter.</summary>
public sealed class Lambda1(string name, Func<object?, object?> body) : Fn(name, 1)
{
    /// <inheritdoc />
    public override object? Invoke(object? a) => body(a);
}

/// <summary>A function value made from a delegate of two parameters.</summary>
public sealed class Lambda2(string name, Func<object?, object?, object?> body) : Fn(name, 2)
{
    /// <inheritdoc />
    public override object? Invoke(object? a, object? b) => body(a, b);
}

/// <summary>A function value made from a delegate of three parameters.</summary>
public sealed class Lambda3(string name, Func<object?, object?, object?, object?> body) : Fn(name, 3)
{
    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c) => body(a, b, c);
}

/// <summary>A function value made from a delegate of four parameters.</summary>
public sealed class Lambda4(string name, Func<object?, object?, object?, object?, object?> body) : Fn(name, 4)
{
    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d) => body(a, b, c, d);
}

/// <summary>
/// A function value over an argument array: more than four parameters, or a rest parameter
/// (then <paramref name="arity"/> is the number of required ones).
/// </summary>
public sealed class LambdaN(string name, int arity, bool isVariadic, Func<object?[], object?> body) : Fn(name, arity, isVariadic)
{
    /// <inheritdoc />
    public override object? Apply(object?[] args)
    {
        if (args.Length < Arity || (!IsVariadic && args.Length != Arity))
        {
            throw ArityError(args.Length);
        }

        return body(args);
    }

    /// <inheritdoc />
    public override object? Invoke() => Apply([]);

    /// <inheritdoc />
    public override object? Invoke(object? a) => Apply([a]);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b) => Apply([a, b]);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c) => Apply([a, b, c]);

    /// <inheritdoc />
    public override object? Invoke(object? a, object? b, object? c, object? d) => Apply([a, b, c, d]);
}
