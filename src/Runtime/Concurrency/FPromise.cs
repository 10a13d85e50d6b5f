namespace FluentAI.Plugins.Runtime;

/// <summary>
/// A FluentAI promise: the result of <c>async</c>, <c>spawn</c> or <c>promise</c>, over a
/// <see cref="Task{TResult}"/>. <c>await</c> gives its value or rethrows its FluentAI error.
/// </summary>
public sealed class FPromise(Task<object?> task, CancellationTokenSource? cancellation = null)
{
    /// <summary>The task behind the promise.</summary>
    public Task<object?> Task { get; } = task;

    /// <summary>Blocks until the promise settles: its value, or its error rethrown as it was thrown.</summary>
    public object? Wait()
    {
        TaskCancellation.Wait(Task, "await");
        return Task.GetAwaiter().GetResult();
    }

    /// <summary>Asks the task behind the promise to stop at its next blocking operation (a task it started itself).</summary>
    internal void Cancel()
    {
        try
        {
            cancellation?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The task has ended.
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        Task.IsCompletedSuccessfully ? "#<promise resolved>" : Task.IsCompleted ? "#<promise failed>" : "#<promise pending>";
}
