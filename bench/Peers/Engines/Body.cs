namespace FluentAI.Plugins.Peers.Engines;

/// <summary>A prepared workload: <see cref="Run"/> is timed, <see cref="Before"/> (making the next script version) is not.</summary>
/// <param name="Run">One run; gives the result the workload checks.</param>
/// <param name="Before">Runs before each run, untimed; null when there is nothing to do.</param>
internal sealed record Body(Func<object?> Run, Action? Before = null);
