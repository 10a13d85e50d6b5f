namespace FluentAI.Plugins.Values;

/// <summary>Host (.NET) values as FluentAI values (placeholder until the full conversion lands).</summary>
public static class HostValues
{
    /// <summary>True when <paramref name="value"/> needs no conversion.</summary>
    public static bool IsFluentValue(object? value) => value is null or long or string or double or bool || value is not (int or short or byte or float or decimal);

    /// <summary>The FluentAI value of a host value.</summary>
    public static object? ToValue(object? value) => value switch
    {
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        float f => (double)f,
        decimal m => (double)m,
        _ => value,
    };
}
