using FluentAI.Plugins.Diagnostics;
using Microsoft.Extensions.FileSystemGlobbing;

namespace FluentAI.Plugins.Loader.DevMode;

/// <summary>
/// Watches module files and reloads what changed: events are collected until the files have been
/// quiet for the debounce time (so the save patterns editors use — write in place, truncate then
/// write, write a temporary file then rename, delete then recreate — all settle into one reload),
/// then only modules whose text changed are reloaded, dependencies first, each with its dependents.
/// A change that fails keeps the running version and is reported; the next good save reloads.
/// </summary>
public sealed class DevWatcher : IDisposable
{
    private readonly PluginHost _host;
    private readonly DevModeOptions _options;
    private readonly Matcher _matcher = new();
    private readonly FileSystemWatcher? _fs;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _toPrecompile = new(StringComparer.Ordinal);
    private bool _precompiling;
    private bool _disposed;

    internal DevWatcher(PluginHost host, DevModeOptions options, bool watchFileSystem)
    {
        _host = host;
        _options = options;
        foreach (var pattern in options.Watch)
        {
            _matcher.AddInclude(pattern);
        }

        _timer = host.Options.TimeProvider.CreateTimer(_ => Settle(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (watchFileSystem)
        {
            _fs = new FileSystemWatcher(host.Root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _fs.Changed += (_, e) => Notify(e.FullPath);
            _fs.Created += (_, e) => Notify(e.FullPath);
            _fs.Deleted += (_, e) => Notify(e.FullPath);
            _fs.Renamed += (_, e) =>
            {
                Notify(e.OldFullPath);
                Notify(e.FullPath);
            };
            _fs.EnableRaisingEvents = true;
        }
    }

    /// <summary>How many reloads the watcher has applied.</summary>
    public int Reloads { get; private set; }

    /// <summary>Reports a file event (the file-system watcher calls this; tests may too). Restarts the quiet period.</summary>
    public void Notify(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(_host.Root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || !_matcher.Match(relative).HasMatches)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _pending.Add(full);
            _timer.Change(_options.Debounce, Timeout.InfiniteTimeSpan);
            _toPrecompile.Add(full);
            if (!_precompiling)
            {
                _precompiling = true;
                // At low priority: the head start must not take the cores from what the application is doing.
                LowPriority.Start("fluentai precompile", Precompile);
            }
        }
    }

    /// <summary>How many modules were compiled ahead of their reload, while the debounce waited.</summary>
    public int Precompiled { get; private set; }

    // While the debounce waits, compile what changed into the cache: when the files settle, the
    // reload finds the images by content hash and only instantiates. A file that changes again is
    // compiled again; one that does not compile is left for the reload to report.
    private void Precompile()
    {
        while (true)
        {
            List<string> files;
            lock (_gate)
            {
                if (_disposed || _toPrecompile.Count == 0)
                {
                    _precompiling = false;
                    return;
                }

                files = [.. _toPrecompile];
                _toPrecompile.Clear();
            }

            foreach (var file in files)
            {
                try
                {
                    if (_host.Precompile(file))
                    {
                        Precompiled++;
                    }
                }
#pragma warning disable CA1031 // Only a head start: the reload compiles and reports for itself.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }
        }
    }

    private void Settle()
    {
        lock (_gate)
        {
            if (_disposed || _pending.Count == 0)
            {
                return;
            }

            var touched = _pending.ToList();
            _pending.Clear();
            Apply(touched);
        }
    }

    private void Apply(List<string> touched)
    {
        // Modules whose text differs from what runs, plus modules whose last change failed (a missing import may now exist).
        var candidates = _host.LoadedModuleFiles().Where(f => touched.Contains(f) || _failed.Contains(f)).ToList();
        var changed = new List<string>();
        foreach (var file in candidates)
        {
            if (!File.Exists(file))
            {
                Fail(file, Messages.WatchedFileDeleted(file));
                continue;
            }

            if (_host.RunningText(file) != ReadSettled(file) || _failed.Contains(file))
            {
                changed.Add(file);
            }
        }

        foreach (var file in _host.DependencyOrder(changed))
        {
            if (_options.OnChange is { } onChange)
            {
                try
                {
                    onChange(file);
                    _failed.Remove(file);
                }
#pragma warning disable CA1031 // A failing callback is reported like a failing reload; watching goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Fail(file, e is FluentAIException f ? f.Render() : e.Message);
                }

                continue;
            }

            ReloadResult result;
            try
            {
                result = _host.Reload(file);
            }
            catch (ModuleLoadException e)
            {
                Fail(file, Render(e));
                continue;
            }

            _failed.Remove(file);
            Reloads++;
            _options.OnReloaded?.Invoke(result);
        }
    }

    private static string ReadSettled(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private void Fail(string file, string message)
    {
        _failed.Add(file);
        _options.OnError?.Invoke(file, message);
    }

    private static string Render(ModuleLoadException e)
    {
        if (e.Diagnostics.Count > 0)
        {
            return string.Join(Environment.NewLine, e.Diagnostics.Where(d => d.IsError).Select(Describe));
        }

        return e.Error is { } f ? Describe(f) : e.Message;
    }

    private static string Describe(Diagnostic d) => d + SourceContext(d.Span);

    private static string Describe(FluentAIException e) => e.Render() + (e.Location is { } at ? SourceContext(at) : "");

    /// <summary>The source line and a caret under the column, as the command line prints them.</summary>
    private static string SourceContext(SourceSpan span)
    {
        if (span.Line <= 0 || !File.Exists(span.File))
        {
            return "";
        }

        var line = File.ReadLines(span.File).Skip(span.Line - 1).FirstOrDefault() ?? "";
        return $"{Environment.NewLine}  {line}{Environment.NewLine}  {new string(' ', Math.Clamp(span.Column - 1, 0, line.Length))}^";
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _fs?.Dispose();
        _timer.Dispose();
    }
}
