using FluentAI.Plugins.Compiler;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>
/// Instantiates a set of modules into new contexts without making anything visible, then either
/// publishes every new generation in one step (<see cref="Commit"/>) or discards them all
/// (<see cref="Abort"/>), leaving the running versions and their slots untouched.
/// </summary>
internal sealed class Transaction(PluginHost host, bool publishImmediately = false)
{
    private readonly HashSet<Values.StateCell> _cellsBefore = [.. host.State.Cells];
    private readonly Dictionary<ModuleNode, Generation> _staged = [];
    private readonly List<Link> _links = [];
    private readonly Dictionary<(ModuleNode, string), List<Link>> _pending = [];

    public PluginHost Host { get; } = host;

    /// <summary>
    /// The state this transaction changes (migrations, <c>:migrate</c>, rollback, writes by the new
    /// code's top-level forms): seen only by the transaction until it commits. Commit and Abort close it.
    /// </summary>
    public Values.StateStaging Staging { get; } = new();

    /// <summary>The tasks the new versions' top-level forms start: stopped if the transaction aborts. Commit and Abort close it.</summary>
    private Runtime.TaskGroup Tasks { get; } = new();

    /// <summary>Migration steps run in this transaction, in order.</summary>
    public List<StateMigration> Migrations { get; } = [];

    /// <summary>Warnings about state found while linking (kept version with a changed shape).</summary>
    public List<string> StateWarnings { get; } = [];

    public IReadOnlyCollection<Generation> Generations => _staged.Values;

    public Generation Instantiate(ModuleNode node, CompileResultOrImage compiled)
    {
        var (context, assembly, run) = ContextFactory.Load(compiled.Image);
        var generation = new Generation(node, node.NextVersion++, compiled.Image.Hash, context, assembly, run);
        Host.Contexts.AddOrUpdate(context, new Generation.Identity(node.Path, generation.Version));
        Hosting.HostServices.Register(context, Host);
        _staged[node] = generation;
        var env = new ModuleEnvironment(this, generation, publishImmediately);
        try
        {
            generation.Result = RunOnLargeStack(() => run(env));
        }
        catch (Exception e)
        {
            throw RuntimeErrors.Wrap(e);
        }

        return generation;
    }

    /// <summary>Top-level code runs on a thread with a large stack so deep (non-tail) recursion fails cleanly.</summary>
    internal static object? RunOnLargeStack(Func<object?> body) => Hosting.LargeStack.Run(body);

    public Link LinkTo(ModuleNode target, string localName)
    {
        var link = new Link(target.Slot(localName));
        if (_staged.TryGetValue(target, out var generation))
        {
            if (generation.Defined.TryGetValue(localName, out var value))
            {
                link.Stage(value);
            }
            else
            {
                // Not defined yet: an import cycle, or a reloadable used before its definition.
                if (!_pending.TryGetValue((target, localName), out var list))
                {
                    _pending[(target, localName)] = list = [];
                }

                list.Add(link);
            }
        }

        _links.Add(link);
        return link;
    }

    public void Defined(ModuleNode node, string name, object? value)
    {
        if (_pending.Remove((node, name), out var links))
        {
            foreach (var link in links)
            {
                link.Stage(value);
            }
        }
    }

    /// <summary>Publishes every new generation's definitions to the stable slots and makes them current; returns the replaced generations.</summary>
    public List<Generation> Commit()
    {
        var replaced = new List<Generation>();
        Staging.Publish();
        Tasks.Dispose();
        foreach (var (node, generation) in _staged)
        {
            foreach (var (name, value) in generation.Defined)
            {
                node.Slot(name).Publish(value, generation.Version);
            }

            if (!publishImmediately)
            {
                // A name the new version no longer defines must not keep the old version's value (and context) alive.
                foreach (var (name, slot) in node.Slots)
                {
                    if (!generation.Defined.ContainsKey(name) && slot.Value is not null)
                    {
                        slot.Publish(null, generation.Version);
                    }
                }
            }
        }

        foreach (var link in _links)
        {
            link.Commit();
        }

        foreach (var (node, generation) in _staged)
        {
            if (node.Current is { } old)
            {
                replaced.Add(old);
            }

            node.Current = generation;
        }

        _staged.Clear();
        return replaced;
    }

    /// <summary>Discards every generation made in this transaction; running versions and every state cell stay as they were.</summary>
    public void Abort()
    {
        Staging.Dispose();
        Tasks.Cancel();
        Host.State.RemoveExcept(_cellsBefore);
        foreach (var generation in _staged.Values)
        {
            generation.Node.NextVersion = Math.Min(generation.Node.NextVersion, generation.Version);
            generation.Release();
        }

        foreach (var link in _links)
        {
            link.Commit();
        }

        _staged.Clear();
    }
}

/// <summary>One step of a state migration: <c>Migrated user-cache from v1 to v2 (1523 entries)</c>.</summary>
internal sealed record StateMigration(string Module, string Cell, long From, long To, int Entries)
{
    public override string ToString() => $"Migrated {Cell} from v{From} to v{To} ({Entries} entries)";
}

/// <summary>A module ready to instantiate: its cached image and manifest.</summary>
internal sealed record CompileResultOrImage(CachedImage Image, ModuleManifest Manifest, IReadOnlyList<Diagnostic> Warnings);
