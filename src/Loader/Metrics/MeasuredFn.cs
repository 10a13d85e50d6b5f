using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Metrics;

/// <summary>
/// Stands in front of one version's function and measures every call into it (duration, error,
/// in flight) on that version's <see cref="VersionMeter"/>. The exception filter records a failure
/// without catching it, so the exception and its <c>.ai</c> location pass through untouched.
/// </summary>
internal sealed class MeasuredFn(Fn inner, VersionMeter meter) : EntryFn(inner.Name, inner.Arity, inner.IsVariadic)
{
    internal override Fn Inner => inner;

    public VersionMeter Meter => meter;

#pragma warning disable CA1031, S2737 // The filter records and never catches.
    public override object? Invoke()
    {
        var started = meter.Enter();
        object? result;
        try
        {
            result = inner is CompiledFn0 compiled ? compiled.Call() : inner.Invoke();
        }
        catch (Exception e) when (meter.Failed(started, e))
        {
            throw;
        }

        meter.Exit(started);
        return result;
    }

    public override object? Invoke(object? a)
    {
        var started = meter.Enter();
        object? result;
        try
        {
            result = inner is CompiledFn1 compiled ? compiled.Call(a) : inner.Invoke(a);
        }
        catch (Exception e) when (meter.Failed(started, e))
        {
            throw;
        }

        meter.Exit(started);
        return result;
    }

    public override object? Invoke(object? a, object? b)
    {
        var started = meter.Enter();
        object? result;
        try
        {
            result = inner is CompiledFn2 compiled ? compiled.Call(a, b) : inner.Invoke(a, b);
        }
        catch (Exception e) when (meter.Failed(started, e))
        {
            throw;
        }

        meter.Exit(started);
        return result;
    }

    public override object? Invoke(object? a, object? b, object? c)
    {
        var started = meter.Enter();
        object? result;
        try
        {
            result = inner is CompiledFn3 compiled ? compiled.Call(a, b, c) : inner.Invoke(a, b, c);
        }
        catch (Exception e) when (meter.Failed(started, e))
        {
            throw;
        }

        meter.Exit(started);
        return result;
    }

    public override object? Invoke(object? a, object? b, object? c, object? d)
    {
        var started = meter.Enter();
        object? result;
        try
        {
            result = inner is CompiledFn4 compiled ? compiled.Call(a, b, c, d) : inner.Invoke(a, b, c, d);
        }
        catch (Exception e) when (meter.Failed(started, e))
        {
            throw;
        }

        meter.Exit(started);
        return result;
    }

    public override object? Apply(object?[] args)
    {
        var started = meter.Enter();
        object? result;
        try
        {
            result = inner.Apply(args);
        }
        catch (Exception e) when (meter.Failed(started, e))
        {
            throw;
        }

        meter.Exit(started);
        return result;
    }
#pragma warning restore CA1031, S2737

    public override string ToString() => inner.ToString() ?? Name;
}
