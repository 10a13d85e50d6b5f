namespace FluentAI.Plugins.Loader.Graph;

/// <summary>One loaded version of a module: its collectible context and what its top-level forms defined.</summary>
internal sealed class Generation
{
    private readonly Lock _hooksGate = new();

    private System.Runtime.Loader.AssemblyLoadContext? _context;

    /// <summary>The <c>on-retire</c> hooks, in registration order; null once the version is retired.</summary>
    private List<Values.Fn>? _retireHooks = [];

    public Generation(ModuleNode node, long version, string hash, System.Runtime.Loader.AssemblyLoadContext context, Func<Hosting.IModuleEnvironment, object?> run)
    {
        Node = node;
        Version = version;
        Hash = hash;
        _context = context;
        Run = run;
        Context = new WeakReference(context);
    }

    public ModuleNode Node { get; }

    /// <summary>Which module and version a load context holds.</summary>
    public sealed record Identity(string Path, long Version);

    public long Version { get; }

    public string Hash { get; }

    public Func<Hosting.IModuleEnvironment, object?>? Run { get; private set; }

    /// <summary>A weak reference to the load context, to verify that it unloads.</summary>
    public WeakReference Context { get; }

    /// <summary>One link this generation's code calls through: to <see cref="Name"/> of <see cref="Target"/>.</summary>
    public sealed record LinkUse(Link Link, ModuleNode Target, string Name);

    /// <summary>Every link this generation's code holds (a canary binds each to its own side of the unit).</summary>
    public List<LinkUse> Links { get; } = [];

    /// <summary>Top-level definitions in the order they were made.</summary>
    public Dictionary<string, object?> Defined { get; } = new(StringComparer.Ordinal);

    public object? Result { get; set; }

    /// <summary>
    /// Down-migrations by cell name (<c>:migrate-to</c>, SPEC §6.2): for each target version lower than
    /// the cell's, the function that carries a value of this version back to it. Read by a rollback.
    /// </summary>
    public Dictionary<string, IReadOnlyDictionary<long, Values.Fn>> DownMigrations { get; } = new(StringComparer.Ordinal);

    /// <summary>True when the version has <c>on-retire</c> hooks waiting.</summary>
    public bool HasRetireHooks
    {
        get
        {
            lock (_hooksGate)
            {
                return _retireHooks is { Count: > 0 };
            }
        }
    }

    /// <summary>Adds an <c>on-retire</c> hook (code of this version may register one at any time); false when the version is already retired.</summary>
    public bool AddRetireHook(Values.Fn hook)
    {
        lock (_hooksGate)
        {
            _retireHooks?.Add(hook);
            return _retireHooks is not null;
        }
    }

    /// <summary>Takes over the hooks of <paramref name="replaced"/> (a REPL input: the session's inputs retire together, when the host unloads).</summary>
    public void AdoptRetireHooks(Generation replaced)
    {
        foreach (var hook in replaced.TakeRetireHooks())
        {
            AddRetireHook(hook);
        }
    }

    /// <summary>Marks the version retired and hands over its hooks, in registration order, so they run once and nothing here keeps them.</summary>
    public List<Values.Fn> TakeRetireHooks()
    {
        lock (_hooksGate)
        {
            var hooks = _retireHooks ?? [];
            _retireHooks = null;
            return hooks;
        }
    }

    /// <summary>Drops every strong reference the host holds and starts the context's unload.</summary>
    public void Release()
    {
        Run = null;
        Defined.Clear();
        Links.Clear();
        DownMigrations.Clear();
        TakeRetireHooks();
        Result = null;
        _context?.Unload();
        _context = null;
    }
}
