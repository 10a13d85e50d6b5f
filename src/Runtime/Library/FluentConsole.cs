using System.Diagnostics.CodeAnalysis;

namespace FluentAI.Plugins.Runtime;

/// <summary>Where <c>print</c> and <c>println</c> write. Hosts and tests swap it to capture output.</summary>
public static class FluentConsole
{
    private static TextWriter? _out;

    /// <summary>The writer for FluentAI output; <see cref="Console.Out"/> unless set. Setting null goes back to the console.</summary>
    [AllowNull]
    public static TextWriter Out
    {
        get => Volatile.Read(ref _out) ?? Console.Out;
        set => Volatile.Write(ref _out, value);
    }
}
