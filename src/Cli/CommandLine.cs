using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Runtime;

namespace FluentAI.Plugins.Cli;

/// <summary>The <c>fluentai</c> command. Exit codes: 0 success, 1 program or compile error, 2 usage error.</summary>
internal static partial class CommandLine
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    /// <summary>What an interrupted <c>run</c> or <c>eval</c> exits with: 130 after SIGINT (Ctrl-C), 143 after SIGTERM (set by the signal handler before it cancels).</summary>
    public static int StopCode { get; set; } = 130;

    public static async Task<int> RunAsync(string[] args, TextReader stdin, TextWriter stdout, TextWriter stderr, CancellationToken stop = default)
    {
        switch (args)
        {
            case []:
                stderr.WriteLine(HelpText.Overall);
                return Usage;
            case ["--version", ..]:
                stdout.WriteLine(HelpText.Version());
                return Ok;
            case ["help"]:
            case [var flag] when HelpText.IsHelp(flag):
                stdout.WriteLine(HelpText.Overall);
                return Ok;
            case ["help", var command, ..]:
                return HelpText.Commands.ContainsKey(command) ? HelpText.Print(stdout, command) : UsageError(stderr, $"unknown command '{command}'");
        }

        FluentConsole.Out = stdout;
        try
        {
            return args[0] switch
            {
                "run" => Run(args[1..], stdout, stderr, printResult: false, stop),
                "eval" => Run(args[1..], stdout, stderr, printResult: true, stop),
                "repl" => await Repl.RunAsync(args[1..], stdin, stdout, stderr).ConfigureAwait(false),
                "compile" => Compile(args[1..], stdout, stderr),
                "check" => Check(args[1..], stdout, stderr),
                var other when other.StartsWith('-') => UsageError(stderr, $"unknown option '{other}'"),
                var other => UsageError(stderr, $"unknown command '{other}'"),
            };
        }
        catch (ModuleLoadException e)
        {
            Report(stderr, e);
            return e.Error is { Code: ErrorCodes.Interrupted } ? StopCode : Failed;
        }
        catch (FluentAIException e)
        {
            ErrorRenderer.Write(stderr, e);
            return e.Code == ErrorCodes.Interrupted ? StopCode : Failed;
        }
    }

    internal static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine("fluentai: " + message);
        stderr.WriteLine("run 'fluentai --help' for usage");
        return Usage;
    }

    internal static void Report(TextWriter stderr, ModuleLoadException e)
    {
        if (e.Error is { } error)
        {
            ErrorRenderer.Write(stderr, error);
            return;
        }

        if (e.Diagnostics.Count == 0)
        {
            stderr.WriteLine("error: " + e.Message);
            return;
        }

        foreach (var d in e.Diagnostics)
        {
            ErrorRenderer.Write(stderr, d);
        }
    }

    private static int Compile(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? file = null;
        var emit = "cs";
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--emit" when i + 1 < args.Length:
                    emit = args[++i];
                    break;
                case "-o" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case var a when HelpText.IsHelp(a):
                    return HelpText.Print(stdout, "compile");
                case var a when a.StartsWith('-'):
                    return UsageError(stderr, $"unknown option '{a}'");
                default:
                    file = args[i];
                    break;
            }
        }

        if (file is null || emit is not ("cs" or "dll"))
        {
            return UsageError(stderr, "compile FILE.ai [--emit cs|dll] [-o PATH]");
        }

        if (emit == "dll" && output is null)
        {
            return UsageError(stderr, "--emit dll needs -o PATH");
        }

        using var host = PluginHost.Create(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var result = host.CompileFile(Path.GetFullPath(file), emitAssembly: emit == "dll");
        foreach (var d in result.Diagnostics)
        {
            ErrorRenderer.Write(stderr, d);
        }

        if (result.CSharp is null || (emit == "dll" && !result.Success))
        {
            return Failed;
        }

        if (emit == "dll")
        {
            File.WriteAllBytes(output!, result.Image!);
        }
        else if (output is not null)
        {
            File.WriteAllText(output, result.CSharp);
        }
        else
        {
            stdout.Write(result.CSharp);
        }

        return Ok;
    }

    private static int Check(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args.FirstOrDefault(a => a.StartsWith('-')) is { } option)
        {
            return HelpText.IsHelp(option) ? HelpText.Print(stdout, "check") : UsageError(stderr, $"unknown option '{option}'");
        }

        if (args.Length == 0)
        {
            return UsageError(stderr, "check needs FILE.ai...");
        }

        var errors = 0;
        foreach (var file in args)
        {
            if (!File.Exists(file))
            {
                stderr.WriteLine($"fluentai: file not found: {file}");
                errors++;
                continue;
            }

            using var host = PluginHost.Create(Path.GetDirectoryName(Path.GetFullPath(file))!);
            var result = host.CompileFile(Path.GetFullPath(file), emitAssembly: false);
            foreach (var d in result.Diagnostics)
            {
                ErrorRenderer.Write(stderr, d);
                errors += d.IsError ? 1 : 0;
            }
        }

        stdout.WriteLine(errors == 0 ? "no errors" : $"{errors} error{(errors == 1 ? "" : "s")}");
        return errors == 0 ? Ok : Failed;
    }
}
