using Jint;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>Jint: Programs/peers.js executed in one <see cref="Engine"/>, its functions called with <c>Engine.Invoke</c>.</summary>
internal sealed class JintPeer : IPeer
{
    private readonly Engine _engine = new();

    public JintPeer() => _engine.Execute(ProgramText.Read("peers.js"));

    public Body? Prepare(Workload workload, Sizes sizes) => workload.Id switch
    {
        "fib" => Number("fib", sizes.Fib),
        "map" => Number("mapSum", sizes.MapEntries),
        "string" => new Body(() => _engine.Invoke("buildString", (long)sizes.Pieces).AsString()),
        "pipeline" => Number("pipeline", sizes.Records),
        "json" => Number("jsonRoundTrip", sizes.Documents),
        "reload" or "reload-first" => Reload(),
        "call" => new Body(() =>
        {
            long r = 0;
            for (var i = 0; i < sizes.Calls; i++)
            {
                r = (long)_engine.Invoke("bump", r).AsNumber();
            }

            return r;
        }),
        _ => null,
    };

    public void Dispose() => _engine.Dispose();

    private Body Number(string function, long n) => new(() => ProgramText.Exact(_engine.Invoke(function, n).AsNumber()));

    private Body Reload()
    {
        var constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        var script = ReloadScripts.JavaScript(constant);
        _engine.Execute(script);
        return new Body(
            () =>
            {
                _engine.Execute(script);
                return ProgramText.Exact(_engine.Invoke("f99", 0L).AsNumber()) - constant;
            },
            () => script = ReloadScripts.JavaScript(++constant));
    }
}
