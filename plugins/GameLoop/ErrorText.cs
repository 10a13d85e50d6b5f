using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Loader;

namespace GameLoop;

/// <summary>
/// A load failure as the command line prints it: <c>path(line,col): error FAIxxxx: message</c>, the source
/// line and a caret. (Reloads that fail come already rendered so from the watcher.)
/// </summary>
public static class ErrorText
{
    /// <summary>Every error of <paramref name="e"/>, each with its source line and caret.</summary>
    public static string Render(ModuleLoadException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Error is { } error)
        {
            return error.Render() + (error.Location is { } at ? Caret(at) : "");
        }

        return e.Diagnostics.Count == 0
            ? "error: " + e.Message
            : string.Join(Environment.NewLine, e.Diagnostics.Where(d => d.IsError).Select(d => d + Caret(d.Span)));
    }

    private static string Caret(SourceSpan span)
    {
        if (span.Line <= 0 || !File.Exists(span.File))
        {
            return "";
        }

        var line = File.ReadLines(span.File).Skip(span.Line - 1).FirstOrDefault() ?? "";
        return $"{Environment.NewLine}  {line}{Environment.NewLine}  {new string(' ', Math.Clamp(span.Column - 1, 0, line.Length))}^";
    }
}
