using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Values;

/// <summary>
/// A FluentAI function value. Compiled code overrides the <c>Invoke</c> overload of its arity
/// (up to four parameters) or <see cref="Apply"/> (more parameters, or a rest parameter); every
/// other entry point reports an arity error.
/// </summary>
public abstract class Fn
{
    /// <summary>Creates a function value.</summary>
    /// <param name="name">The name shown in errors and by the printer.</param>
    /// <param name="arity">The number of required parameters.</param>
    /// <param name="isVariadic">True when a rest parameter takes any further arguments.</param>
    protected Fn(string name, int arity, bool isVariadic = false)
    {
        Name = name;
        Arity = arity;
        IsVariadic = isVariadic;
    }

    /// <summary>The function's name (<c>lambda</c> for anonymous ones).</summary>
    public virtual string Name { get; }

    /// <summary>The number of required parameters.</summary>
    public virtual int Arity { get; }

    /// <summary>True when the function takes a rest parameter.</summary>
    public virtual bool IsVariadic { get; }

    /// <summary>Calls with no arguments.</summary>
    public virtual object? Invoke() => IsVariadic ? Apply([]) : throw ArityError(0);

    /// <summary>Calls with one argument.</summary>
    public virtual object? Invoke(object? a) => IsVariadic ? Apply([a]) : throw ArityError(1);

    /// <summary>Calls with two arguments.</summary>
    public virtual object? Invoke(object? a, object? b) => IsVariadic ? Apply([a, b]) : throw ArityError(2);

    /// <summary>Calls with three arguments.</summary>
    public virtual object? Invoke(object? a, object? b, object? c) => IsVariadic ? Apply([a, b, c]) : throw ArityError(3);

    /// <summary>Calls with four arguments.</summary>
    public virtual object? Invoke(object? a, object? b, object? c, object? d) => IsVariadic ? Apply([a, b, c, d]) : throw ArityError(4);

    /// <summary>Calls with any number of arguments.</summary>
    public virtual object? Apply(object?[] args) => args.Length switch
    {
        0 when !IsVariadic => Invoke(),
        1 when !IsVariadic => Invoke(args[0]),
        2 when !IsVariadic => Invoke(args[0], args[1]),
        3 when !IsVariadic => Invoke(args[0], args[1], args[2]),
        4 when !IsVariadic => Invoke(args[0], args[1], args[2], args[3]),
        _ => throw ArityError(args.Length),
    };

    /// <summary>The error for a call with <paramref name="given"/> arguments.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public FluentAIException ArityError(int given)
    {
        var expected = IsVariadic ? $"at least {Arity}" : Arity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new FluentAIException(ErrorCodes.WrongArity, $"wrong number of arguments to {Name}: expected {expected}, got {given}");
    }

    /// <inheritdoc />
    public override string ToString() => $"#<fn {Name}>";
}
