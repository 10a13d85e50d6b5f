using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader.Internal;

/// <summary>Turns whatever FluentAI code threw into a <see cref="FluentAIException"/> that names the <c>.ai</c> location.</summary>
internal static class RuntimeErrors
{
    public static FluentAIException Wrap(Exception e)
    {
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
}
