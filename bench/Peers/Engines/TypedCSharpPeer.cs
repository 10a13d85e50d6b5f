namespace FluentAI.Plugins.Peers.Engines;

/// <summary>The C# typed baseline: <see cref="TypedPrograms"/> compiled with this project.</summary>
internal sealed class TypedCSharpPeer : IPeer
{
    public Body? Prepare(Workload workload, Sizes sizes) => workload.Id switch
    {
        "fib" => new Body(() => TypedPrograms.Fib(sizes.Fib)),
        "map" => new Body(() => TypedPrograms.MapSum(sizes.MapEntries)),
        "string" => new Body(() => TypedPrograms.BuildString(sizes.Pieces)),
        "pipeline" => new Body(() => TypedPrograms.Pipeline(sizes.Records)),
        "json" => new Body(() => TypedPrograms.JsonRoundTrip(sizes.Documents)),
        "call" => new Body(() =>
        {
            long r = 0;
            for (var i = 0; i < sizes.Calls; i++)
            {
                r = TypedPrograms.Bump(r);
            }

            return r;
        }),
        _ => null,
    };

    public void Dispose()
    {
        // Nothing loaded.
    }
}
