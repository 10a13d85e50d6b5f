namespace FluentAI.Plugins.Values;

/// <summary>
/// The state changes of one reload, kept apart until the reload commits. While it is open, the
/// reload's own code (the thread that created it and everything that flows from it: top-level
/// forms, migrations, tasks they start) reads and writes staged values; everyone else keeps reading
/// the committed values, and a write from elsewhere to a cell the reload holds waits until the
/// reload publishes or discards. So a migration never loses a write made by the running version,
/// and an aborted reload gives back exactly the state it found, with every write made meanwhile.
/// </summary>
public sealed class StateStaging : IDisposable
{
    /// <summary>How long a write from outside waits, by default, for a reload that holds the cell.</summary>
    public static readonly TimeSpan DefaultWriteWait = TimeSpan.FromSeconds(10);

    private static readonly AsyncLocal<StateStaging?> Ambient = new();

    private readonly StateStaging? _outer;
    private readonly List<StateCell> _held = [];
    private readonly ManualResetEventSlim _done = new(false);
    private readonly TimeSpan _writeWait;
    private volatile bool _ended;

    /// <summary>
    /// Opens a staging for the calling flow (nested inside the one already open, if any); a write from
    /// outside to a held cell waits at most <paramref name="writeWait"/> (default <see cref="DefaultWriteWait"/>)
    /// and then fails, so top-level code that waits for such a write cannot hang a reload forever.
    /// </summary>
    public StateStaging(TimeSpan? writeWait = null)
    {
        _writeWait = writeWait ?? DefaultWriteWait;
        _outer = Ambient.Value;
        Ambient.Value = this;
    }

    /// <summary>The staging open in the calling flow, if any.</summary>
    internal static StateStaging? Current => Ambient.Value is { _ended: false } staging ? staging : null;

    /// <summary>True when the calling flow runs inside this staging (or one nested in it).</summary>
    internal bool IsCurrent
    {
        get
        {
            for (var s = Ambient.Value; s is not null; s = s._outer)
            {
                if (ReferenceEquals(s, this))
                {
                    return !_ended;
                }
            }

            return false;
        }
    }

    /// <summary>Holds <paramref name="cell"/>: from now on only this reload writes it, and only this reload sees what it writes.</summary>
    public void Hold(StateCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        cell.Hold(this);
    }

    /// <summary>Stages a version and value for <paramref name="cell"/> (holding it first).</summary>
    public void Set(StateCell cell, long version, object? value)
    {
        ArgumentNullException.ThrowIfNull(cell);
        cell.Hold(this);
        cell.SetStaged(version, value);
    }

    /// <summary>Makes every staged version and value everyone's, and lets waiting writers go on.</summary>
    public void Publish() => End(publish: true);

    /// <summary>Discards what was staged (if not published) and closes the staging.</summary>
    public void Dispose() => End(publish: false);

    internal void Held(StateCell cell)
    {
        lock (_held)
        {
            _held.Add(cell);
        }
    }

    internal void WaitUntilDone(StateCell cell)
    {
        if (!_done.Wait(_writeWait))
        {
            throw new FluentAIException(
                ErrorCodes.Timeout,
                $"state {cell.Name} is held by a reload that did not finish within {_writeWait.TotalSeconds:0.###} s (does its top-level code wait for this write?)");
        }
    }

    private void End(bool publish)
    {
        if (_ended)
        {
            return;
        }

        lock (_held)
        {
            foreach (var cell in _held)
            {
                cell.EndStaging(publish);
            }

            _held.Clear();
        }

        _ended = true;
        if (ReferenceEquals(Ambient.Value, this))
        {
            Ambient.Value = _outer;
        }

        _done.Set();
    }
}
