using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Proxies;

/// <summary>
/// Converts between .NET values at a typed proxy's boundary and FluentAI values. Called by generated proxies:
/// arguments go through <see cref="ToValue"/>; scalar results through <c>To…</c>; collection results through a
/// <see cref="ProxyConverter{T}"/> built once from the <c>As…</c> factories.
/// </summary>
/// <remarks>
/// Results convert to the declared type: <c>string</c>, <c>long</c>, <c>int</c> (when in range), <c>double</c>
/// (also from an integer), <c>bool</c>, <c>object</c> (the FluentAI value itself), the nullable forms of the
/// value types (nil → null), and, of any of these, nested as deep as wanted: <c>T[]</c>,
/// <c>IReadOnlyList&lt;T&gt;</c> and <c>IEnumerable&lt;T&gt;</c> (an array), <c>IList&lt;T&gt;</c> (a
/// <see cref="List{T}"/>), and <c>IReadOnlyDictionary&lt;string, T&gt;</c> and <c>IDictionary&lt;string, T&gt;</c>
/// (an <see cref="OrderedDictionary{TKey, TValue}"/> in the map's order; a keyword key loses its colon, a
/// string key stays). nil is null for every reference type and an error for <c>long</c>, <c>int</c>,
/// <c>double</c> and <c>bool</c>.
/// </remarks>
public static partial class ProxyConvert
{
    /// <summary>
    /// Opens the interrupt scope of a proxy call that takes <paramref name="cancellationToken"/>: the call
    /// stops where it runs once the token is cancelled. Fails at once when it already is.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token is cancelled.</exception>
    public static IDisposable Interruptible(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Interrupts.Scope(cancellationToken);
    }

    /// <summary>Whether <paramref name="error"/> is the interrupt <paramref name="cancellationToken"/> caused.</summary>
    public static bool StoppedBy(FluentAIException error, CancellationToken cancellationToken) =>
        error is { Code: ErrorCodes.Interrupted } && cancellationToken.IsCancellationRequested;

    /// <summary>The exception a call <paramref name="cancellationToken"/> interrupted ends with: the token's, saying where the code stopped.</summary>
    public static OperationCanceledException Cancelled(FluentAIException error, string function, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new OperationCanceledException(Messages.CallCancelled(function, error.Location), error, cancellationToken);
    }

    /// <summary>A .NET argument as a FluentAI value (<see cref="HostValues.ToValue"/>): integers become <see cref="long"/>, dictionaries maps, sequences lists.</summary>
    public static object? ToValue(object? value) => HostValues.ToValue(value);

    /// <summary>A FluentAI value as a string (nil is null).</summary>
    public static string? ToString(object? value, string function) => value switch
    {
        null => null,
        string s => s,
        _ => throw Mismatch(function, "a string", value),
    };

    /// <summary>A FluentAI value as a 64-bit integer.</summary>
    public static long ToInt64(object? value, string function) => value is long l ? l : throw Mismatch(function, "an integer", value);

    /// <summary>A FluentAI value as a 32-bit integer (an error when it does not fit).</summary>
    public static int ToInt32(object? value, string function) => TryInt32(value, out var i) ? i : throw Mismatch(function, Int32Expected, value);

    /// <summary>A FluentAI number as a double.</summary>
    public static double ToDouble(object? value, string function) => TryDouble(value, out var d) ? d : throw Mismatch(function, "a number", value);

    /// <summary>A FluentAI value as a boolean.</summary>
    public static bool ToBoolean(object? value, string function) => value is bool b ? b : throw Mismatch(function, "a boolean", value);

    /// <summary>Converts to <see cref="string"/> (nil is null), for elements and values of collections.</summary>
    public static ProxyConverter<string?> AsString { get; } = new StringConverter();

    /// <summary>Converts to <see cref="long"/>.</summary>
    public static ProxyConverter<long> AsInt64 { get; } = new Int64Converter();

