using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.Graph;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>The module graph: every loaded module with its version, imports and importers, in dependency order.</summary>
    public IReadOnlyList<ModuleInfo> Modules
    {
        get
        {
            lock (_gate)
            {
                // Module files only: not the host's functions, not a REPL's inputs.
                var loaded = _graph.Nodes.Where(n => n.Current is not null && Path.IsPathRooted(n.Path)).ToList();
                return [.. ModuleGraph.Units(loaded).SelectMany(u => u).Select(n => new ModuleInfo(
                    n.Path,
                    n.Manifest?.Name ?? Path.GetFileNameWithoutExtension(n.Path),
                    n.Current!.Version,
                    [.. n.Imports.Select(i => i.Path)],
                    [.. loaded.Where(o => o.Imports.Contains(n)).Select(o => o.Path).Order(StringComparer.Ordinal)],
                    [.. n.Manifest?.Exports.Select(e => e.Name) ?? []]))];
            }
        }
    }

    /// <summary>Runs FluentAI code on a thread with a large stack, so deep recursion fails with an error instead of ending the process.</summary>
    /// <exception cref="FluentAIException">The code failed (with its <c>.ai</c> location).</exception>
    public static object? InvokeOnLargeStack(Func<object?> body)
    {
        try
        {
            return Hosting.LargeStack.Run(body);
        }
        catch (Exception e) when (e is not FluentAIException { Location: not null } and not OutOfMemoryException)
        {
            throw FluentAIException.Locate(e);
        }
    }

    /// <summary>Compiles <paramref name="file"/> against the modules it imports without loading anything (for <c>check</c> and <c>compile</c>).</summary>
    public CompileResult CompileFile(string file, bool emitAssembly)
    {
        lock (_gate)
        {
            var path = FullPath(file);
            _graph.Discover(path, File.ReadAllText);
            var parsed = _graph.Find(path)!.Parsed ?? throw ModuleLoadException.Missing(path, Messages.ModuleFileNotFound(path));
            return _builder.CompileOnly(parsed, emitAssembly);
        }
    }
}
