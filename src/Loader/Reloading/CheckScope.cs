using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// The check running on this flow, so <c>(error-rate)</c>, <c>(success-rate)</c>, <c>(valid-syntax?)</c> and
/// <c>(compatible-api?)</c> read the version under check, and a pre-check's calls reach the new code.
/// </summary>
internal static class CheckScope
{
    private static readonly AsyncLocal<ReloadCheck?> Running = new();

    /// <summary>The check on this flow, or null.</summary>
    public static ReloadCheck? Current => Running.Value;

    /// <summary>Runs <paramref name="check"/> with <paramref name="context"/> as the current check.</summary>
    public static bool Run(Func<ReloadCheck, bool> check, ReloadCheck context)
    {
        var outer = Running.Value;
        Running.Value = context;
        try
        {
            return check(context);
        }
        finally
        {
            Running.Value = outer;
        }
    }

    /// <summary>A check written in FluentAI: a function of no arguments whose value is truthy when it passes.</summary>
    public static Func<ReloadCheck, bool>? Of(Fn? check) => check is null ? null : _ => check.Invoke() is not (null or false);
}

/// <summary>The routing key on this flow (<see cref="PluginHost.RouteBy"/>): a canary routes a keyed call by a stable hash of it.</summary>
internal static class RoutingKey
{
    private static readonly AsyncLocal<string?> Key = new();

    public static string? Current => Key.Value;

    public static IDisposable Set(string key)
    {
        var outer = Key.Value;
        Key.Value = key;
        return new Restore(outer);
    }

    private sealed class Restore(string? outer) : IDisposable
    {
        public void Dispose() => Key.Value = outer;
    }
}

/// <summary>
/// Stands in front of a running function while a pre-check runs: the pre-check's own calls (its flow)
/// reach the new, not yet published, function; every other caller keeps the running one.
/// </summary>
internal sealed class PreviewFn(Fn? running, Fn fresh, ReloadCheck check) : EntryFn(fresh.Name, fresh.Arity, fresh.IsVariadic)
{
    internal override Fn Inner => running ?? fresh;

    private Fn Target => CheckScope.Current == check || running is null ? fresh : running;

    public override object? Invoke() => Target.Invoke();

    public override object? Invoke(object? a) => Target.Invoke(a);

    public override object? Invoke(object? a, object? b) => Target.Invoke(a, b);

    public override object? Invoke(object? a, object? b, object? c) => Target.Invoke(a, b, c);

    public override object? Invoke(object? a, object? b, object? c, object? d) => Target.Invoke(a, b, c, d);

    public override object? Apply(object?[] args) => Target.Apply(args);
}
