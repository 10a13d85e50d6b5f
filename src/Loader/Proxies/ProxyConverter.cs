namespace FluentAI.Plugins.Loader.Proxies;

/// <summary>
/// Converts a FluentAI value a module function returned to the .NET type <typeparamref name="T"/> an
/// interface declares. A generated proxy builds one per collection-typed result, once, from the
/// factories on <see cref="ProxyConvert"/> (<c>ProxyConvert.AsReadOnlyList(ProxyConvert.AsString)</c>),
/// and calls <see cref="Convert"/> on every call: no reflection, one virtual call per element.
/// </summary>
/// <typeparam name="T">The declared .NET type.</typeparam>
public abstract class ProxyConverter<T>
{
    private protected ProxyConverter(string expected, string plural)
    {
        Expected = expected;
        Plural = plural;
    }

    /// <summary>What the interface expects, as messages say it: <c>a list of strings</c>.</summary>
    public string Expected { get; }

    /// <summary>The plural of <see cref="Expected"/> without its article, for the collections holding it: <c>lists of strings</c>.</summary>
    public string Plural { get; }

    /// <summary>The value as <typeparamref name="T"/>.</summary>
    /// <param name="value">What the function returned.</param>
    /// <param name="function">The FluentAI function's name, for the message when the value does not fit.</param>
    /// <exception cref="FluentAIException">The value, or an element or key inside it, is not what <typeparamref name="T"/> needs (<see cref="ErrorCodes.TypeMismatch"/>).</exception>
    public T Convert(object? value, string function) =>
        TryConvert(value, out var result, out var failure) ? result : throw ProxyConvert.Mismatch(function, Expected, value, failure);

    /// <summary>
    /// Converts without throwing. On failure, <paramref name="failure"/> is null when <paramref name="value"/>
    /// itself has the wrong type, or says which element or key inside it is wrong.
    /// </summary>
    internal abstract bool TryConvert(object? value, out T result, out ProxyConvert.Failure? failure);
}
