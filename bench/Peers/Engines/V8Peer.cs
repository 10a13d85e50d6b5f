using Microsoft.ClearScript.V8;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>
/// ClearScript V8: Programs/peers.js executed in one <see cref="V8ScriptEngine"/>, its functions called
/// with <c>V8ScriptEngine.Invoke</c>; a reload executes the new script in the same engine.
/// </summary>
internal sealed class V8Peer : IPeer
{
    private readonly V8ScriptEngine _engine = new();

    public V8Peer() => _engine.Execute(ProgramText.Read("peers.js"));

    public Body? Prepare(Workload workload, Sizes sizes) => workload.Id switch
    {
        "fib" => Number("fib", sizes.Fib),
        "map" => Number("mapSum", sizes.MapEntries),
        "string" => new Body(() => (string)_engine.Invoke("buildString", (long)sizes.Pieces)),
        "pipeline" => Number("pipeline", sizes.Records),
        "json" => Number("jsonRoundTrip", sizes.Documents),
        "reload" or "reload-first" => Reload(),
        "call" => new Body(() =>
        {
            long r = 0;
            for (var i = 0; i < sizes.Calls; i++)
            {
                r = ProgramText.Exact(_engine.Invoke("bump", r));
            }

            return r;
        }),
        _ => null,
    };

    public void Dispose() => _engine.Dispose();

    private Body Number(string function, long n) => new(() => ProgramText.Exact(_engine.Invoke(function, n)));

    private Body Reload()
    {
        var constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        var script = ReloadScripts.JavaScript(constant);
        _engine.Execute(script);
        return new Body(
            () =>
            {
                _engine.Execute(script);
                return ProgramText.Exact(_engine.Invoke("f99", 0L)) - constant;
            },
            () => script = ReloadScripts.JavaScript(++constant));
    }
}
