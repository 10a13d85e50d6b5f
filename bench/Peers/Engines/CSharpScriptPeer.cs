using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace FluentAI.Plugins.Peers.Engines;

/// <summary>
/// Roslyn scripting: the text of <see cref="TypedPrograms"/> compiled as a script whose value is a
/// table of delegates, called from C#; a reload is <c>CSharpScript.Create</c> + <c>RunAsync</c> of
/// the new script, whose value is its <c>F99</c>.
/// </summary>
internal sealed class CSharpScriptPeer : IPeer
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddReferences(typeof(JsonSerializer).Assembly, typeof(Enumerable).Assembly, typeof(MethodImplAttribute).Assembly)
        .WithImports("System", "System.Collections.Generic", "System.Linq", "System.Globalization", "System.Runtime.CompilerServices", "System.Text.Json");

    private readonly Dictionary<string, Delegate> _programs;

    public CSharpScriptPeer()
    {
        var text = string.Join('\n', ProgramText.Read("TypedPrograms.cs").Split('\n').Where(line => !line.StartsWith("using ", StringComparison.Ordinal) && !line.StartsWith("namespace ", StringComparison.Ordinal)));
        var code = text + """

            new Dictionary<string, Delegate>
            {
                ["fib"] = (Func<long, long>)TypedPrograms.Fib,
                ["map"] = (Func<long, long>)TypedPrograms.MapSum,
                ["string"] = (Func<long, string>)TypedPrograms.BuildString,
                ["pipeline"] = (Func<long, long>)TypedPrograms.Pipeline,
                ["json"] = (Func<long, long>)TypedPrograms.JsonRoundTrip,
                ["call"] = (Func<long, long>)TypedPrograms.Bump,
            }
            """;
        _programs = CSharpScript.EvaluateAsync<Dictionary<string, Delegate>>(code, Options).GetAwaiter().GetResult();
    }

    public Body? Prepare(Workload workload, Sizes sizes)
    {
        switch (workload.Id)
        {
            case "fib":
                return Number(workload.Id, sizes.Fib);
            case "map":
                return Number(workload.Id, sizes.MapEntries);
            case "string":
                var build = (Func<long, string>)_programs["string"];
                return new Body(() => build(sizes.Pieces));
            case "pipeline":
                return Number(workload.Id, sizes.Records);
            case "json":
                return Number(workload.Id, sizes.Documents);
            case "reload" or "reload-first":
                return Reload();
            case "call":
                var bump = (Func<long, long>)_programs["call"];
                return new Body(() =>
                {
                    long r = 0;
                    for (var i = 0; i < sizes.Calls; i++)
                    {
                        r = bump(r);
                    }

                    return r;
                });
            default:
                return null;
        }
    }

    public void Dispose()
    {
        // Script assemblies are not collectible: nothing to give back.
    }

    private Body Number(string program, long n)
    {
        var f = (Func<long, long>)_programs[program];
        return new Body(() => f(n));
    }

    private static Body Reload()
    {
        var constant = Random.Shared.Next(1, 1_000_000) * 1000L;
        var script = ReloadScripts.CSharp(constant);
        Run(script);
        return new Body(() => Run(script)(0) - constant, () => script = ReloadScripts.CSharp(++constant));
    }

    private static Func<long, long> Run(string script) =>
        CSharpScript.Create<Func<long, long>>(script, Options).RunAsync().GetAwaiter().GetResult().ReturnValue;
}
