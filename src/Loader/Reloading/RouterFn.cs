using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// Stands in a canary unit's public slot: routes each call once, on entry, to the stable or the canary
/// side (both measuring functions of their own version) and tells the canary how the call ended. Inside
/// the unit, links are bound to their own side, so a call that entered one side stays on it.
/// </summary>
internal sealed class RouterFn(Fn stable, Fn canary, Canary rollout) : EntryFn(stable.Name, stable.Arity, stable.IsVariadic)
{
    internal override Fn Inner => stable;

#pragma warning disable CA1031, S2737 // The filters record and never catch.
    public override object? Invoke()
    {
        var toCanary = rollout.Route();
        object? result;
        try
        {
            result = (toCanary ? canary : stable).Invoke();
        }
        catch (Exception) when (rollout.Completed(toCanary, failed: true))
        {
            throw;
        }

        rollout.Completed(toCanary, failed: false);
        return result;
    }

    public override object? Invoke(object? a)
    {
        var toCanary = rollout.Route();
        object? result;
        try
        {
            result = (toCanary ? canary : stable).Invoke(a);
        }
        catch (Exception) when (rollout.Completed(toCanary, failed: true))
        {
            throw;
        }

        rollout.Completed(toCanary, failed: false);
        return result;
    }

    public override object? Invoke(object? a, object? b)
    {
        var toCanary = rollout.Route();
        object? result;
        try
        {
            result = (toCanary ? canary : stable).Invoke(a, b);
        }
        catch (Exception) when (rollout.Completed(toCanary, failed: true))
        {
            throw;
        }

        rollout.Completed(toCanary, failed: false);
        return result;
    }

    public override object? Invoke(object? a, object? b, object? c)
    {
        var toCanary = rollout.Route();
        object? result;
        try
        {
            result = (toCanary ? canary : stable).Invoke(a, b, c);
        }
        catch (Exception) when (rollout.Completed(toCanary, failed: true))
        {
            throw;
        }

        rollout.Completed(toCanary, failed: false);
        return result;
    }

    public override object? Invoke(object? a, object? b, object? c, object? d)
    {
        var toCanary = rollout.Route();
        object? result;
        try
        {
            result = (toCanary ? canary : stable).Invoke(a, b, c, d);
        }
        catch (Exception) when (rollout.Completed(toCanary, failed: true))
        {
            throw;
        }

        rollout.Completed(toCanary, failed: false);
        return result;
    }

    public override object? Apply(object?[] args)
    {
        var toCanary = rollout.Route();
        object? result;
        try
        {
            result = (toCanary ? canary : stable).Apply(args);
        }
        catch (Exception) when (rollout.Completed(toCanary, failed: true))
        {
            throw;
        }

        rollout.Completed(toCanary, failed: false);
        return result;
    }
#pragma warning restore CA1031, S2737
}
