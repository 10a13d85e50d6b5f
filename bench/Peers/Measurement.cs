namespace FluentAI.Plugins.Peers;

/// <summary>One engine's figures for one workload, as a child process reports them (one JSON line each).</summary>
/// <param name="Engine">The engine's name.</param>
/// <param name="Workload">The workload's id.</param>
/// <param name="MedianNs">Median time of a run, per operation (per call for the call workloads), in nanoseconds.</param>
/// <param name="MinNs">The fastest run, per operation.</param>
/// <param name="MaxNs">The slowest run, per operation.</param>
/// <param name="Repetitions">How many runs were measured.</param>
/// <param name="Error">Why the workload failed (a wrong result or an exception), or null.</param>
internal sealed record Measurement(string Engine, string Workload, double MedianNs, double MinNs, double MaxNs, int Repetitions, string? Error = null);
