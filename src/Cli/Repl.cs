using System.Runtime.CompilerServices;
using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Cli;

/// <summary>
/// <c>fluentai repl</c>: reads whole forms (several lines when parentheses are open), prints each
/// value; definitions print nothing. No prompt or colour unless both ends are a terminal.
/// </summary>
internal static class Repl
{
    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        string? file = null;
        string? audit = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--audit" when i + 1 < args.Length:
                    audit = Path.GetFullPath(args[++i]);
                    break;
                case var a when HelpText.IsHelp(a):
                    return HelpText.Print(stdout, "repl");
                case var a when a.StartsWith('-'):
                    return CommandLine.UsageError(stderr, $"unknown option '{a}'");
                case var a when file is null:
                    file = Path.GetFullPath(a);
                    break;
                default:
                    return CommandLine.UsageError(stderr, "repl [FILE.ai] [--audit FILE.jsonl]");
            }
        }

        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected && ReferenceEquals(stdin, Console.In);
        using var host = PluginHost.Create(file is null ? Environment.CurrentDirectory : Path.GetDirectoryName(file)!, new PluginHostOptions { AuditLogPath = audit });
        ErrorRenderer.ReportFailedTasks(host, stderr);
        var session = new ReplSession(host, file);
        var buffer = new System.Text.StringBuilder();
        var failed = false;
        while (true)
        {
            if (interactive)
            {
                stdout.Write(buffer.Length == 0 ? "\u001b[32mfluentai>\u001b[0m " : "      ... ");
                stdout.Flush();
            }

            var line = await stdin.ReadLineAsync().ConfigureAwait(false);
            if (line is null)
            {
                break;
            }

            buffer.AppendLine(line);
            var text = buffer.ToString();
            if (string.IsNullOrWhiteSpace(text) || NeedsMore(text))
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    buffer.Clear();
                }

                continue;
            }

            buffer.Clear();
            failed |= !EvaluateAndPrint(session, text, stdout, stderr);
            stdout.Flush();
        }

        if (buffer.Length > 0 && !string.IsNullOrWhiteSpace(buffer.ToString()))
        {
            // Input ended inside an open form: report it like any read error.
            var parsed = ParsedModule.Parse(buffer.ToString(), "<repl>");
            foreach (var d in parsed.Diagnostics)
            {
                ErrorRenderer.Write(stderr, d);
            }

            failed = true;
        }

        return interactive || !failed ? CommandLine.Ok : CommandLine.Failed;
    }

    /// <summary>
    /// Evaluates one input and prints its value; false when it failed (reported on stderr). The
    /// value stays in this frame, never in the loop's state machine, so nothing of a module version
    /// a later input replaces is kept while the loop waits for input. Never inlined: not even the
    /// Debug JIT's temporaries outlive it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool EvaluateAndPrint(ReplSession session, string text, TextWriter stdout, TextWriter stderr)
    {
        // Ctrl-C during the evaluation interrupts it (FAI3014, located) and the session goes on.
        var evaluation = Evaluations.Begin();
        try
        {
            using var interrupt = Runtime.Interrupts.Scope(evaluation.Token);
            var outcome = session.Evaluate(text);
            if (!outcome.IsDefinition)
            {
                stdout.WriteLine(Printer.Print(outcome.Value));
            }

            return true;
        }
        catch (ModuleLoadException e)
        {
            CommandLine.Report(stderr, e);
            return false;
        }
        catch (FluentAIException e)
        {
            ErrorRenderer.Write(stderr, e);
            return false;
        }
        finally
        {
            Evaluations.End(evaluation);
        }
    }

    /// <summary>True when the text only lacks closing brackets (or a string's end): wait for more lines.</summary>
    private static bool NeedsMore(string text)
    {
        var parsed = ParsedModule.Parse(text, "<repl>");
        return parsed.Diagnostics.Count > 0 && parsed.Diagnostics.All(d => d.Code is ErrorCodes.UnclosedList or ErrorCodes.UnterminatedString or ErrorCodes.QuoteWithoutForm);
    }
}
