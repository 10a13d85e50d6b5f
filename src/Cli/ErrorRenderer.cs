using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Cli;

/// <summary>Writes diagnostics as <c>path(line,col): error FAIxxxx: message</c>, then the source line and a caret.</summary>
internal static class ErrorRenderer
{
    public static void Write(TextWriter err, Diagnostic d) => Write(err, d.ToString(), d.Span);

    /// <summary>
    /// Writes every failure of a task a module spawned where it happens, whether or not anything awaits the task,
    /// every <c>on-retire</c> hook that failed or overran, and every failed write of the state file.
    /// </summary>
    public static void ReportFailedTasks(Loader.PluginHost host, TextWriter err) =>
        host.Events += (_, e) =>
        {
            var what = e.Event switch
            {
                "task-failed" when e.Detail is { } actor => $"fluentai: {actor} of {Path.GetFileName(e.Module)} failed and stopped:",
                "task-failed" => $"fluentai: a task spawned by {Path.GetFileName(e.Module)} failed:",
                "retire-failed" => $"fluentai: an on-retire hook of {Path.GetFileName(e.Module)} v{e.FromVersion} failed:",
                "state-save-failed" => $"fluentai: could not write the state file {e.Module}:",
                _ => null,
            };
            if (what is null)
            {
                return;
            }

            lock (err)
            {
                err.WriteLine(what);
                if (e.Exception is { } error)
                {
                    Write(err, error);
                }
                else
                {
                    err.WriteLine(e.Error);
                }

                err.Flush();
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
