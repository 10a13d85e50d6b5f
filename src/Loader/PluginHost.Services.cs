using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost : IHostServices
{
    /// <summary>The module key under which host functions are imported: <c>(import "host" (name))</c>.</summary>
    public const string HostModule = "host";

    private readonly Dictionary<string, ExportInfo> _hostFunctions = new(StringComparer.Ordinal);

    /// <summary>
    /// Makes <paramref name="function"/> importable by FluentAI code as <c>(import "host" (name))</c>.
    /// Registering a name again replaces the function; code already loaded calls the new one.
    /// </summary>
    public void Register(string name, Fn function)
    {
        ArgumentNullException.ThrowIfNull(function);
        lock (_gate)
        {
            var node = _graph.GetOrAdd(HostModule);
            _hostFunctions[name] = new ExportInfo(name, name, true, function.Arity, function.IsVariadic);
            var exports = _hostFunctions.Values.ToList();
            node.Parsed = ParsedModule.Virtual(new ModuleManifest(HostModule, HostModule, [], exports, exports, []));
            var writer = node.Writer(name);
            writer.Publish(function, writer.Slot.Version + 1);
        }
    }

    /// <summary>Registers a one-argument host function.</summary>
    public void Register(string name, Func<object?, object?> function) => Register(name, new Lambda1(name, function));

    /// <summary>Registers a two-argument host function.</summary>
    public void Register(string name, Func<object?, object?, object?> function) => Register(name, new Lambda2(name, function));

    ReloadSummary IHostServices.HotReload(string path, Fn? migrate)
    {
        if (_linking.Value is { Value: true })
        {
            // The load that runs these forms holds the host: reloading from inside it could never start.
            throw new FluentAIException(ErrorCodes.ReloadRejected, Messages.HotReloadWhileLinking(path));
        }

        try
        {
            return new ReloadSummary(Reload(path, migrate).Report, true);
        }
        catch (ModuleLoadException e)
        {
            throw e.Error ?? new FluentAIException(ErrorCodes.ReloadRejected, Messages.Rejected(e.Message), e.Diagnostics.FirstOrDefault(d => d.IsError)?.Span);
        }
    }

    void IHostServices.StartDevMode(FMap options) => StartDevMode(options);

    /// <summary>
    /// <c>(on-retire f)</c>: kept on the caller's module version (running, or still being linked) and run
    /// when it is retired; a version already retired (code of it still running after a reload) runs it at once.
    /// </summary>
    void IHostServices.OnRetire(System.Reflection.Assembly caller, Fn hook)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(hook);
        if (System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(caller) is not { } context || !_contexts.TryGetGeneration(context, out var generation))
        {
            throw new FluentAIException(ErrorCodes.RuntimeError, Messages.RetireOutsideModule);
        }

        if (!generation.AddRetireHook(hook))
        {
            _retirement.Run(generation, hook);
        }
    }
}
