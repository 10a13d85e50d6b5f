using System.Runtime.CompilerServices;
using FluentAI.Plugins.Runtime;

namespace FluentAI.Plugins.Loader.Proxies;

/// <summary>Calls of proxy methods on <see cref="long"/> (in and out): a module function's typed entry when it has one.</summary>
public static partial class ProxyConvert
{
    /// <summary>
    /// Calls <paramref name="slot"/> with one integer for an integer result: through the current
    /// target's typed entry when it has one (no box either way), else as <c>slot.Invoke</c> would.
    /// The result is the same either way; a reload swaps both entries at once.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CallInt64(Slot slot, long a, string function)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return slot.TypedTarget1() is { } typed ? typed.CallTyped(a) : ToInt64(slot.Invoke(Boxes.Int(a)), function);
    }

    /// <summary>Like <see cref="CallInt64(Slot, long, string)"/>, with two integers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CallInt64(Slot slot, long a, long b, string function)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return slot.TypedTarget2() is { } typed ? typed.CallTyped(a, b) : ToInt64(slot.Invoke(Boxes.Int(a), Boxes.Int(b)), function);
    }
}
