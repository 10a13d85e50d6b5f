using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Loader.Internal;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

/// <summary>
/// Hosts FluentAI modules from a folder: each module compiled through Roslyn into its own
/// collectible load context, reached through stable slots; reloads re-instantiate a module and
/// every module that imports it, atomically, and verify that replaced contexts unload.
/// </summary>
public sealed partial class PluginHost : IDisposable
{
    private static readonly Lazy<ModuleCompiler> SharedCompiler = new(() => new ModuleCompiler(new BuiltinCatalog(typeof(Runtime.Rt).Assembly)));

    private readonly object _gate = new();

    /// <summary>When the last load or reload started (<see cref="Environment.TickCount64"/>); unload verification waits for a pause.</summary>
    private long _lastActivity;

    private readonly List<VerificationBatch> _verifications = [];
    private bool _verifierRunning;
    private readonly CompileCache _cache;
    private readonly AuditLog? _audit;
    private bool _disposed;

    private PluginHost(string root, PluginHostOptions options)
    {
        Root = Path.GetFullPath(root);
        Options = options;
        _cache = new CompileCache(options.CacheDirectory ?? CompileCache.DefaultDirectory());
        _audit = options.AuditLogPath is { } audit ? new AuditLog(audit) : null;
        HostServices.Default ??= this;
        Runtime.Concurrency.SpawnFailed += OnSpawnFailed;
        if (options.StateFile is { } stateFile)
        {
            LoadState(stateFile);
        }
    }

    /// <summary>Every load, reload, rejection and unload, as it happens (also written to the audit log when one is set).</summary>
    public event EventHandler<HostEvent>? Events;

    /// <summary>The folder module paths are relative to.</summary>
    public string Root { get; }

    /// <summary>The host's settings.</summary>
    public PluginHostOptions Options { get; }

    /// <summary>The compiler every host in the process shares (one warm Roslyn environment).</summary>
    public static ModuleCompiler Compiler => SharedCompiler.Value;

    internal ModuleGraph Graph { get; } = new();

    internal CompileCache Cache => _cache;

    internal StateStore State { get; } = new();

    /// <summary>Which module version each of this host's load contexts holds (weak: never keeps a context alive).</summary>
    internal System.Runtime.CompilerServices.ConditionalWeakTable<System.Runtime.Loader.AssemblyLoadContext, Generation.Identity> Contexts { get; } = new();

    /// <summary>Reports a function value stored in a state cell: it keeps its module version alive.</summary>
    internal void FunctionStoredInState(Values.StateCell cell) =>
        Emit("state-warning", cell.Module, null, null, true, Options.TimeProvider.GetTimestamp(), null,
            $"state {cell.Name} now holds a function value; it keeps that module version loaded until the value is replaced");

    /// <summary>Creates a host over the modules in <paramref name="root"/>.</summary>
    public static PluginHost Create(string root, PluginHostOptions? options = null) => new(root, options ?? new PluginHostOptions());

