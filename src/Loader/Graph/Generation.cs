namespace FluentAI.Plugins.Loader.Graph;

/// <summary>One loaded version of a module: its collectible context and what its top-level forms defined.</summary>
internal sealed class Generation
{
    private System.Runtime.Loader.AssemblyLoadContext? _context;

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

    /// <summary>Top-level definitions in the order they were made.</summary>
    public Dictionary<string, object?> Defined { get; } = new(StringComparer.Ordinal);

    public object? Result { get; set; }

    /// <summary>
    /// Down-migrations by cell name (<c>:migrate-to</c>, SPEC §6.2): for each target version lower than
    /// the cell's, the function that carries a value of this version back to it. Read by a rollback.
    /// </summary>
    public Dictionary<string, IReadOnlyDictionary<long, Values.Fn>> DownMigrations { get; } = new(StringComparer.Ordinal);

    /// <summary>Drops every strong reference the host holds and starts the context's unload.</summary>
    public void Release()
    {
        Run = null;
        Defined.Clear();
        DownMigrations.Clear();
        Result = null;
        _context?.Unload();
        _context = null;
    }
}
