using System.Runtime.InteropServices;
using FluentAI.Plugins.Cli;

// The first Ctrl-C or SIGTERM interrupts the running program (it stops at its next function entry
// or loop back-edge and the command exits 130 or 143 with where it stopped); a second Ctrl-C exits at once.
// In the REPL, Ctrl-C interrupts the evaluation in progress; at the prompt it says how to leave.
// (On a terminal the REPL's line editor reads Ctrl-C at the prompt as a key, see Repl.Interactive:
// this handler then sees only a SIGINT sent from outside.)
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (Evaluations.TryInterrupt())
    {
        // The REPL's evaluation in progress stops; the session goes on.
        e.Cancel = true;
        return;
    }

    if (args is ["repl", ..] && !stop.IsCancellationRequested)
    {
        e.Cancel = true;
        stop.Cancel();
        Console.Error.WriteLine("(Ctrl-C again or Ctrl-D to leave the REPL)");
        return;
    }

    if (stop.IsCancellationRequested)
    {
        Environment.Exit(130);
    }

    e.Cancel = true;
    CommandLine.StopCode = 130;
    stop.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    if (!stop.IsCancellationRequested)
    {
        CommandLine.StopCode = 143;
        stop.Cancel();
    }
});
return await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