    /// <summary>
    /// Loads <paramref name="file"/> and every module it imports (one context per module),
    /// runs their top-level forms and publishes their definitions.
    /// </summary>
    /// <exception cref="ModuleLoadException">A module could not be read or compiled; nothing was loaded.</exception>
    /// <exception cref="FluentAIException">A module's top-level forms failed; nothing was loaded.</exception>
    public ModuleHandle Load(string file)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Volatile.Write(ref _lastActivity, Environment.TickCount64);
        lock (_gate)
        {
            var path = FullPath(file);
            var existing = Graph.Find(path);
            if (existing?.Current is { } current)
            {
                return Handle(existing);
            }

            var started = Options.TimeProvider.GetTimestamp();
            var reached = Graph.Discover(path, File.ReadAllText);
            var fresh = reached.Where(n => n.Current is null).ToList();
            Outcome outcome;
            try
            {
                outcome = Instantiate(fresh);
                foreach (var warning in outcome.Warnings)
                {
                    Emit("state-warning", path, null, null, true, started, null, warning);
                }
            }
            catch (Exception e) when (e is ModuleLoadException or FluentAIException)
            {
                Emit("load", path, null, null, false, started, e.Message);
                throw;
            }

            foreach (var node in ModuleGraph.Units(fresh).SelectMany(u => u))
            {
                Emit("load", node.Path, null, node.Current!.Version, true, started, null);
            }

            foreach (var migration in outcome.Migrations)
            {
                Emit("migration", migration.Module, migration.From, migration.To, true, started, null, migration.ToString());
            }

            return Handle(Graph.Find(path)!) with { Migrations = [.. outcome.Migrations.Select(m => m.ToString())] };
        }
    }

    /// <summary>Calls the function <paramref name="name"/> defined by <paramref name="file"/> (loading it if needed).</summary>
    public object? Call(string file, string name, params object?[] args)
    {
        var slot = GetSlot(file, name);
        return slot.Target is null
            ? throw new FluentAIException(ErrorCodes.NotCallable, $"{name} in {file} is not a function")
            : Invoke(slot, args);
    }

    private static object? Invoke(Slot slot, object?[] args)
    {
        try
        {
            return slot.Apply(args);
        }
        catch (Exception e) when (e is not FluentAIException { Location: not null })
        {
            throw RuntimeErrors.Wrap(e);
        }
    }

    /// <summary>The stable slot of a top-level name of <paramref name="file"/>; it follows every reload.</summary>
    public Slot GetSlot(string file, string name)
    {
        var node = Graph.Find(FullPath(file));
        if (node?.Current is null)
        {
            Load(file);
            node = Graph.Find(FullPath(file))!;
        }

        var local = node.Manifest?.FindExport(name)?.LocalName ?? name;
        if (!node.Manifest!.Definitions.Any(d => d.Name == local))
        {
            throw new FluentAIException(ErrorCodes.NotExported, $"{Path.GetFileName(node.Path)} does not define '{name}'");
        }

        return node.Slot(local);
    }

    /// <summary>The running version of a loaded module, or 0.</summary>
    public long VersionOf(string file) => Graph.Find(FullPath(file))?.Current?.Version ?? 0;

    internal string FullPath(string file) => Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(Root, file));

    private static ModuleHandle Handle(ModuleNode node) =>
        new(node.Path, node.Manifest?.Name ?? Path.GetFileNameWithoutExtension(node.Path), node.Current!.Version, node.Current.Result);

    /// <summary>What one transaction did.</summary>
    internal sealed record Outcome(List<Generation> Replaced, List<StateMigration> Migrations, List<string> Warnings);

    /// <summary>
    /// Compiles (or takes from the cache) every node, then instantiates them in dependency order in
    /// one transaction; <paramref name="migrate"/> is a one-off migration of <paramref name="migrateModule"/>'s state;
    /// <paramref name="restore"/> puts state cells back to earlier versions and values (a rollback).
    /// </summary>
    private Outcome Instantiate(IReadOnlyCollection<ModuleNode> nodes, Values.Fn? migrate = null, ModuleNode? migrateModule = null, List<(StateCell Cell, long Version, object? Value)>? restore = null)
    {
        var missing = nodes.Where(n => n.Parsed is null).ToList();
        if (missing.Count > 0)
        {
            throw new ModuleLoadException($"module file not found: {missing[0].Path}");
        }

        var units = ModuleGraph.Units(nodes);
        var compiled = new Dictionary<ModuleNode, CompileResultOrImage>();
        var diagnostics = new List<Diagnostic>();
        foreach (var node in units.SelectMany(u => u))
        {
            var result = CompileNode(node);
            diagnostics.AddRange(result.Diagnostics);
            if (result.Image is not null)
            {
                compiled[node] = result.Image;
            }
        }

        if (diagnostics.Any(d => d.IsError))
        {
            throw new ModuleLoadException(diagnostics);
        }

        CheckSurfaces(compiled);
        var transaction = new Transaction(this);
        try
        {
            foreach (var (cell, version, value) in restore ?? [])
            {
                transaction.Staging.Set(cell, version, value);
            }

            foreach (var node in units.SelectMany(u => u))
            {
                transaction.Instantiate(node, compiled[node]);
            }

            if (migrate is not null && migrateModule is not null)
            {
                MigrateOnce(transaction, migrateModule, migrate);
            }
        }
        catch
        {
            transaction.Abort();
            throw;
        }

        return new Outcome(transaction.Commit(), transaction.Migrations, transaction.StateWarnings);
    }

    /// <summary>
    /// <c>(hot-reload "f.ai" :migrate fn)</c>: with one state cell, fn gets its value; with several, a
    /// map from cell name to value, and returns such a map.
    /// </summary>
    private void MigrateOnce(Transaction transaction, ModuleNode node, Values.Fn migrate)
    {
        var cells = State.OfModule(node.Path).ToList();
        if (cells.Count == 0)
        {
            throw new FluentAIException(ErrorCodes.MigrationFailed, $"{Path.GetFileName(node.Path)} has no define-stateful state to migrate");
        }

        foreach (var cell in cells)
        {
            transaction.Staging.Hold(cell);
        }

        object? result;
        try
        {
            result = cells.Count == 1
                ? migrate.Invoke(cells[0].Value)
                : migrate.Invoke(Values.FMap.From(cells.Select(c => new KeyValuePair<object?, object?>(Values.Keyword.Intern(c.Name), c.Value))));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var inner = RuntimeErrors.Wrap(e);
            throw new FluentAIException(ErrorCodes.MigrationFailed, "the :migrate function failed: " + inner.Message, inner.Location, inner);
        }

        foreach (var cell in cells)
        {
            var value = cells.Count == 1 ? result : (result as Values.FMap ?? throw new FluentAIException(ErrorCodes.MigrationFailed, "with several state cells, :migrate must return a map from cell name to value"))[Values.Keyword.Intern(cell.Name)];
            if (!StateStore.IsPlain(value, out var problem))
            {
                throw new FluentAIException(ErrorCodes.MigrationFailed, $"state {cell.Name}: :migrate gave {problem}; state holds only FluentAI data");
            }

            transaction.Staging.Set(cell, cell.Version, value);
            transaction.Migrations.Add(new StateMigration(node.Path, cell.Name, cell.Version, cell.Version, StateStore.Entries(value)));
        }
    }

    /// <summary>
    /// Checks every import of the new generations against the compiled surface of the module it
    /// names (read with Mono.Cecil, nothing loaded): a removed or arity-changed export that an
    /// importer still uses rejects the whole load before anything runs.
    /// </summary>
    private void CheckSurfaces(Dictionary<ModuleNode, CompileResultOrImage> compiled)
    {
        // Read only the images some module imports from (a lone module never loads Mono.Cecil).
        var surfaces = new Dictionary<ModuleNode, HashSet<string>>();
        bool TrySurface(ModuleNode target, out HashSet<string> surface)
        {
            if (!surfaces.TryGetValue(target, out surface!))
            {
                if (!compiled.TryGetValue(target, out var image))
                {
                    return false;
                }

                surfaces[target] = surface = SurfaceReader.Read(image.Image.DllPath);
            }

            return true;
        }

        var errors = new List<Diagnostic>();
        foreach (var (node, image) in compiled)
        {
            foreach (var import in image.Manifest.Imports)
            {
                if (Graph.Resolve(node.Path, import.Path) is not { Manifest: { } target } targetNode || !TrySurface(targetNode, out var surface))
                {
                    continue;
                }

                var used = import.Names is { } names ? names.Select(n => n.Name) : target.Exports.Select(e => e.Name);
                foreach (var name in used)
                {
                    var expected = target.FindExport(name)?.Signature;
                    if (expected is not null && !surface.Contains(expected))
                    {
                        errors.Add(new Diagnostic(DiagnosticSeverity.Error, ErrorCodes.ExportArityChanged, $"the compiled {Path.GetFileName(targetNode.Path)} does not provide '{expected}' that this import uses", import.Span));
                    }
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ModuleLoadException(errors);
        }
    }

    internal (CompileResultOrImage? Image, IReadOnlyList<Diagnostic> Diagnostics) CompileNode(ModuleNode node)
    {
        var parsed = node.Parsed!;
        var hash = ModuleCompiler.ComputeHash(parsed, Graph);
        if (!parsed.HasErrors && _cache.TryGet(hash) is { } cached)
        {
            return (new CompileResultOrImage(cached, parsed.Manifest, []), []);
        }

        var result = Compiler.Compile(parsed, Graph);
        if (!result.Success)
        {
            return (null, result.Diagnostics);
        }

        return (new CompileResultOrImage(_cache.Store(result), parsed.Manifest, result.Diagnostics), result.Diagnostics);
    }

    /// <summary>Unloads every module and verifies that their contexts are collected.</summary>
    public IReadOnlyList<UnloadReport> UnloadAll() => UnloadAll(verify: true);

    private IReadOnlyList<UnloadReport> UnloadAll(bool verify)
    {
        lock (_gate)
        {
            var generations = Graph.Nodes.Where(n => n.Current is not null).Select(n => n.Current!).ToList();
            foreach (var node in Graph.Nodes)
            {
                foreach (var (_, slot) in node.Slots)
                {
                    slot.Publish(null, slot.Version + 1);
                }

                node.Current = null;
            }

            if (!verify)
            {
                foreach (var g in generations)
                {
                    g.Release();
                }

                return [];
            }

            return ReleaseAndVerify(generations);
        }
    }

    /// <summary>Drops the host's references to replaced generations, then checks (on this thread) that they unload.</summary>
    internal List<UnloadReport> ReleaseAndVerify(List<Generation> generations)
    {
        var started = Options.TimeProvider.GetTimestamp();
        var reports = UnloadVerifier.Verify(Release(generations));
        EmitUnloadEvents(reports, started);
        return reports;
    }

    /// <summary>
    /// Drops the host's references to replaced generations now and verifies their unloading on a
    /// background worker, one per host: verifications queued by a burst of reloads are checked
    /// together once the reloads pause (or after <see cref="UnloadVerifier.MaxPostponement"/>), so
    /// the forced collections neither compete with a reload nor pile up.
    /// </summary>
    internal Task<IReadOnlyList<UnloadReport>> QueueVerification(List<Generation> generations)
    {
        var batch = new VerificationBatch(Release(generations), Options.TimeProvider.GetTimestamp());
        lock (_verifications)
        {
            _verifications.Add(batch);
            if (!_verifierRunning)
            {
                _verifierRunning = true;
                _ = Task.Run(RunVerifier);
            }
        }

        return batch.Done.Task;
    }

    private void RunVerifier()
    {
        while (true)
        {
            List<VerificationBatch> batches;
            lock (_verifications)
            {
                if (_verifications.Count == 0)
                {
                    _verifierRunning = false;
                    return;
                }

                batches = [.. _verifications];
                _verifications.Clear();
            }

            try
            {
                var reports = UnloadVerifier.Verify([.. batches.SelectMany(b => b.Targets)], () => Volatile.Read(ref _lastActivity));
                foreach (var batch in batches)
                {
                    var own = reports.Where(r => batch.Targets.Any(t => t.Module == r.Module && t.Version == r.Version)).ToList();
                    EmitUnloadEvents(own, batch.Started);
                    batch.Done.SetResult(own);
                }
            }
#pragma warning disable CA1031 // Handed to every waiting caller.
            catch (Exception e)
#pragma warning restore CA1031
            {
                batches.ForEach(b => b.Done.TrySetException(e));
            }
        }
    }

    /// <summary>Drops every strong reference the host holds to <paramref name="generations"/> (starting their unload); returns what to verify.</summary>
    private List<UnloadTarget> Release(List<Generation> generations)
    {
        var targets = generations.Select(g => new UnloadTarget(g.Node.Path, g.Version, g.Context, () => FindHolder(g.Context))).ToList();
        foreach (var g in generations)
        {
            g.Release();
        }

        generations.Clear();
        return targets;
    }

    private void EmitUnloadEvents(List<UnloadReport> reports, long started)
    {
        foreach (var r in reports)
        {
            Emit(new HostEvent(Options.TimeProvider.GetUtcNow(), r.Unloaded ? "unload" : "unload-failed", r.Module, r.Version, null, r.Unloaded, Options.TimeProvider.GetElapsedTime(started).TotalMilliseconds, r.Unloaded ? null : r.Holder)
            {
                Detail = $"{r.GcPasses} GC passes",
            });
        }
    }

    /// <summary>Replaced contexts waiting for the verifier, and who waits for the result.</summary>
    private sealed record VerificationBatch(List<UnloadTarget> Targets, long Started)
    {
        public TaskCompletionSource<IReadOnlyList<UnloadReport>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>What still refers to a context that did not unload, as far as the host can see.</summary>
    private string? FindHolder(WeakReference context)
    {
        if (context.Target is not System.Runtime.Loader.AssemblyLoadContext alc)
        {
            return null;
        }

        if (Runtime.TaskTracker.Running(alc) is > 0 and var running)
        {
            return $"{running} task{(running == 1 ? "" : "s")} it started (async/spawn) still running";
        }

        lock (_gate)
        {
            foreach (var cell in State.Cells)
            {
                if (Values.StateCell.ContainsFunction(cell.Value) && HoldsFrom(cell.Value, alc))
                {
                    return $"state {cell.Name} of {Path.GetFileName(cell.Module)} holds a function of that version";
                }
            }

            foreach (var node in Graph.Nodes)
            {
                foreach (var (name, slot) in node.Slots)
                {
                    if (slot.Value is { } value && HoldsFrom(value, alc))
                    {
                        return $"slot '{name}' of {Path.GetFileName(node.Path)} holds a function of that version";
                    }
                }
            }
        }

        return "a reference held outside the host: a function value or object of that version kept by the application, a call still running, or a task";
    }

    private static bool HoldsFrom(object? value, System.Runtime.Loader.AssemblyLoadContext alc) => value switch
    {
        Values.Fn fn => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(fn.GetType().Assembly) == alc
            || fn.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic).Any(f => f.GetValue(fn) switch
            {
                // A closure's delegate, or a compiled function's owner type.
                Delegate d => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(d.Method.DeclaringType!.Assembly) == alc,
                Type t => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(t.Assembly) == alc,
                _ => false,
            }),
        Values.FList list => list.Any(v => HoldsFrom(v, alc)),
        Values.FMap map => map.Any(kv => HoldsFrom(kv.Key, alc) || HoldsFrom(kv.Value, alc)),
        _ => false,
    };

    /// <summary>A task spawned by one of this host's modules failed: a <c>task-failed</c> event naming the module, version and error.</summary>
    private void OnSpawnFailed(System.Runtime.Loader.AssemblyLoadContext? owner, Exception error)
    {
        if (owner is not null && Contexts.TryGetValue(owner, out var module))
        {
            // A copy without the thrown exception: its stack trace would keep the module's context loaded.
            var located = RuntimeErrors.Wrap(error);
            var detached = new FluentAIException(located.Code, located.Message, located.Location);
            Emit(new HostEvent(Options.TimeProvider.GetUtcNow(), "task-failed", module.Path, module.Version, null, false, 0, detached.Render()) { Exception = detached });
        }
    }

    internal void Emit(string kind, string module, long? from, long? to, bool ok, long startedTimestamp, string? error, string? detail = null) =>
        Emit(new HostEvent(Options.TimeProvider.GetUtcNow(), kind, module, from, to, ok, Options.TimeProvider.GetElapsedTime(startedTimestamp).TotalMilliseconds, error) { Detail = detail });

    private void Emit(HostEvent e)
    {
        _audit?.Write(e);
        Events?.Invoke(this, e);
    }

    /// <summary>Unloads every module (without waiting to verify it: call <see cref="UnloadAll()"/> for that).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        ActiveDevMode?.Dispose();
        Runtime.Concurrency.SpawnFailed -= OnSpawnFailed;
        if (Options.StateFile is { } stateFile)
        {
            SaveState(stateFile);
        }

        UnloadAll(verify: false);
        _audit?.Dispose();
        if (HostServices.Default == this)
        {
            HostServices.Default = null;
        }

        _disposed = true;
    }
}
