using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.Internal;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>The slot of <paramref name="name"/> in a loaded module, or null when the module does not define it.</summary>
    public Slot? GetSlotOrNull(string file, string name)
    {
        var node = Graph.Find(FullPath(file));
        return node?.Manifest?.Definitions.Any(d => d.Name == name) == true ? node.Slot(name) : null;
    }

    /// <summary>Runs FluentAI code on a thread with a large stack, so deep recursion fails with an error instead of ending the process.</summary>
    public static object? InvokeOnLargeStack(Func<object?> body)
    {
        try
        {
            return Transaction.RunOnLargeStack(body);
        }
        catch (Exception e) when (e is not FluentAIException { Location: not null })
        {
            throw RuntimeErrors.Wrap(e);
        }
    }

    /// <summary>Compiles <paramref name="file"/> against the modules it imports without loading anything (for <c>check</c> and <c>compile</c>).</summary>
    public CompileResult CompileFile(string file, bool emitAssembly)
    {
        lock (_gate)
        {
            var path = FullPath(file);
            Graph.Discover(path, File.ReadAllText);
            var node = Graph.Find(path)!;
            return Compiler.Compile(node.Parsed!, Graph, new CompileOptions { EmitAssembly = emitAssembly });
        }
    }
}