    /// <summary>Converts to <see cref="int"/> (an error when the integer does not fit).</summary>
    public static ProxyConverter<int> AsInt32 { get; } = new Int32Converter();

    /// <summary>Converts a number to <see cref="double"/>.</summary>
    public static ProxyConverter<double> AsDouble { get; } = new DoubleConverter();

    /// <summary>Converts to <see cref="bool"/>.</summary>
    public static ProxyConverter<bool> AsBoolean { get; } = new BooleanConverter();

    /// <summary>Takes any FluentAI value as it is (a map stays an <see cref="FMap"/>, a list an <see cref="FList"/>).</summary>
    public static ProxyConverter<object?> AsObject { get; } = new ObjectConverter();

    /// <summary>Converts nil to null and anything else as <paramref name="value"/> does.</summary>
    public static ProxyConverter<T?> AsNullable<T>(ProxyConverter<T> value)
        where T : struct => new NullableConverter<T>(value);

    /// <summary>Converts a list (nil is null) to a new array, each element by <paramref name="element"/>.</summary>
    public static ProxyConverter<T[]?> AsArray<T>(ProxyConverter<T> element) => new ListConverter<T[], T>(element, growable: false);

    /// <summary>Converts a list (nil is null) to a read-only list (a new array), each element by <paramref name="element"/>.</summary>
    public static ProxyConverter<IReadOnlyList<T>?> AsReadOnlyList<T>(ProxyConverter<T> element) => new ListConverter<IReadOnlyList<T>, T>(element, growable: false);

    /// <summary>Converts a list (nil is null) to a sequence (a new array), each element by <paramref name="element"/>.</summary>
    public static ProxyConverter<IEnumerable<T>?> AsEnumerable<T>(ProxyConverter<T> element) => new ListConverter<IEnumerable<T>, T>(element, growable: false);

    /// <summary>Converts a list (nil is null) to a new <see cref="List{T}"/> the caller owns, each element by <paramref name="element"/>.</summary>
    public static ProxyConverter<IList<T>?> AsList<T>(ProxyConverter<T> element) => new ListConverter<IList<T>, T>(element, growable: true);

    /// <summary>Converts a map (nil is null) with string or keyword keys to a read-only dictionary in the map's order, each value by <paramref name="value"/>.</summary>
    public static ProxyConverter<IReadOnlyDictionary<string, T>?> AsReadOnlyDictionary<T>(ProxyConverter<T> value) => new MapConverter<IReadOnlyDictionary<string, T>, T>(value);

    /// <summary>Converts a map (nil is null) with string or keyword keys to a new dictionary in the map's order, each value by <paramref name="value"/>.</summary>
    public static ProxyConverter<IDictionary<string, T>?> AsDictionary<T>(ProxyConverter<T> value) => new MapConverter<IDictionary<string, T>, T>(value);

    internal static FluentAIException Mismatch(string function, string expected, object? value, Failure? failure = null) =>
        new(ErrorCodes.TypeMismatch, Messages.ProxyResultMismatch(function, Errors.Describe(value), expected, failure?.ToString()));

    /// <summary>Where inside a returned collection a conversion failed, and why (built only when one fails).</summary>
    internal sealed class Failure
    {
        private readonly string _path;
        private readonly string _problem;

        private Failure(string path, string problem)
        {
            _path = path;
            _problem = problem;
        }

        /// <summary>A problem with the collection itself, such as a key that is not a string.</summary>
        public static Failure Here(string problem) => new("", problem);

        /// <summary>The element at <paramref name="segment"/> (<c>[2]</c>, <c>["name"]</c>) failed, itself or further in.</summary>
        public static Failure Inside(string segment, Failure? inner, object? element, string expected) =>
            inner is null ? new(segment, Messages.ProxyElementIsNot(Errors.Describe(element), expected)) : new(segment + inner._path, inner._problem);

        /// <inheritdoc />
        public override string ToString() => _path.Length == 0 ? _problem : Messages.ProxyAtPath(_path, _problem);
    }
}
