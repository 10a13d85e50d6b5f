namespace FluentAI.Plugins.Runtime;

/// <summary>
/// Cooperative cancellation of FluentAI tasks. Every task started by <c>async</c>, <c>spawn</c> or
/// <c>timeout</c> has a cancellation of its own, linked to the task that started it; the blocking
/// operations (<c>sleep</c>, <c>recv!</c>, <c>send!</c>, <c>await</c>, <c>select</c>,
/// <c>promise-all</c>, <c>promise-race</c>, <c>timeout</c>) stop with FAI3013 once it is cancelled.
/// <c>timeout</c> cancels the work it gave up on, so a task stuck waiting ends instead of keeping
/// its module version loaded. Code that never blocks is told once, with the same FAI3013 at its next
/// function entry or loop back-edge (<see cref="Interrupts.TaskScope"/>), and stops unless it
/// catches that; it is interrupted (FAI3014) when the flow that started its task is.
/// </summary>
internal static class TaskCancellation
{
    private static readonly AsyncLocal<CancellationToken> Ambient = new();

    /// <summary>
    /// What a blocking operation waits with: the cancellation of the task the caller runs in (none
    /// outside tasks) and the interrupt scopes of its flow (<see cref="Interrupts"/>).
    /// </summary>
    public static CancellationToken Current => Interrupts.With(Ambient.Value);

    /// <summary>The cancellation of the task the caller runs in alone (what <see cref="Enter"/> set).</summary>
    public static CancellationToken Own => Ambient.Value;

    /// <summary>A cancellation for a new task, linked to the current one.</summary>
    public static CancellationTokenSource ForNewTask() =>
        Ambient.Value.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(Ambient.Value) : new CancellationTokenSource();

    /// <summary>Makes <paramref name="token"/> the current cancellation for the rest of the calling task.</summary>
    public static void Enter(CancellationToken token) => Ambient.Value = token;

    /// <summary>
    /// The error a blocking operation stops with when <see cref="Current"/> was cancelled: FAI3013 when
    /// its task was, FAI3014 when its flow was interrupted.
    /// </summary>
    public static FluentAIException Cancelled(string function)
    {
        // The main flow of a program found deadlocked (its scope was cancelled to wake it): FAI3015.
        if (Deadlocks.ErrorHere() is { } deadlock)
        {
            return deadlock;
        }

        if (!Ambient.Value.IsCancellationRequested && Interrupts.Requested)
        {
            return Interrupts.Interrupted();
        }

        // Told now: the task's compute code is not told again (Interrupts.TaskScope).
        Interrupts.OwnCancellationDelivered();
        return CancelledError(function + ": ");
    }

    /// <summary>FAI3013, after <paramref name="prefix"/>: the task was cancelled.</summary>
    internal static FluentAIException CancelledError(string prefix = "") =>
        new(ErrorCodes.Timeout, prefix + "the task was cancelled (its timeout ran out, or the load that started it was rejected)");

    /// <summary>
    /// Waits for <paramref name="task"/> to complete, failing if the flow's cancellation (<see cref="Current"/>)
    /// comes first; the caller then takes the result. While it waits the flow counts as blocked on it
    /// (<see cref="Deadlocks"/>).
    /// </summary>
    public static void Wait(Task task, string function)
    {
        if (task.IsCompleted)
        {
            return;
        }

        using (Deadlocks.Block(function, task))
        {
            WaitCore(task, function);
        }
    }

    /// <summary>
    /// Like <see cref="Wait(Task, string)"/> for a task that stands for <paramref name="parts"/> (all of them, or,
    /// without <paramref name="all"/>, the first): the flow counts as blocked on the parts themselves.
    /// </summary>
    public static void Wait(Task task, string function, Task[] parts, bool all)
    {
        if (task.IsCompleted)
        {
            return;
        }

        using (Deadlocks.Block(function, parts, all))
        {
            WaitCore(task, function);
        }
    }

    private static void WaitCore(Task task, string function)
    {
        var token = Current;
        try
        {
            task.Wait(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw Cancelled(function);
        }
        catch (AggregateException)
        {
            // The task failed: the caller reads its error from the task itself.
        }

        Deadlocks.ThrowIfFound(token);
    }
}
