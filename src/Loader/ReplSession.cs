using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.Building;
using FluentAI.Plugins.Loader.Reloading;

namespace FluentAI.Plugins.Loader;

/// <summary>The outcome of one REPL input.</summary>
/// <param name="Value">The value of the last form.</param>
/// <param name="IsDefinition">True when the last form was a definition (a REPL prints nothing for it).</param>
public sealed record ReplOutcome(object? Value, bool IsDefinition);

/// <summary>
/// A read-eval-print session. Every definition is a slot, so redefining a function takes effect
/// at once, also for closures made before. With a scope file, input is evaluated in that
/// module's scope: its definitions and imports are visible and follow its reloads.
/// </summary>
public sealed class ReplSession
{
    private const string ReplKey = "<repl>";
    private readonly PluginHost _host;
    private readonly string? _scopeFile;
    private readonly Dictionary<string, ExportInfo> _definitions = new(StringComparer.Ordinal);

    /// <summary>Starts a session on <paramref name="host"/>, optionally in the scope of <paramref name="scopeFile"/> (loaded now).</summary>
    public ReplSession(PluginHost host, string? scopeFile = null)
    {
        _host = host;
        if (scopeFile is not null)
        {
            _host.Load(scopeFile);
            _scopeFile = _host.FullPath(scopeFile);
        }
    }

    /// <summary>Compiles and runs <paramref name="text"/>; definitions are published at once.</summary>
    /// <exception cref="ModuleLoadException">The input does not compile; nothing changed.</exception>
    /// <exception cref="FluentAIException">The input failed while running.</exception>
    public ReplOutcome Evaluate(string text, string sourceName = ReplKey)
    {
        Hosting.HostServices.Current = _host;
        var parsed = ParsedModule.Parse(text, sourceName);
        var node = _host.Graph.GetOrAdd(ReplKey);
        var (image, result) = _host.Builder.CompileInput(parsed, ImplicitNames());
        if (image is null)
        {
            throw new ModuleLoadException(result.Diagnostics);
        }

        var transaction = new Transaction(_host.LinkServices, publishImmediately: true);
        Graph.Generation generation;
        try
        {
            generation = transaction.Instantiate(node, new BuiltModule(image, parsed.Manifest, result.Diagnostics));
        }
        catch
        {
            transaction.Abort();
            throw;
        }

        foreach (var def in parsed.Manifest.Definitions)
        {
            _definitions[def.Name] = def;
        }

        var value = generation.Result;
        generation.Result = null;

        // The input before this one is released: its context unloads once nothing it defined is still reachable.
        // Its on-retire hooks stay with the session (the newest input), to run when the host unloads it.
        var replaced = transaction.Swap();
        foreach (var old in replaced)
        {
            generation.AdoptRetireHooks(old);
        }

        _host.Unloads.Release(replaced);
        var last = parsed.Forms.Count > 0 ? parsed.Forms[^1] : null;
        var isDefinition = last is Compiler.Syntax.SeqNode { Head: "define" or "defn" or "define-reloadable" or "define-stateful" };
        return new ReplOutcome(value, isDefinition);
    }

    private List<ImplicitName> ImplicitNames()
    {
        var names = new Dictionary<string, ImplicitName>(StringComparer.Ordinal);
        if (_scopeFile is not null && _host.Graph.Find(_scopeFile) is { Manifest: { } scope } scopeNode)
        {
            foreach (var import in scope.Imports)
            {
                if (_host.Graph.Resolve(scopeNode.Path, import.Path) is { Manifest: { } target } targetNode)
                {
                    var imported = import.Names is { } list
                        ? list.Select(n => target.FindExport(n.Name) is { } e ? e with { Name = n.Alias } : null).OfType<ExportInfo>()
                        : import.All ? target.Exports : [];
                    foreach (var e in imported)
                    {
                        names[e.Name] = new ImplicitName(targetNode.Path, e);
                    }
                }
            }

            foreach (var def in scope.Definitions)
            {
                names[def.Name] = new ImplicitName(scopeNode.Path, def);
            }
        }

        foreach (var def in _definitions.Values)
        {
            names[def.Name] = new ImplicitName(ReplKey, def);
        }

        return [.. names.Values];
    }
}
