using BenchmarkDotNet.Running;
using FluentAI.Plugins.Benchmarks;

if (args is ["--soak", ..])
{
    return Soak.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000) ? 0 : 1;
}

if (args is ["--rollback", ..])
{
    RollbackLatency.Run(Console.Out, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return 0;
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Fib30).Assembly).Run(args).ToList();
Headline.Print(summaries, Console.Out);
return 0;
