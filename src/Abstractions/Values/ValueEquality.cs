using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Values;

/// <summary>Value equality of FluentAI values: numbers by value (an integer equals the same double), collections structurally.</summary>
public static class ValueEquality
{
    /// <summary>A comparer for map keys and sets that follows <see cref="Equal"/>.</summary>
    public static IEqualityComparer<object> KeyComparer { get; } = new Comparer();

    /// <summary>True when two FluentAI values are equal.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        // Keywords and symbols are interned, so two different references are two different values:
        // the commonest comparison of all, a map's key lookup, ends here.
        if (a is Keyword || a is Symbol)
        {
            return false;
        }

        switch (a)
        {
            case null:
                return false;
            case long x:
                return b switch
                {
                    long y => x == y,
                    double d => x == d,
                    _ => false,
                };
            case double x:
                return b switch
                {
                    double y => x.Equals(y),
                    long y => x == y,
                    _ => false,
                };
            case string s:
                return b is string t && string.Equals(s, t, StringComparison.Ordinal);
            case bool p:
                return b is bool q && p == q;
            case Keyword or Symbol:
                // Interned: only the same object is equal.
                return false;
            default:
                RuntimeHelpers.EnsureSufficientExecutionStack();
                return a.Equals(b);
        }
    }

    /// <summary>A hash code consistent with <see cref="Equal"/>.</summary>
    public static int Hash(object? value) => value switch
    {
        null => 0,
        long x => x.GetHashCode(),
        double d when d >= long.MinValue && d <= long.MaxValue && Math.Floor(d) == d => ((long)d).GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        _ => value.GetHashCode(),
    };

    private sealed class Comparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => Equal(x, y);

        public int GetHashCode(object obj) => Hash(obj);
    }
}
