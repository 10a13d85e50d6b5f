// A data pipeline whose processing rules are reloaded while records flow through it.
// Usage: dotnet run --project plugins/Pipeline [-- --records N --reloads N --workers N --capacity N --broken-every N --rules DIR]
// The rules (rules/processor.ai) are copied to a temporary folder; the demo edits the copy for each reload.
using Pipeline;

var (options, error) = PipelineOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(PipelineOptions.Usage);
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl-C stops the producer; what is in the channels is still processed and checked.
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine($"{options.Records:N0} records through {options.Workers} worker(s), channels of {options.Capacity}, {options.Reloads} reloads of the rules");
Console.WriteLine($"rules: {Path.Combine(options.RulesFolder, Rules.File)}, copied to a temporary folder; the demo edits the copy");
try
{
    var result = await PipelineRun.RunAsync(options, Console.Out, stop.Token);
    PipelineReport.Write(result, Console.Out);
    return result.Check.Ok && result.Unloads.All(u => u.Unloaded) ? 0 : 1;
}
catch (Exception e) when (e is InvalidDataException or IOException)
{
    // The rules in the rules folder do not load (InvalidDataException) or are not there: nothing ran.
    Console.Error.WriteLine(e.Message);
    return 1;
}
