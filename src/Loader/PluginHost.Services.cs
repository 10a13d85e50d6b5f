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
            var node = Graph.GetOrAdd(HostModule);
            _hostFunctions[name] = new ExportInfo(name, name, true, function.Arity, function.IsVariadic);
            var exports = _hostFunctions.Values.ToList();
            node.Parsed = ParsedModule.Virtual(new ModuleManifest(HostModule, HostModule, [], exports, exports, []));
            var slot = node.Slot(name);
            slot.Publish(function, slot.Version + 1);
        }
    }

    /// <summary>Registers a one-argument host function.</summary>
    public void Register(string name, Func<object?, object?> function) => Register(name, new Lambda1(name, function));

    /// <summary>Registers a two-argument host function.</summary>
    public void Register(string name, Func<object?, object?, object?> function) => Register(name, new Lambda2(name, function));

    /// <summary>The watcher started by <c>(dev-mode ...)</c>, if any; the host disposes it.</summary>
    public DevMode.DevWatcher? ActiveDevMode { get; private set; }

    /// <summary>Where development mode started from FluentAI code reports failures (the CLI sets stderr).</summary>
    public Action<string, string>? DevModeErrors { get; set; }

    /// <summary>Where development mode started from FluentAI code reports reloads (the CLI sets stdout).</summary>
    public Action<ReloadResult>? DevModeReloads { get; set; }

    void IHostServices.StartDevMode(FMap options)
    {
        static IReadOnlyList<string> Strings(object? value) => value switch
        {
            null => [],
            FList list => [.. list.Select(v => v switch { Keyword k => k.Name, string s => s, _ => Printer.Display(v) })],
            string s => [s],
            _ => throw new FluentAIException(ErrorCodes.TypeMismatch, "dev-mode: :watch and :preserve take a list"),
        };

        var onChange = options[Keyword.Intern("on-change")] as Fn;
        var onError = options[Keyword.Intern("on-error")] as Fn;
        var devOptions = new DevMode.DevModeOptions
        {
            Watch = options.ContainsKey(Keyword.Intern("watch")) ? Strings(options[Keyword.Intern("watch")]) : ["**/*.ai"],
            Preserve = Strings(options[Keyword.Intern("preserve")]),
            Debounce = options[Keyword.Intern("debounce")] is long ms ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromMilliseconds(50),
            OnChange = onChange is null ? null : file => onChange.Invoke(Path.GetRelativePath(Root, file)),
            OnError = (file, message) =>
            {
                DevModeErrors?.Invoke(file, message);
                onError?.Invoke(Path.GetRelativePath(Root, file), message);
            },
            OnReloaded = r => DevModeReloads?.Invoke(r),
        };
        ActiveDevMode?.Dispose();
        ActiveDevMode = Watch(devOptions);
    }

    ReloadSummary IHostServices.HotReload(string path, Fn? migrate)
    {
        var result = Reload(path, migrate);
        if (!result.Ok)
        {
            throw result.Error as FluentAIException
                ?? new FluentAIException(ErrorCodes.ReloadRejected, result.ToString());
        }

        return new ReloadSummary(result.Report, result.Ok);
    }
}
