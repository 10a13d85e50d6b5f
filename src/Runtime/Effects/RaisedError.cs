using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// The error an unhandled <c>(effect error:raise v)</c> throws: <c>catch</c> receives
/// <see cref="Raised"/>, the value itself, as it does for <c>(throw v)</c>.
/// </summary>
public sealed class RaisedError : FluentAIException
{
    /// <summary>Creates the error for the raised value.</summary>
    public RaisedError(object? raised)
        : base(ErrorCodes.Uncaught, "unhandled error:raise: " + Printer.Print(raised))
    {
        Raised = raised;
    }

    /// <summary>The value given to <c>error:raise</c>.</summary>
    public object? Raised { get; }

    /// <inheritdoc />
    public override object? Value => Raised;
}
