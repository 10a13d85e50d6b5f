namespace FluentAI.Plugins.Peers.Engines;

/// <summary>The program files embedded in this assembly (Programs/*, Engines/TypedPrograms.cs).</summary>
internal static class ProgramText
{
    /// <summary>The text of the embedded file <paramref name="name"/>.</summary>
    public static string Read(string name)
    {
        using var stream = typeof(ProgramText).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("no embedded program " + name);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>An engine's number as an exact long: an integral double or int is converted, anything else is refused.</summary>
    public static long Exact(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
        _ => throw new InvalidOperationException($"expected an integer, got {value ?? "nil"} ({value?.GetType().Name ?? "null"})"),
    };
}
