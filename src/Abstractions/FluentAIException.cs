using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins;

/// <summary>
/// An error raised while FluentAI code runs. <see cref="Location"/> names the <c>.ai</c> file,
/// line and column once known (the host fills it from the stack's <c>#line</c> mappings).
/// </summary>
public class FluentAIException : Exception
{
    /// <summary>Creates an error with a code such as <c>FAI3001</c>.</summary>
    public FluentAIException(string code, string message, SourceSpan? location = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Location = location;
    }

    /// <summary>Creates a general runtime error.</summary>
    public FluentAIException(string message)
        : this(ErrorCodes.RuntimeError, message)
    {
    }

    /// <summary>Creates a general runtime error wrapping another.</summary>
    public FluentAIException(string message, Exception inner)
        : this(ErrorCodes.RuntimeError, message, null, inner)
    {
    }

    /// <summary>Creates an empty runtime error.</summary>
    public FluentAIException()
        : this(ErrorCodes.RuntimeError, "FluentAI runtime error")
    {
    }

    /// <summary>The error code.</summary>
    public string Code { get; }

    private SourceSpan? _location;
    private bool _searched;

    /// <summary>
    /// Where in FluentAI source the error was raised, when known: set by whoever raised it, else read
    /// (once, when first asked) from the <c>#line</c>-mapped frames the exception unwound, so an error
    /// that reaches a host through a slot or a proxy names its <c>.ai</c> file, line and column at no
    /// cost to calls that do not fail.
    /// </summary>
    public SourceSpan? Location
    {
        get
        {
            // Only once thrown: before that the exception has unwound no frames to read.
            if (_location is null && !_searched && new System.Diagnostics.StackTrace(this, fNeedFileInfo: false).FrameCount > 0)
            {
                _searched = true;
                _location = SourceLocator.OwnFrames(this);
            }

            return _location;
        }

        set => _location = value;
    }

    /// <summary>True when <see cref="Location"/> was set (by whoever raised the error, or by the top-level form it escaped), not yet to be read from the stack.</summary>
    public bool IsLocated => _location is not null;

    /// <summary>The FluentAI value a <c>catch</c> clause receives for this error: the message text.</summary>
    public virtual object? Value => Message;

    /// <summary>
    /// Whatever FluentAI code threw, as the <see cref="FluentAIException"/> a host sees: the same
    /// exception when it is one (its <see cref="Location"/> filled in from the stack's <c>#line</c>
    /// mappings when missing), an integer overflow as FAI3004, stack exhaustion as FAI3010, and any
    /// other exception wrapped as FAI3001 with its message, located.
    /// </summary>
    public static FluentAIException Locate(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var e = exception;
        while (e is System.Reflection.TargetInvocationException { InnerException: { } inner })
        {
            e = inner;
        }

        var location = SourceLocator.Locate(e);
        switch (e)
        {
            case FluentAIException f:
                f.Location ??= location;
                return f;
            case OverflowException:
                return new FluentAIException(ErrorCodes.IntegerOverflow, "integer overflow", location, e);
            case InsufficientExecutionStackException:
                return new FluentAIException(ErrorCodes.StackTooDeep, "recursion too deep: the stack is exhausted", location, e);
            default:
                return new FluentAIException(ErrorCodes.RuntimeError, e.Message, location, e);
        }
    }

    /// <summary><c>file(line,col): error FAIxxxx: message</c>, or without location when unknown.</summary>
    public string Render() => Location is { } at
        ? $"{at.File}({at.Line},{at.Column}): error {Code}: {Message}"
        : $"error {Code}: {Message}";
}

/// <summary>A FluentAI value raised by <c>(throw v)</c>; <c>catch</c> receives the value itself.</summary>
public sealed class FluentAIThrow : FluentAIException
{
    /// <summary>Creates the exception carrying <paramref name="value"/>.</summary>
    public FluentAIThrow(object? value)
        : base(ErrorCodes.Uncaught, "uncaught throw: " + Printer.Print(value))
    {
        Thrown = value;
    }

    /// <summary>The thrown value.</summary>
    public object? Thrown { get; }

    /// <inheritdoc />
    public override object? Value => Thrown;
}
