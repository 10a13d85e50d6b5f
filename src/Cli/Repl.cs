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
        if (args.FirstOrDefault(a => a.StartsWith('-')) is { } option)
        {
            return HelpText.IsHelp(option) ? HelpText.Print(stdout, "repl") : CommandLine.UsageError(stderr, $"unknown option '{option}'");
        }

        if (args.Length > 1)
        {
            return CommandLine.UsageError(stderr, "repl [FILE.ai]");
        }

        var interactive = !Console.IsInputRedirected && !Console.IsOutputRedirected && ReferenceEquals(stdin, Console.In);
        using var host = PluginHost.Create(args.Length == 1 ? Path.GetDirectoryName(Path.GetFullPath(args[0]))! : Environment.CurrentDirectory);
        ErrorRenderer.ReportFailedTasks(host, stderr);
        var session = new ReplSession(host, args.Length == 1 ? Path.GetFullPath(args[0]) : null);
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
            try
            {
                var outcome = session.Evaluate(text);
                if (!outcome.IsDefinition)
                {
                    stdout.WriteLine(Printer.Print(outcome.Value));
                }
            }
            catch (ModuleLoadException e)
            {
                CommandLine.Report(stderr, e);
                failed = true;
            }
            catch (FluentAIException e)
            {
                ErrorRenderer.Write(stderr, e);
                failed = true;
            }

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

    /// <summary>True when the text only lacks closing brackets (or a string's end): wait for more lines.</summary>
    private static bool NeedsMore(string text)
    {
        var parsed = ParsedModule.Parse(text, "<repl>");
        return parsed.Diagnostics.Count > 0 && parsed.Diagnostics.All(d => d.Code is ErrorCodes.UnclosedList or ErrorCodes.UnterminatedString or ErrorCodes.QuoteWithoutForm);
    }
}
