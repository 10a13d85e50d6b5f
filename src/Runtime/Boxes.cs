using System.Runtime.CompilerServices;

namespace FluentAI.Plugins.Runtime;

/// <summary>Cached boxes for booleans and small integers, so dynamic code allocates less.</summary>
public static class Boxes
{
    private const long MinCached = -256;
    private const long MaxCached = 1023;

    private static readonly object[] Ints = CreateInts();

    /// <summary>The boxed <c>#t</c>.</summary>
    public static readonly object True = true;

    /// <summary>The boxed <c>#f</c>.</summary>
    public static readonly object False = false;

    /// <summary>A box for <paramref name="value"/>, shared for small values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Int(long value) =>
        (ulong)(value - MinCached) <= (ulong)(MaxCached - MinCached) ? Ints[value - MinCached] : value;

    /// <summary>The shared box for a boolean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Bool(bool value) => value ? True : False;

    /// <summary>A box for a double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object Double(double value) => value;

    private static object[] CreateInts()
    {
        var ints = new object[MaxCached - MinCached + 1];
        for (var i = 0; i < ints.Length; i++)
        {
            ints[i] = MinCached + i;
        }

        return ints;
    }
}
