namespace FluentAI.Plugins.Peers.Engines;

/// <summary>The typed proxy of the call workload: <c>Bump</c> calls peers.ai's <c>(bump x)</c>.</summary>
public interface IPeerCalls
{
    /// <summary>x + 1.</summary>
    long Bump(long x);
}
