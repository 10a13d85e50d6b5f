using System.Runtime.InteropServices;
using FluentAI.Plugins.Cli;

// The first Ctrl-C or SIGTERM interrupts the running program (it stops at its next function entry
// or loop back-edge and the command exits 130 or 143 with where it stopped); a second Ctrl-C exits at once.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
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
