using FluentAI.Plugins.Loader.Events;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.State;

/// <summary>
/// Keeps <see cref="PluginHostOptions.StateFile"/> up to date while the host runs: a timer on the host's clock
/// writes the state every <see cref="PluginHostOptions.StateFlushInterval"/> when a cell changed; a committed
/// reload, rollback or load that changed state writes at once (<see cref="FlushCommitted"/>); disposing writes
/// a last time. Every write is a snapshot taken under the host's lock and written through a temporary file
/// (<see cref="DurableFile"/>); a failed write is a <c>state-save-failed</c> event and is tried again at the next tick.
/// </summary>
/// <remarks>
/// One writer at a time (<see cref="_write"/>), and never an older snapshot over a newer one: each snapshot is
/// numbered under the host's lock, and a write whose snapshot is older than the one already written is skipped.
/// The snapshot is taken with the host's lock held, the file written with it released (an fsync does not hold up
/// reloads), so the two locks are never taken the other way round: no deadlock.
/// </remarks>
internal sealed class StateFileWriter : IDisposable
{
    private readonly string _path;
    private readonly object _gate;
    private readonly StatePersistence _persistence;
    private readonly StateChanges _changes;
    private readonly EventLog _events;
    private readonly object _write = new();
    private readonly ITimer? _timer;

    /// <summary>The number of the last snapshot taken; guarded by the host's lock.</summary>
    private long _taken;

    /// <summary>The number of the last snapshot written; guarded by <see cref="_write"/>.</summary>
    private long _written;

    /// <summary>The error of the last failed write, so a failure that repeats every tick is reported once; guarded by <see cref="_write"/>.</summary>
    private string? _lastError;

    /// <summary>1 while a timer tick runs.</summary>
    private int _ticking;

    /// <summary>Set once the last write is done; guarded by <see cref="_write"/>.</summary>
    private bool _closed;

    public StateFileWriter(string path, TimeSpan interval, object gate, StatePersistence persistence, StateChanges changes, EventLog events)
    {
        _path = path;
        _gate = gate;
        _persistence = persistence;
        _changes = changes;
        _events = events;
        if (interval != Timeout.InfiniteTimeSpan)
        {
            _timer = events.Time.CreateTimer(_ => Tick(), null, interval, interval);
        }
    }

    /// <summary>Writes the state if a reload committed a change of it since the last write. Call with the host's lock released.</summary>
    public void FlushCommitted()
    {
        if (_changes.IsCommitted)
        {
            Save(final: false, report: true);
        }
    }

    /// <summary>Writes the state now (<see cref="PluginHost.SaveState"/> of the state file); a failure is thrown, not reported.</summary>
    /// <exception cref="IOException">The write failed; the file on the disk is the last complete write.</exception>
    /// <exception cref="UnauthorizedAccessException">The write was refused; the file on the disk is the last complete write.</exception>
    public void SaveNow()
    {
        if (Save(final: false, report: false) is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    /// <summary>Stops the timer and writes the state a last time (whether or not it changed).</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        Save(final: true, report: true);
    }

    private void Tick()
    {
        // A timer fires again while its last callback still runs: a tick that finds one still writing (a slow
        // disk, an interval shorter than an fsync) leaves the write to it and the next tick, instead of
        // queueing a pool thread on the writer's lock every interval.
        if (Interlocked.Exchange(ref _ticking, 1) == 1)
        {
            return;
        }

        try
        {
            if (_changes.IsChanged)
            {
                Save(final: false, report: true);
            }
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    /// <summary>Takes a snapshot and writes it; the failure, if any (reported as an event when <paramref name="report"/>).</summary>
    private Exception? Save(bool final, bool report)
    {
        string? text = null;
        long number;
        Exception? failure = null;
        lock (_gate)
        {
            // Cleared before the snapshot: a write that lands meanwhile sets them again and is written next time.
            _changes.Take();
            number = ++_taken;
            try
            {
                text = _persistence.Snapshot();
            }
            catch (ArgumentException e)
            {
                // A value JSON cannot hold (a function stored in a cell): nothing to write until it is replaced.
                failure = e;
            }
        }

        HostEvent? failed = null;
        lock (_write)
        {
            // Nothing after the last write; and a snapshot older than the one on the disk is not written.
            if (_closed || number <= _written)
            {
                _closed |= final;
                return null;
            }

            _closed = final;
            if (text is not null)
            {
                try
                {
                    DurableFile.Write(_path, text);
                    _written = number;
                    _lastError = null;
                    return null;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
                {
                    failure = e;
                }
            }

            // Tried again at the next tick (the changes are marked again); reported once while it fails the same way.
            _changes.Changed();
            if (report && failure!.Message != _lastError)
            {
                _lastError = failure.Message;
                failed = HostEvent.StateSaveFailed(_events.Now, _path, Messages.StateSaveFailed(failure.Message));
            }
        }

        // Outside the writer's lock: a subscriber may call the host, which may take the host's lock and write again.
        if (failed is not null)
        {
            _events.Emit(failed);
        }

        return failure;
    }
}
