using FluentAI.Plugins.Loader.Building;
using FluentAI.Plugins.Loader.DevMode;
using FluentAI.Plugins.Loader.Graph;
using FluentAI.Plugins.Loader.State;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>What a transaction links new generations against: the graph, the state, who owns the contexts, what dev mode preserves, who retires discarded versions.</summary>
internal sealed record LinkServices(ModuleGraph Graph, StateStore State, ContextOwners Contexts, PreservedNames Preserved, Action<StateCell> FunctionStored, Unloading.Retirement Retirement);

/// <summary>
/// Instantiates a set of modules into new contexts without making anything visible, then either
/// publishes every new generation in one step (<see cref="Swap"/>) or discards them all
/// (<see cref="Abort"/>), leaving the running versions, their slots and their state untouched.
/// </summary>
internal sealed class Transaction
{
    private readonly Dictionary<ModuleNode, Generation> _staged = [];
    private readonly Dictionary<(ModuleNode, string), List<Link>> _pending = [];
    private readonly bool _publishImmediately;

    /// <param name="services">What new generations link against.</param>
    /// <param name="publishImmediately">REPL input: every definition is visible as soon as it is made.</param>
    public Transaction(LinkServices services, bool publishImmediately = false)
    {
        Services = services;
        _publishImmediately = publishImmediately;
        State = new StateMigrator(services.State, Staging, services.FunctionStored);
    }

    public LinkServices Services { get; }

    /// <summary>
    /// The state this transaction changes (migrations, <c>:migrate</c>, rollback, writes by the new
    /// code's top-level forms): seen only by the transaction until it swaps. Swap and Abort close it.
    /// </summary>
    public StateStaging Staging { get; } = new();

    /// <summary>Declares and migrates state cells into <see cref="Staging"/>.</summary>
    public StateMigrator State { get; }

    /// <summary>The links of the new generations: staged to each other until the swap.</summary>
    private LinkStaging Links { get; } = new();

    /// <summary>The tasks the new versions' top-level forms start: stopped if the transaction aborts. Swap and Abort close it.</summary>
    private Runtime.TaskGroup Tasks { get; } = new();

    /// <summary>Loads <paramref name="built"/> into a new context and runs its top-level forms, linked to this transaction.</summary>
    public Generation Instantiate(ModuleNode node, BuiltModule built)
    {
        var (context, _, run) = ContextFactory.Load(built.Image);
        var generation = new Generation(node, node.NextVersion++, built.Image.Hash, context, run);
        Services.Contexts.Add(context, generation);
        _staged[node] = generation;
        var env = new ModuleEnvironment(this, generation);
        try
        {
            generation.Result = Hosting.LargeStack.Run(() => run(env));
        }
        catch (Exception e)
        {
            throw FluentAIException.Locate(e);
        }

        return generation;
    }

    /// <summary>The link from <paramref name="owner"/> to <paramref name="localName"/> of <paramref name="target"/> (its own slot when <paramref name="own"/>).</summary>
    public Link LinkTo(Generation owner, ModuleNode target, string localName, bool own = false)
    {
        var link = Links.Create(target.Slot(localName), own);
        owner.Links.Add(new Generation.LinkUse(link, target, localName));
        if (_staged.TryGetValue(target, out var generation))
        {
            if (generation.Defined.TryGetValue(localName, out var value))
            {
                Links.Stage(link, value);
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

        return link;
    }

    public void Defined(ModuleNode node, string name, object? value)
    {
        if (_publishImmediately)
        {
            node.Writer(name).Publish(value, _staged[node].Version);
        }

        if (_pending.Remove((node, name), out var links))
        {
            foreach (var link in links)
            {
                Links.Stage(link, value);
            }
        }
    }

    /// <summary>
    /// The swap: publishes the staged state, every new generation's definitions to the stable slots and
    /// every link to its slot, and makes the new generations current, in one step under the host's
    /// lock. Returns the replaced generations (still loaded: the caller releases them).
    /// </summary>
    /// <param name="route">For a safe reload: the measuring function each new function is published behind, so its first call is measured.</param>
    public List<Generation> Swap(Func<Generation, Fn, Fn>? route = null)
    {
        var replaced = new List<Generation>();
        Publish();
        foreach (var (node, generation) in _staged)
        {
            foreach (var (name, value) in generation.Defined)
            {
                var writer = node.Writer(name);
                if (route is not null && value is Fn fn)
                {
                    writer.Slot.Route(route(generation, fn));
                }

                writer.Publish(value, generation.Version);
            }

            if (!_publishImmediately)
            {
                // A name the new version no longer defines must not keep the old version's value (and context) alive.
                foreach (var writer in node.Slots)
                {
                    if (!generation.Defined.ContainsKey(writer.Slot.Name) && writer.Slot.Value is not null)
                    {
                        writer.Publish(null, generation.Version);
                    }
                }
            }
        }

        Links.Commit();
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

    /// <summary>The new generations, linked and not published (a canary serves them beside the running ones).</summary>
    public IReadOnlyDictionary<ModuleNode, Generation> Staged => _staged;

    /// <summary>
    /// A canary's start: the staged state is published and the new generations' tasks keep running, but
    /// nothing is published to the slots and every link of the new generations stays bound to its own
    /// side until <see cref="CommitLinks"/> (promotion) or the generations are released (abort).
    /// </summary>
    public void Publish()
    {
        Staging.Publish();
        Tasks.Dispose();
    }

    /// <summary>Every link of the new generations forwards to its public slot from now on.</summary>
    public void CommitLinks() => Links.Commit();

    /// <summary>
    /// Discards every generation made in this transaction; running versions and every state cell stay as
    /// they were. The discarded versions never went live, but their top-level forms may have started
    /// things: their <c>on-retire</c> hooks run (after their tasks were told to stop and their staged state dropped).
    /// </summary>
    public void Abort()
    {
        Staging.Dispose();
        Tasks.Cancel();
        State.Abort();
        var discarded = _staged.Values.ToList();
        foreach (var generation in discarded)
        {
            generation.Node.NextVersion = Math.Min(generation.Node.NextVersion, generation.Version);
        }

        Links.Commit();
        _staged.Clear();
        Services.Retirement.Retire(discarded);
    }
}
