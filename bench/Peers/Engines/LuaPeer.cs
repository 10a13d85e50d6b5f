using NLua;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>NLua (Lua 5.4 through KeraLua): Programs/peers.lua run with <c>DoString</c>, its functions called with <c>LuaFunction.Call</c>.</summary>
internal sealed class LuaPeer : IPeer
{
    private readonly Lua _lua = new();
    private readonly List<LuaFunction> _functions = [];

    public LuaPeer() => _lua.DoString(ProgramText.Read("peers.lua"), "peers.lua");

    public Body? Prepare(Workload workload, Sizes sizes) => workload.Id switch
    {
        "fib" => Number("fib", sizes.Fib),
        "map" => Number("map_sum", sizes.MapEntries),
        "string" => Text("build_string", sizes.Pieces),
        "pipeline" => Number("pipeline", sizes.Records),
        "json" => Number("json_round_trip", sizes.Documents),
        "reload" or "reload-first" => Reload(),
        "call" => Calls("bump", sizes.Calls),
        _ => null,
    };

    public void Dispose()
    {
        foreach (var f in _functions)
        {
            f.Dispose();
        }

        _lua.Dispose();
    }

    private LuaFunction Function(string name)
    {
        var f = _lua.GetFunction(name) ?? throw new InvalidOperationException("peers.lua has no function " + name);
        _functions.Add(f);
        return f;
    }

    private Body Number(string function, long n)
    {
        var f = Function(function);
        return new Body(() => ProgramText.Exact(f.Call(n)[0]));
    }

    private Body Text(string function, long n)
    {
        var f = Function(function);
        return new Body(() => (string)f.Call(n)[0]);
    }

    private Body Calls(string function, int calls)
    {
        var f = Function(function);
        return new Body(() =>
        {
            long r = 0;
            for (var i = 0; i < calls; i++)
            {
                r = ProgramText.Exact(f.Call(r)[0]);
            }

            return r;
        });
    }

    private Body Reload()
    {
        var constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        var script = ReloadScripts.Lua(constant);
        _lua.DoString(script);
        return new Body(
            () =>
            {
                _lua.DoString(script);
                using var f99 = _lua.GetFunction("f99");
                return ProgramText.Exact(f99.Call(0L)[0]) - constant;
            },
            () => script = ReloadScripts.Lua(++constant));
    }
}
