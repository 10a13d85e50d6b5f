using System.Reflection;

namespace FluentAI.Plugins.Cli;

/// <summary>What <c>--help</c> and <c>--version</c> print: the overall usage, each command's usage, the version.</summary>
internal static class HelpText
{
    public const string Overall = """
        usage: fluentai <command> [options]
               fluentai <command> --help | fluentai --version

          run FILE.ai [--watch] [--budget S] [--root DIR] [--audit FILE.jsonl] [--state FILE.json]
                                             load FILE and its imports, run top-level forms, then (main);
                                             --watch keeps reloading changed modules until Ctrl-C,
                                             each reload's code stopped after --budget seconds (10);
                                             --state restores state cells before and keeps them on disk
          eval FILE.ai | eval -e "EXPR" [--root DIR] [--audit FILE.jsonl] [--state FILE.json]
                                             like run, then print the last top-level value
          repl [FILE.ai] [--audit FILE.jsonl]
                                             read-eval-print loop (in FILE's scope when given)
          compile FILE.ai [--emit cs|dll] [-o PATH]
                                             print or write the generated C# (or the assembly)
          check FILE.ai...                   report diagnostics; exit 1 if any error

        exit codes: 0 success, 1 program or compile error, 2 usage error
        """;

    private const string Root = "  --root DIR           the module root: imports resolve only to .ai files inside DIR (default: FILE's folder)";

    private const string Audit = "  --audit FILE.jsonl   append every load, reload, migration and unload verdict to FILE.jsonl";

    private const string HelpOption = "  -h, --help           show this help";

    /// <summary>The usage of each command, as <c>fluentai COMMAND --help</c> prints it.</summary>
    public static readonly IReadOnlyDictionary<string, string> Commands = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["run"] = $"""
            usage: fluentai run FILE.ai [--watch] [--budget S] [--root DIR] [--audit FILE.jsonl] [--state FILE.json]

            Loads FILE and the modules it imports, runs its top-level forms, then (main) if FILE defines it.

            options:
              --watch              stay in development mode: reload changed modules until Ctrl-C (then exit 0)
              --budget S           a reload whose code (top-level forms, migrations) runs longer than S seconds
                                   is interrupted and rejected, the running version kept (default 10; 'none')
            {Root}
            {Audit}
              --state FILE.json    restore state cells from FILE.json before running; keep them in it (a write
                                   reaches it within 1 s, a reload at once; a crash loses at most that)
            {HelpOption}
            """,
        ["eval"] = $"""
            usage: fluentai eval FILE.ai [--root DIR] [--audit FILE.jsonl] [--state FILE.json]
                   fluentai eval -e "EXPR" [--audit FILE.jsonl]

            Like run, then prints the last top-level value (or the value of EXPR) on the last line.

            options:
              -e "EXPR"            evaluate EXPR instead of a file
            {Root}
            {Audit}
              --state FILE.json    restore state cells from FILE.json before running; keep them in it (a write
                                   reaches it within 1 s, a reload at once; a crash loses at most that)
            {HelpOption}
            """,
        ["repl"] = $"""
            usage: fluentai repl [FILE.ai] [--audit FILE.jsonl]

            Reads forms (a form may span lines) and prints each value; definitions print nothing and a
            redefinition takes effect at once. With FILE, input is evaluated in FILE's scope. Ends at the
            end of input (Ctrl-D). No prompt or colour when stdin or stdout is not a terminal.

            On a terminal: Up/Down walk the history (kept in ~/.fluentai_history, or the file
            FLUENTAI_HISTORY names; empty: none), Tab completes a name, Ctrl-C stops the evaluation
            in progress or, at the prompt, drops the entry (twice in a row: leaves).

            options:
            {Audit}
            {HelpOption}
            """,
        ["compile"] = $"""
            usage: fluentai compile FILE.ai [--emit cs|dll] [-o PATH]

            Prints the C# generated for FILE, or writes it (or the compiled assembly) to PATH.

            options:
              --emit cs|dll        what to produce: the C# (the default) or the assembly (needs -o)
              -o PATH              write to PATH instead of printing
            {HelpOption}
            """,
        ["check"] = $"""
            usage: fluentai check FILE.ai...

            Compiles each FILE against the modules it imports, without running anything, and reports
            every diagnostic in source order: errors, and warnings such as a match without a catch-all
            clause (warnings never stop run or eval). Exits 1 if there is any error.

            options:
            {HelpOption}
            """,
    };

    /// <summary>True for the arguments that ask for help.</summary>
    public static bool IsHelp(string arg) => arg is "-h" or "--help" or "-?";

    /// <summary>
    /// The informational version without its <c>+commit</c> build metadata, as <c>dotnet --version</c>
    /// prints a bare version (build metadata does not order or name a release).
    /// </summary>
    public static string Version()
    {
        var version = typeof(HelpText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(HelpText).Assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>Prints a command's usage to stdout (it was asked for): exit 0.</summary>
    public static int Print(TextWriter stdout, string command)
    {
        stdout.WriteLine(Commands[command]);
        return CommandLine.Ok;
    }
}
