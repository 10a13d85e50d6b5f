namespace FluentAI.Plugins.Hosting;

/// <summary>What FluentAI code may ask of the host it runs in (<c>hot-reload</c>).</summary>
public interface IHostServices
{
    /// <summary>Reloads <paramref name="path"/> (relative to the host's folder) and its dependents; returns the summary.</summary>
    ReloadSummary HotReload(string path, Values.Fn? migrate);

    /// <summary>Starts development mode with the options of <c>(dev-mode :watch [...] :on-change f ...)</c>.</summary>
    void StartDevMode(Values.FMap options);
}

/// <summary>The host that FluentAI code on this logical flow runs in.</summary>
public static class HostServices
{
    private static readonly AsyncLocal<IHostServices?> Flow = new();

    /// <summary>The current host: the one set on this flow, else the last one created.</summary>
    public static IHostServices? Current
    {
        get => Flow.Value ?? Default;
        set => Flow.Value = value;
    }

    /// <summary>The host used when none is set on the flow.</summary>
    public static IHostServices? Default { get; set; }
}

/// <summary>The value <c>(hot-reload ...)</c> returns; it prints as its text, <c>Reloaded 3 functions, migrated 0 state values</c>.</summary>
/// <param name="Text">The summary line.</param>
/// <param name="Ok">Whether the reload took effect.</param>
public sealed record ReloadSummary(string Text, bool Ok)
{
    /// <inheritdoc />
    public override string ToString() => Text;
}
