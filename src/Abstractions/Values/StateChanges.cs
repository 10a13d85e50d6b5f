namespace FluentAI.Plugins.Values;

/// <summary>
/// Whether any state cell of one host changed since its state file was last written, and whether a
/// reload committed a change (which is written at once). Set on every committed write; read and
/// cleared by the writer of the state file.
/// </summary>
internal sealed class StateChanges
{
    private int _changed;
    private int _committed;

    /// <summary>
    /// A cell's value changed. Called right after the compare-and-swap of every <c>swap!</c> and <c>reset!</c>:
    /// it reads the flag and writes it only when it is clear, so writers on many cores do not fight over
    /// the flag's cache line between two flushes.
    /// </summary>
    public void Changed()
    {
        if (Volatile.Read(ref _changed) == 0)
        {
            Volatile.Write(ref _changed, 1);
        }
    }

    /// <summary>A reload, rollback or load published a change of state (or added or removed cells): written at once.</summary>
    public void Committed()
    {
        Interlocked.Exchange(ref _changed, 1);
        Interlocked.Exchange(ref _committed, 1);
    }

    /// <summary>True when a change was committed by a reload since the last <see cref="Take"/>.</summary>
    public bool IsCommitted => Volatile.Read(ref _committed) != 0;

    /// <summary>True when anything changed since the last <see cref="Take"/>.</summary>
    public bool IsChanged => Volatile.Read(ref _changed) != 0;

    /// <summary>
    /// Clears both flags before a snapshot is taken (a change made meanwhile sets them again, so it is
    /// written next time, never lost); true when anything had changed.
    /// </summary>
    public bool Take()
    {
        Interlocked.Exchange(ref _committed, 0);
        return Interlocked.Exchange(ref _changed, 0) != 0;
    }
}
