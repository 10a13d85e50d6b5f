namespace FluentAI.Plugins.Runtime;

/// <summary>
/// The tasks (<c>async</c>, <c>spawn</c>, <c>timeout</c>) started in the flow that opened the group
/// while it is open, and the tasks those start. The host opens one around loading a module version:
/// if the load is rejected, <see cref="Cancel"/> stops them at their next blocking operation, so a
/// rejected version leaves no worker running; if it commits, <see cref="Dispose"/> closes the group
/// and they run on.
/// </summary>
public sealed class TaskGroup : IDisposable
{
    private readonly CancellationToken _outer;
    // Not disposed: the group's tasks link their own cancellation to it for as long as they run.
    private readonly CancellationTokenSource _source;
    private bool _closed;

    /// <summary>
    /// Opens a group for the calling flow. It is not linked to a cancellation the flow already has: a
    /// module version's tasks belong to that version, not to the task that happened to reload it.
    /// </summary>
    public TaskGroup()
    {
        _outer = TaskCancellation.Own;
        _source = new CancellationTokenSource();
        TaskCancellation.Enter(_source.Token);
    }

    /// <summary>Stops the group's tasks at their next blocking operation, and closes the group.</summary>
    public void Cancel()
    {
        _source.Cancel();
        Dispose();
    }

    /// <summary>Closes the group: the calling flow gets back the cancellation it had; the tasks run on.</summary>
    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            TaskCancellation.Enter(_outer);
        }
    }
}
