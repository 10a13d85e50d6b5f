using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Loader.DevMode;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>The watcher started by <c>(dev-mode ...)</c>, if any; the host disposes it.</summary>
    public DevWatcher? ActiveDevMode { get; private set; }

    /// <summary>Where development mode started from FluentAI code reports failures (the CLI sets stderr).</summary>
    public Action<string, string>? DevModeErrors { get; set; }

    /// <summary>Where development mode started from FluentAI code reports reloads (the CLI sets stdout).</summary>
    public Action<ReloadResult>? DevModeReloads { get; set; }

    /// <summary>
    /// Starts development mode: watches the host folder and reloads modules whose files change
    /// (see <see cref="DevWatcher"/>). Dispose the watcher to stop.
    /// </summary>
    public DevWatcher Watch(DevModeOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new DevModeOptions();
        _preserved.Set(options.Preserve);
        return new DevWatcher(this, options, options.WatchFileSystem);
    }

    /// <summary><c>(dev-mode :watch [...] :on-change f :on-error f :preserve [...] :debounce ms)</c> from module code.</summary>
    private void StartDevMode(FMap options)
    {
        static IReadOnlyList<string> Strings(object? value) => value switch
        {
            null => [],
            FList list => [.. list.Select(v => v switch { Keyword k => k.Name, string s => s, _ => Printer.Display(v) })],
            string s => [s],
            _ => throw new FluentAIException(ErrorCodes.TypeMismatch, Messages.DevModeNeedsList),
        };

        var onChange = options[Keyword.Intern("on-change")] as Fn;
        var onError = options[Keyword.Intern("on-error")] as Fn;
        var devOptions = new DevModeOptions
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

    internal List<string> LoadedModuleFiles()
    {
        lock (_gate)
        {
            return [.. _graph.Nodes.Where(n => n.Current is not null && n.Path != HostModule && n.Path.EndsWith(".ai", StringComparison.OrdinalIgnoreCase)).Select(n => n.Path)];
        }
    }

    internal string? RunningText(string file)
    {
        lock (_gate)
        {
            return _graph.Find(file)?.Parsed?.Text;
        }
    }

    /// <summary>
    /// Compiles <paramref name="file"/> as it is now on disk into the compile cache without loading or
    /// changing anything: development mode calls it while the debounce waits, so the reload that
    /// follows finds the image by its content hash and only instantiates. Text that cannot be read
    /// or does not compile is left for the reload to report. Returns true when it compiled something.
    /// </summary>
    internal bool Precompile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var parsed = ParsedModule.Parse(text, file);
        if (parsed.HasErrors)
        {
            return false;
        }

        lock (_gate)
        {
            return !_disposed && _graph.Find(file)?.Current is not null && _builder.Precompile(parsed);
        }
    }

    /// <summary>The files in dependency order (a module before the modules that import it).</summary>
    internal List<string> DependencyOrder(List<string> files)
    {
        lock (_gate)
        {
            var nodes = files.Select(f => _graph.Find(f)).OfType<ModuleNode>().ToList();
            var order = ModuleGraph.Units([.. _graph.Nodes.Where(n => n.Current is not null)]).SelectMany(u => u).ToList();
            return [.. nodes.OrderBy(order.IndexOf).Select(n => n.Path)];
        }
    }
}
