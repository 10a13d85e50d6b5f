namespace FluentAI.Plugins.PublicApi.Tests.Samples;

/// <summary>What a sample program printed, and the exception it ended with, if any.</summary>
/// <param name="Output">The lines written to Console.Out.</param>
/// <param name="Error">Everything written to Console.Error.</param>
/// <param name="Exception">The exception that escaped the program, or null.</param>
internal sealed record SampleRun(IReadOnlyList<string> Output, string Error, Exception? Exception);
