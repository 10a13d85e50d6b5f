// A C# host serving requests through a FluentAI module that can be edited while it runs.
// Usage: dotnet run --project plugins/ReloadingHost [-- --demo]
//   no option: serves a request every second and reloads handlers.ai whenever it changes (Ctrl-C stops)
//   --demo:    edits a copy of handlers.ai itself, reloads it once and exits
using FluentAI.Plugins.Loader;
using ReloadingHost;

var demo = args.Contains("--demo");
var folder = demo ? Directory.CreateTempSubdirectory("fluentai-demo").FullName : AppContext.BaseDirectory;
if (demo)
{
    File.Copy(Path.Combine(AppContext.BaseDirectory, "handlers.ai"), Path.Combine(folder, "handlers.ai"));
}

using var host = PluginHost.Create(folder);
host.Events += (_, e) => Console.WriteLine($"  [{e.Event}] {Path.GetFileName(e.Module)} v{e.FromVersion}->v{e.ToVersion} ok={e.Ok} {e.Error}");
var handler = host.As<IRequestHandler>("handlers.ai");   // a typed proxy; stays valid across reloads
var file = Path.Combine(folder, "handlers.ai");
var stamp = File.GetLastWriteTimeUtc(file);

Console.WriteLine(handler.HandleRequest("/"));
if (demo)
{
    File.WriteAllText(file, File.ReadAllText(file).Replace("\"Hello\"", "\"Hi again\"", StringComparison.Ordinal));
    var result = host.Reload("handlers.ai");
    Console.WriteLine(result);
    Console.WriteLine(handler.HandleRequest("/"));
    var unloads = await result.UnloadVerification;
    Console.WriteLine(unloads.All(u => u.Unloaded) ? "old version unloaded" : "old version still alive");
    return;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
Console.WriteLine($"serving; edit {file} to change the handler (Ctrl-C stops)");
while (!stop.IsCancellationRequested)
{
    if (File.GetLastWriteTimeUtc(file) != stamp)
    {
        stamp = File.GetLastWriteTimeUtc(file);
        try
        {
            Console.WriteLine(host.Reload("handlers.ai"));
        }
        catch (ModuleLoadException e)
        {
            // A broken save: the running version keeps serving.
            Console.Error.WriteLine(e.Message);
        }
    }

    Console.WriteLine(handler.HandleRequest("/"));
    try
    {
        await Task.Delay(1000, stop.Token);
    }
    catch (TaskCanceledException)
    {
        break;
    }
}
