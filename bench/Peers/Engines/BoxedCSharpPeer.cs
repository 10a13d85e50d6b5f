namespace FluentAI.Plugins.Peers.Engines;

/// <summary>The C# boxed baseline: <see cref="BoxedPrograms"/>, <c>object</c> everywhere.</summary>
internal sealed class BoxedCSharpPeer : IPeer
{
    public Body? Prepare(Workload workload, Sizes sizes)
    {
        object Boxed(int n) => (long)n;
        return workload.Id switch
        {
            "fib" => new Body(() => BoxedPrograms.Fib(Boxed(sizes.Fib))),
            "map" => new Body(() => BoxedPrograms.MapSum(Boxed(sizes.MapEntries))),
            "string" => new Body(() => BoxedPrograms.BuildString(Boxed(sizes.Pieces))),
            "pipeline" => new Body(() => BoxedPrograms.Pipeline(Boxed(sizes.Records))),
            "json" => new Body(() => BoxedPrograms.JsonRoundTrip(Boxed(sizes.Documents))),
            "call" => new Body(() =>
            {
                object? r = 0L;
                for (var i = 0; i < sizes.Calls; i++)
                {
                    r = BoxedPrograms.Bump(r);
                }

                return r;
            }),
            _ => null,
        };
    }

    public void Dispose()
    {
        // Nothing loaded.
    }
}
