using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FluentAI.Plugins.Benchmarks;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Fib30).Assembly).Run(args).ToList();
Headline.Print(summaries, Console.Out);
