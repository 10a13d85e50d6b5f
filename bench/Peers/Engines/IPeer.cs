namespace FluentAI.Plugins.Peers.Engines;

/// <summary>One engine with the workload programs loaded.</summary>
internal interface IPeer : IDisposable
{
    /// <summary>The workload ready to run (programs compiled, untimed), or null when this engine has no such program.</summary>
    Body? Prepare(Workload workload, Sizes sizes);
}
