using System.Runtime.CompilerServices;
using FluentAI.Plugins.Loader;
using FluentAI.Plugins.Runtime;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Cli;

/// <summary><c>fluentai run</c> and <c>fluentai eval</c>.</summary>
internal static partial class CommandLine
{
    private static int Run(string[] args, TextWriter console, TextWriter stderr, bool printResult, CancellationToken stop)
    {
        // FluentAI's output and the command's go through one writer that knows whether a line is open.
        var stdout = new LineTrackingWriter(console);
        FluentConsole.Out = stdout;
        var watch = false;
        string? file = null;
        string? expression = null;
        string? audit = null;
        string? state = null;
        string? root = null;
        var budget = new PluginHostOptions().LoadBudget;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--watch" when !printResult:
                    watch = true;
                    break;
                case "--state" when i + 1 < args.Length:
                    state = Path.GetFullPath(args[++i]);
                    break;
                case "-e" when printResult && i + 1 < args.Length:
                    expression = args[++i];
                    break;
                case "--audit" when i + 1 < args.Length:
                    audit = Path.GetFullPath(args[++i]);
                    break;
                case "--root" when i + 1 < args.Length:
                    root = Path.GetFullPath(args[++i]);
                    break;
                case "--budget" when !printResult && i + 1 < args.Length:
                    if (ParseBudget(args[++i]) is not { } parsed)
                    {
                        return UsageError(stderr, $"--budget takes seconds (a positive number) or 'none', not '{args[i]}'");
                    }

                    budget = parsed;
                    break;
                case var a when HelpText.IsHelp(a):
                    return HelpText.Print(stdout, printResult ? "eval" : "run");
                case var a when a.StartsWith('-'):
                    return UsageError(stderr, $"unknown option '{a}'");
                default:
                    if (file is not null)
                    {
                        return UsageError(stderr, "give one file");
                    }

                    file = args[i];
                    break;
            }
        }

        if ((file is null) == (expression is null))
        {
            return UsageError(stderr, printResult ? "eval needs FILE.ai or -e \"EXPR\"" : "run needs FILE.ai");
        }

        if (file is not null && !File.Exists(file))
        {
            stderr.WriteLine($"fluentai: file not found: {file}");
            return Failed;
        }

        // Imports resolve inside the module root only: the entry file's folder unless --root says otherwise.
        // The state file is restored before any module loads (a bad one is an error and nothing runs) and
        // kept on the disk while the program runs, so a crash loses at most the last second of writes.
        using var host = PluginHost.Create(
            root ?? (file is null ? Environment.CurrentDirectory : Path.GetDirectoryName(Path.GetFullPath(file))!),
            new PluginHostOptions { AuditLogPath = audit, StateFile = file is null ? null : state, LoadBudget = Timeout.InfiniteTimeSpan });
        ErrorRenderer.ReportFailedTasks(host, stderr);

        // Ctrl-C or SIGTERM interrupts the program where it runs (FAI3014, located), even a loop that never blocks.
        using var interrupt = Interrupts.Scope(stop);

        // From here on this frame holds only text: a value, function or handle of the version that
        // ran would keep that version's context loaded after a reload replaces it (while watching,
        // and while the replaced versions are checked before the command ends).
        // A program waiting on what none of its tasks can ever do ends with a located FAI3015 (Deadlocks):
        // only here, where nothing but the program's own code touches its channels and promises, and
        // never while watching, when reloads run code of it on threads of their own.
        string? printed;
        if (expression is not null)
        {
            using (Deadlocks.Watch())
            {
                printed = Evaluate(host, expression);
            }
        }
        else
        {
            var full = Path.GetFullPath(file!);
            host.DevModeErrors = (_, message) => { lock (stderr) { stderr.WriteLine(message); stderr.Flush(); } };
            host.DevModeReloads = r => { lock (stdout) { stdout.WriteLine(r.Report); stdout.Flush(); } };
            using (watch ? null : Deadlocks.Watch())
            {
                printed = LoadAndRunMain(host, full, stdout, printResult);
            }

            // The first load is the program and runs for as long as it takes (Ctrl-C stops it); a reload
            // after it, from a save or from the program, runs under the budget.
            host.Options.LoadBudget = budget;
            if (watch || host.ActiveDevMode is not null)
            {
                // Development mode: keep serving and reloading until interrupted (Ctrl-C exits 0).
                using var watcher = watch ? host.Watch(new Loader.DevMode.DevModeOptions { OnError = host.DevModeErrors, OnReloaded = host.DevModeReloads }) : null;
                stdout.WriteLine($"watching {host.Root} for changes (Ctrl-C stops)");
                stdout.Flush();
                stop.WaitHandle.WaitOne();
            }
        }

        stdout.Flush();
        if (printed is not null)
        {
            // Printed last (after a watch ends), as eval promises, on a line of its own even after a
            // (print "a") that left one open; the text was made while the value was alive.
            if (stdout.IsMidLine)
            {
                stdout.WriteLine();
            }

            stdout.WriteLine(printed);
        }

        return Ok;
    }

    /// <summary>
    /// Loads the module, prints its migrations and runs <c>(main)</c> through its slot. The module's
    /// handle, its value and main's value live only in this frame, gone when it returns (never
    /// inlined, so not even the Debug JIT's temporaries outlive it): the caller gets the printed text.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string? LoadAndRunMain(PluginHost host, string file, TextWriter stdout, bool printResult)
    {
        var module = host.Load(file);
        foreach (var migration in module.Migrations)
        {
            stdout.WriteLine(migration);
        }

        var result = host.GetSlotOrNull(file, "main") is { Target: not null } main
            ? PluginHost.InvokeOnLargeStack(main.Invoke)
            : module.Result;
        return printResult ? Printer.Print(result) : null;
    }

    /// <summary><c>--budget</c>'s value: seconds, or <c>none</c> for no limit; null when it is neither.</summary>
    private static TimeSpan? ParseBudget(string text) =>
        text == "none" ? Timeout.InfiniteTimeSpan
        : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= int.MaxValue / 1000.0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary><c>eval -e</c>: the value's text, the value itself left in this frame (see <see cref="LoadAndRunMain"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string Evaluate(PluginHost host, string expression) =>
        Printer.Print(new ReplSession(host).Evaluate(expression, "<command line>").Value);
}
