using System.Runtime.CompilerServices;
using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Cli;

/// <summary>
/// <c>fluentai repl</c>: reads whole forms (several lines when parentheses are open), prints each
/// value; definitions print nothing. No prompt or colour unless both ends are a terminal; on a
/// terminal, input goes through the <see cref="LineEditor"/> (history, completion).
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

        // No load budget: what the user runs here runs until it ends or Ctrl-C interrupts it.
        using var host = PluginHost.Create(file is null ? Environment.CurrentDirectory : Path.GetDirectoryName(file)!, new PluginHostOptions { AuditLogPath = audit, LoadBudget = Timeout.InfiniteTimeSpan });
        ErrorRenderer.ReportFailedTasks(host, stderr);
        var session = new ReplSession(host, file);
        return interactive ? Interactive(session, file, stdout, stderr) : await Piped(session, stdin, stdout, stderr).ConfigureAwait(false);
    }

    /// <summary>Piped input: reads lines, no prompt, no colour; exits 1 when an input failed.</summary>
    private static async Task<int> Piped(ReplSession session, TextReader stdin, TextWriter stdout, TextWriter stderr)
    {
        var buffer = new System.Text.StringBuilder();
        var failed = false;
        while (true)
        {
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

        return failed ? CommandLine.Failed : CommandLine.Ok;
    }

    /// <summary>
    /// A terminal: the line editor, with history kept in <see cref="ReplHistory.DefaultPath"/>.
    /// Ctrl-C while an entry is read drops it and says how to leave; a second one in a row leaves
    /// (130, as a second Ctrl-C does elsewhere). Ctrl-D on an empty entry leaves (0).
    /// </summary>
    private static int Interactive(ReplSession session, string? file, TextWriter console, TextWriter stderr)
    {
        // FluentAI's output goes through the writer that knows whether a line is open, so the
        // prompt never draws over a (print "a") that did not end its line.
        var stdout = new LineTrackingWriter(console);
        FluentConsole.Out = stdout;
        var history = new ReplHistory(ReplHistory.DefaultPath(), warnings: stderr);
        var names = new HashSet<string>(BuiltinTable.Names, StringComparer.Ordinal);
        if (file is not null)
        {
            names.UnionWith(ParsedModule.Parse(File.ReadAllText(file), file).Manifest.Definitions.Select(d => d.Name));
        }

        var editor = new LineEditor(() => Console.ReadKey(intercept: true), stdout, history, NeedsMore, () => names, TerminalWidth);
        var hinted = false;
        while (true)
        {
            if (stdout.IsMidLine)
            {
                stdout.WriteLine();
            }

            var read = ReadWithControlCAsInput(editor);
            switch (read.Kind)
            {
                case LineReadKind.End:
                    return CommandLine.Ok;
                case LineReadKind.Interrupted when hinted && string.IsNullOrWhiteSpace(read.Text):
                    return 130;
                case LineReadKind.Interrupted:
                    hinted = true;
                    stderr.WriteLine("(Ctrl-C again or Ctrl-D to leave the REPL)");
                    continue;
            }

            hinted = false;
            if (string.IsNullOrWhiteSpace(read.Text))
            {
                continue;
            }

            history.Add(read.Text);
            if (EvaluateAndPrint(session, read.Text, stdout, stderr))
            {
                names.UnionWith(ParsedModule.Parse(read.Text, "<repl>").Manifest.Definitions.Select(d => d.Name));
            }

            stdout.Flush();
        }
    }

    /// <summary>The terminal's width; 80 when it does not say (a pseudo-terminal whose size was never set).</summary>
    private static int TerminalWidth() => Console.WindowWidth is > 0 and var width ? width : 80;

    /// <summary>
    /// Reads an entry with Ctrl-C as a key (the editor drops the entry), and gives it back to the
    /// terminal as a signal for the evaluation that follows (the handler in Program.cs interrupts it).
    /// </summary>
    private static LineRead ReadWithControlCAsInput(LineEditor editor)
    {
        Console.TreatControlCAsInput = true;
        try
        {
            return editor.Read();
        }
        finally
        {
            Console.TreatControlCAsInput = false;
        }
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
    internal static bool NeedsMore(string text)
    {
        var parsed = ParsedModule.Parse(text, "<repl>");
        return parsed.Diagnostics.Count > 0 && parsed.Diagnostics.All(d => d.Code is ErrorCodes.UnclosedList or ErrorCodes.UnterminatedString or ErrorCodes.QuoteWithoutForm);
    }
}
