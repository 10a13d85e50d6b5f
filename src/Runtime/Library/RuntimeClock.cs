namespace FluentAI.Plugins.Runtime;

/// <summary>The clock behind <c>now</c>. Hosts and tests replace it (for example with a fake) instead of waiting.</summary>
public static class RuntimeClock
{
    private static TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>The time source; <see cref="TimeProvider.System"/> by default.</summary>
    public static TimeProvider TimeProvider
    {
        get => Volatile.Read(ref _timeProvider);
        set => Volatile.Write(ref _timeProvider, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
