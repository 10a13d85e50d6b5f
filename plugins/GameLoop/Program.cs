// A 60 Hz console game loop whose enemy AI and world are FluentAI modules, reloaded as you save them.
// Usage: dotnet run --project plugins/GameLoop [-- --modules DIR] [--frames N] [--watch | --no-watch]
//   --modules DIR  the folder with world.ai and enemy-ai.ai (default: this project's game/ folder)
//   --frames N     run N frames, then exit (default: until Ctrl-C)
//   --no-watch     do not reload saved files (--watch, the default, does)
using System.Globalization;
using FluentAI.Plugins.Loader;
using GameLoop;

string? folder = null;
long? frames = null;
var watch = true;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--modules" when i + 1 < args.Length:
            folder = args[++i];
            break;
        case "--frames" when i + 1 < args.Length && long.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n):
            frames = n;
            i++;
            break;
        case "--watch":
            watch = true;
            break;
        case "--no-watch":
            watch = false;
            break;
        default:
            Console.Error.WriteLine($"gameloop: unknown option '{args[i]}'");
            Console.Error.WriteLine("usage: GameLoop [--modules DIR] [--frames N] [--watch | --no-watch]");
            return 2;
    }
}

folder = Path.GetFullPath(folder ?? ModuleFolder.Default());
GameSession session;
try
{
    session = new GameSession(folder, new GameSessionOptions { Watch = watch });
}
catch (ModuleLoadException e)
{
    Console.Error.WriteLine(ErrorText.Render(e));
    return 1;
}

using (session)
{
    session.Reloaded += r => Console.WriteLine(
        $"reloaded {string.Join(", ", r.Modules.Select(m => $"{Path.GetFileName(m.Path)} v{m.FromVersion}->v{m.ToVersion}"))}: {r.Report}");
    session.Rejected += (file, message) => Console.WriteLine(
        $"rejected {Path.GetFileName(file)}, the running version keeps playing:{Environment.NewLine}{message}");

    using var stop = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stop.Cancel();
    };

    Console.WriteLine($"60 Hz game loop over {folder}{(watch ? ": edit enemy-ai.ai or world.ai and save (Ctrl-C stops)" : "")}");
    Console.WriteLine(StatusLine.Of(session));
    session.Loop.Run(frames, () => Console.WriteLine(StatusLine.Of(session)), stop.Token);
    Console.WriteLine((stop.IsCancellationRequested ? "stopped: " : "done: ") + StatusLine.Totals(session));
}

return 0;
