using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Hosting;
using FluentAI.Plugins.Loader.Building;
using FluentAI.Plugins.Loader.DevMode;
using FluentAI.Plugins.Loader.Events;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.Metrics;
using FluentAI.Plugins.Loader.Reloading;
using FluentAI.Plugins.Loader.State;
using FluentAI.Plugins.Loader.Unloading;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

/// <summary>
/// Hosts FluentAI modules from a folder: each module compiled through Roslyn into its own
/// collectible load context, reached through stable slots; reloads re-instantiate a module and
/// every module that imports it, atomically, and verify that replaced contexts unload.
/// </summary>
/// <remarks>
/// Failures: a method that loads or changes modules (<see cref="Load"/>, <see cref="Reload(string)"/>,
/// <see cref="Rollback"/>, and <see cref="GetSlot"/>, <see cref="Call(string, string, object?[])"/>, <see cref="As{TInterface}"/>
/// when they load) either does all of it or throws <see cref="ModuleLoadException"/> and changes
/// nothing. Code called through a slot, a proxy or <see cref="Call(string, string, object?[])"/> that fails throws
/// <see cref="FluentAIException"/> with its <c>.ai</c> location. Misuse throws the usual
/// <see cref="ArgumentException"/>, <see cref="InvalidOperationException"/> or <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed partial class PluginHost : IDisposable
{
    private static readonly Lazy<ModuleCompiler> SharedCompiler = new(() => new ModuleCompiler(new BuiltinCatalog(typeof(Runtime.Rt).Assembly)));

    private readonly object _gate = new();

    /// <summary>True on the flow of a load, reload or rollback of this host while it runs (tasks its forms start see it turn false).</summary>
    private readonly AsyncLocal<System.Runtime.CompilerServices.StrongBox<bool>?> _linking = new();
    private readonly ModuleGraph _graph;
    private readonly StateStore _state = new();
    private readonly HostHolds _holds = new();
    private readonly PreservedNames _preserved = new();
    private readonly ContextOwners _contexts;
    private readonly EventLog _events;
    private readonly ModuleBuilder _builder;
    private readonly Retirement _retirement;
    private readonly UnloadQueue _unloads;
    private readonly LinkServices _linkServices;
    private readonly ReloadPipeline _pipeline;
    private readonly StatePersistence _persistence;
    private readonly HostMeter _meter;
    private readonly StateFileWriter? _stateWriter;
    private bool _disposed;

    /// <summary>The longest <see cref="Dispose"/> waits for unload verifications still running: long enough for every bounded check to end.</summary>
    private static readonly TimeSpan DisposeDrainLimit = UnloadVerifier.MaxPostponement + TimeSpan.FromSeconds(3);

    private PluginHost(string root, PluginHostOptions options)
    {
        Root = Path.GetFullPath(root);
        Options = options;

        // The state file is read and checked before anything else is set up: a bad one fails the creation with nothing started.
        var stateFile = options.StateFile is { } file ? Path.GetFullPath(file) : null;
        var restored = stateFile is null ? null : ReadStateFile(stateFile);
        _graph = new ModuleGraph(new ModuleRoots(Root, options.AllowedRoots));
        _events = new EventLog(this, options.TimeProvider, options.AuditLogPath, options.LoggerFactory);
        _meter = HostMeter.Create(options, ModuleName);
        _graph.Meter = _meter;
        _contexts = new ContextOwners(this);
        _builder = new ModuleBuilder(Compiler, new CompileCache(options.CacheDirectory ?? CompileCache.DefaultDirectory()), _graph, _holds);
        _retirement = new Retirement(_gate, _events, options);
        _unloads = new UnloadQueue(_events, new HolderSearch(_gate, _graph, _state), _retirement);
        _linkServices = new LinkServices(_graph, _state, _contexts, _preserved, FunctionStoredInState, _retirement);
        _pipeline = new ReloadPipeline(_graph, _builder, _linkServices, _events, _unloads, new RolloutServices(_gate, _graph, _linkServices, _events, _unloads, _meter), () => Options.LoadBudget);
        _meter.ObserveWeights = ObserveWeights;
        _meter.ObserveLoaded = ObserveLoaded;
        _persistence = new StatePersistence(_state, Root, FunctionStoredInState);
        HostServices.OfferDefault(this);
        Runtime.Concurrency.SpawnFailed += OnSpawnFailed;
        Runtime.Actors.ActorFailed += OnActorFailed;
        if (stateFile is not null)
        {
            _persistence.Apply(restored!);

            // What was just read is what the file holds.
            _state.Changes.Take();
            _stateWriter = new StateFileWriter(stateFile, options.StateFlushInterval, _gate, _persistence, _state.Changes, _events);
            _retirement.Released = _stateWriter.FlushCommitted;
        }
    }

    /// <summary>Every load, reload, rejection and unload, as it happens (also written to the audit log and the logger when set).</summary>
    public event EventHandler<HostEvent>? Events
    {
        add => _events.Raised += value;
        remove => _events.Raised -= value;
    }

    /// <summary>The folder module paths are relative to.</summary>
    public string Root { get; }

    /// <summary>The host's settings.</summary>
    public PluginHostOptions Options { get; }

    /// <summary>The compiler every host in the process shares (one warm Roslyn environment).</summary>
    public static ModuleCompiler Compiler => SharedCompiler.Value;

    internal ModuleGraph Graph => _graph;

    internal CompileCache Cache => _builder.Cache;

    internal ModuleBuilder Builder => _builder;

    internal UnloadQueue Unloads => _unloads;

    internal LinkServices LinkServices => _linkServices;

    /// <summary>Creates a host over the modules in <paramref name="root"/>.</summary>
    public static PluginHost Create(string root, PluginHostOptions? options = null) => new(root, options ?? new PluginHostOptions());

    /// <summary>
    /// Loads <paramref name="file"/> and every module it imports (one context per module),
    /// runs their top-level forms and publishes their definitions. Loading a loaded module returns it.
    /// </summary>
    /// <exception cref="ModuleLoadException">A module could not be read, compiled or linked, or its top-level forms failed; nothing was loaded.</exception>
    public ModuleHandle Load(string file)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _retirement.Exclusive(() => Linking(() => _pipeline.Load(FullPath(file))));
    }

    /// <summary>Runs <paramref name="step"/> with this flow marked as linking (module code it runs cannot re-enter the host).</summary>
    private T Linking<T>(Func<T> step)
    {
        var outer = _linking.Value;
        var linking = new System.Runtime.CompilerServices.StrongBox<bool>(true);
        _linking.Value = linking;
        try
        {
            return step();
        }
        finally
        {
            linking.Value = false;
            _linking.Value = outer;
        }
    }

    /// <summary>Calls the function <paramref name="name"/> defined by <paramref name="file"/> (loading it if needed); arguments are converted as <see cref="HostValues"/> says.</summary>
    /// <exception cref="FluentAIException">The name is not a function, or the call failed (with the <c>.ai</c> location; an exception a host function threw is wrapped as FAI3001).</exception>
    public object? Call(string file, string name, params object?[] args)
    {
        var slot = Resolve(file, name, out _);
        if (slot.Target is null)
        {
            throw new FluentAIException(ErrorCodes.NotCallable, Messages.NotAFunction(name, file));
        }

        try
        {
            return slot.Apply(args);
        }
        catch (Exception e) when (e is not (FluentAIException or OutOfMemoryException))
        {
            // An exception of a host function the module called: as FAI3001, located in the module.
            throw FluentAIException.Locate(e);
        }
    }

    /// <summary>
    /// Calls <paramref name="name"/> as <see cref="Call(string, string, object?[])"/> does, interrupted where it
    /// runs (a loop that never returns, a wait that never ends) once <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <exception cref="OperationCanceledException">The token was cancelled before or during the call (its inner exception says where the code stopped).</exception>
    /// <exception cref="FluentAIException">The name is not a function, or the call failed.</exception>
    public object? Call(string file, string name, CancellationToken cancellationToken, params object?[] args)
    {
        using (Proxies.ProxyConvert.Interruptible(cancellationToken))
        {
            try
            {
                return Call(file, name, args);
            }
            catch (FluentAIException e) when (Proxies.ProxyConvert.StoppedBy(e, cancellationToken))
            {
                throw Proxies.ProxyConvert.Cancelled(e, name, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The stable slot of a top-level name of <paramref name="file"/> (loaded if needed); it follows every
    /// reload. The host holds it from now on as an importer: a reload that removes the name, or changes
    /// the arity of the function, is rejected until the slot is given back with <see cref="Release"/>.
    /// </summary>
    /// <exception cref="FluentAIException">The module does not define the name.</exception>
    public Slot GetSlot(string file, string name)
    {
        var slot = Resolve(file, name, out var node);
        var def = node.Manifest!.Definitions.First(d => d.Name == slot.Name);
        _holds.AddSlot(node, slot, new HostHolds.Use(slot.Name, name, def.IsFunction && !def.IsVariadic ? def.Arity : null, def.IsFunction));
        return slot;
    }

    /// <summary>The slot of <paramref name="name"/> in a loaded module, or null when the module is not loaded or does not define it; held as <see cref="GetSlot"/> holds it.</summary>
    public Slot? GetSlotOrNull(string file, string name)
    {
        var node = _graph.Find(FullPath(file));
        return node is { Current: not null } && node.Manifest!.Definitions.Any(d => d.Name == (node.Manifest.FindExport(name)?.LocalName ?? name)) ? GetSlot(file, name) : null;
    }

    /// <summary>Gives back a slot from <see cref="GetSlot"/> or a proxy from <see cref="As{TInterface}"/>: reloads no longer keep what it uses. False when the host held nothing of it.</summary>
    public bool Release(object slotOrProxy)
    {
        ArgumentNullException.ThrowIfNull(slotOrProxy);
        return _holds.Release(slotOrProxy);
    }

    /// <summary>The running version of a loaded module, or 0.</summary>
    public long VersionOf(string file) => _graph.Find(FullPath(file))?.Current?.Version ?? 0;

    internal string FullPath(string file) => Path.GetFullPath(Path.IsPathRooted(file) ? file : Path.Combine(Root, file));

    private Slot Resolve(string file, string name, out ModuleNode node)
    {
        Load(file);
        node = _graph.Find(FullPath(file))!;
        var local = node.Manifest?.FindExport(name)?.LocalName ?? name;
        return node.Manifest!.Definitions.Any(d => d.Name == local)
            ? node.Slot(local)
            : throw new FluentAIException(ErrorCodes.NotExported, Messages.DoesNotDefine(node.FileName, name));
    }

    /// <summary>Reports a function value stored in a state cell: it keeps its module version alive.</summary>
    private void FunctionStoredInState(StateCell cell) =>
        _events.Emit(HostEvent.StateWarned(_events.Now, cell.Module, Messages.FunctionInState(cell.Name)));

    /// <summary>A task spawned by one of this host's modules failed: a <c>task-failed</c> event naming the module, version and error.</summary>
    private void OnSpawnFailed(System.Runtime.Loader.AssemblyLoadContext? owner, Exception error) => TaskFailed(owner, error, null);

    /// <summary>An actor of one of this host's modules failed (and stopped): a <c>task-failed</c> event whose detail names the actor.</summary>
    private void OnActorFailed(System.Runtime.Loader.AssemblyLoadContext? owner, Runtime.FActor actor, Exception error) =>
        TaskFailed(owner, error, Messages.ActorFailed(actor.Number));

    private void TaskFailed(System.Runtime.Loader.AssemblyLoadContext? owner, Exception error, string? detail)
    {
        if (owner is not null && _contexts.TryGet(owner, out var module))
        {
            // A copy without the thrown exception: its stack trace would keep the module's context loaded.
            var located = FluentAIException.Locate(error);
            _events.Emit(HostEvent.TaskFailed(_events.Now, module.Path, module.Version, new FluentAIException(located.Code, located.Message, located.Location), detail));
        }
    }

    /// <summary>Unloads every module (after running their <c>on-retire</c> hooks) and verifies that their contexts are collected.</summary>
    public IReadOnlyList<UnloadReport> UnloadAll() => UnloadAll(verify: true);

    private List<UnloadReport> UnloadAll(bool verify)
    {
        List<Generation> generations;
        lock (_gate)
        {
            generations = [.. _graph.Nodes.Where(n => n.Current is not null).Select(n => n.Current!)];

            // A rollout that will not be decided now: its other side goes too.
            foreach (var rollout in _pipeline.Running.ToList())
            {
                generations.AddRange(rollout.Abandon());
            }

            // The on-retire hooks run while everything is still in place: they may call their imports and host functions.
            _retirement.RunHooks(generations);
            foreach (var node in _graph.Nodes)
            {
                // Host functions are not module code: they stay registered for the modules loaded next.
                if (node.Path == HostModule)
                {
                    continue;
                }

                foreach (var writer in node.Slots)
                {
                    writer.Slot.Route(null);
                    writer.Publish(null, writer.Slot.Version + 1);
                }

                node.Current = null;
            }
        }

        // Detached from the graph under the lock; released and verified outside it.
        if (verify)
        {
            return _unloads.ReleaseAndVerify(generations);
        }

        _unloads.Release(generations);
        return [];
    }

    /// <summary>
    /// Unloads every module, after running their <c>on-retire</c> hooks (without waiting to verify the
    /// unload: call <see cref="UnloadAll()"/> for that), and saves state to
    /// <see cref="PluginHostOptions.StateFile"/> a last time (before the hooks run; a failure is a
    /// <c>state-save-failed</c> event, not an exception). With an audit log, first waits (a
    /// few seconds at most) for the unload verifications of earlier reloads, so the log has their lines.
    /// </summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        ActiveDevMode?.Dispose();
        Runtime.Concurrency.SpawnFailed -= OnSpawnFailed;
        Runtime.Actors.ActorFailed -= OnActorFailed;
        _stateWriter?.Dispose();
        UnloadAll(verify: false);

        // Verifications still running write their audit lines before the log closes.
        if (Options.AuditLogPath is not null)
        {
            _unloads.Drain(DisposeDrainLimit);
        }

        _events.Dispose();
        _meter.Dispose();
        HostServices.WithdrawDefault(this);

        _disposed = true;
    }
}
