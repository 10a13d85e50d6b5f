using System.Runtime.InteropServices;
using FluentAI.Plugins.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await CommandLine.RunAsync(args, Console.In, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
