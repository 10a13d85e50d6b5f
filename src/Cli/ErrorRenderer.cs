using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Cli;

/// <summary>Writes diagnostics as <c>path(line,col): error FAIxxxx: message</c>, then the source line and a caret.</summary>
internal static class ErrorRenderer
{
    public static void Write(TextWriter err, Diagnostic d) => Write(err, d.ToString(), d.Span);

    /// <summary>Writes every failure of a task a module spawned where it happens, whether or not anything awaits the task.</summary>
    public static void ReportFailedTasks(Loader.PluginHost host, TextWriter err) =>
        host.Events += (_, e) =>
        {
            if (e is { Event: "task-failed", Exception: { } error })
            {
                lock (err)
                {
                    err.WriteLine($"fluentai: a task spawned by {Path.GetFileName(e.Module)} failed:");
                    Write(err, error);
                    err.Flush();
                }
            }
        };

    public static void Write(TextWriter err, FluentAIException e)
    {
        if (e.Location is { } at)
        {
            Write(err, e.Render(), at);
        }
        else
        {
            err.WriteLine(e.Render());
        }
    }

    private static void Write(TextWriter err, string message, SourceSpan span)
    {
        err.WriteLine(message);
        if (span.Line <= 0 || !File.Exists(span.File))
        {
            return;
        }

        var line = File.ReadLines(span.File).Skip(span.Line - 1).FirstOrDefault();
        if (line is null)
        {
            return;
        }

        if (line.Length > 200)
        {
            line = line[..200];
        }

        err.WriteLine("  " + line.Replace('\t', ' '));
        err.WriteLine("  " + new string(' ', Math.Clamp(span.Column - 1, 0, line.Length)) + "^");
    }
}
