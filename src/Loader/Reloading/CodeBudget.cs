using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader.Reloading;

/// <summary>
/// The time the module code of one load or reload may run (top-level forms, migrations, the
/// pre-check), measured on the host's clock. Over it, the code is interrupted where it runs
/// (<see cref="Runtime.Interrupts"/>), and the transaction fails with an error naming what was running.
/// </summary>
internal sealed class CodeBudget : IDisposable
{
    private readonly CancellationTokenSource? _deadline;
    private readonly IDisposable? _scope;

    private CodeBudget(TimeSpan limit, TimeProvider time)
    {
        Limit = limit;
        if (limit != Timeout.InfiniteTimeSpan)
        {
            _deadline = new CancellationTokenSource(limit, time);
            _scope = Runtime.Interrupts.Scope(_deadline.Token);
        }
    }

    public TimeSpan Limit { get; }

    /// <summary>What runs now, when it is not a module's top-level forms (their frames name the form): "the pre-check of m.ai v3".</summary>
    public string? Step { get; set; }

    /// <summary>Starts the budget for the code this flow runs until <see cref="Dispose"/>; an infinite limit interrupts nothing.</summary>
    public static CodeBudget Start(TimeSpan limit, TimeProvider time) => new(limit, time);

    /// <summary>Whether <paramref name="e"/> is the interrupt this budget running out caused.</summary>
    public bool Ran(Exception e) =>
        _deadline is { IsCancellationRequested: true } && e is FluentAIException { Code: ErrorCodes.Interrupted };

    /// <summary>
    /// The error of a transaction over budget, at the top-level form that was running (the frame of the
    /// module's <c>Run</c>), saying where inside it the code was interrupted.
    /// </summary>
    /// <remarks>The error keeps no exception of the interrupted code: its stack would keep that version's context loaded.</remarks>
    public FluentAIException Exceeded(FluentAIException interrupt, string module)
    {
        var stopped = FluentAIException.Locate(interrupt).Location;
        var form = Step is null ? (interrupt as Runtime.InterruptedError)?.TopLevelForm : null;
        var what = Step ?? (form is { } f ? $"the top-level form at {Render(f)}" : $"a top-level form of {Path.GetFileName(module)}");
        var at = stopped is { } s && s != form ? $", interrupted at {Render(s)}" : "";
        return new FluentAIException(
            ErrorCodes.Interrupted,
            Messages.OverBudget(Path.GetFileName(module), Limit, what, at),
            form ?? stopped);
    }

    public void Dispose()
    {
        _scope?.Dispose();
        _deadline?.Dispose();
    }

    private static string Render(SourceSpan span) => $"{Path.GetFileName(span.File)}({span.Line},{span.Column})";
}
