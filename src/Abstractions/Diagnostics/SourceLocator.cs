using System.Diagnostics;

namespace FluentAI.Plugins.Diagnostics;

/// <summary>
/// Finds where in FluentAI source an exception was raised: generated code carries <c>#line</c>
/// directives to the <c>.ai</c> file, so the innermost stack frame in a <c>.ai</c> file names it.
/// (Compiled modules keep those frames: their functions are not inlined, and library calls in
/// return position are not tail calls.)
/// </summary>
public static class SourceLocator
{
    private const int MaxFrames = 4096;

    private static SourceSpan? FromFrames(StackFrame[] frames)
    {
        foreach (var frame in frames)
        {
            var file = frame.GetFileName();
            if (file is not null && file.EndsWith(".ai", StringComparison.OrdinalIgnoreCase) && frame.GetFileLineNumber() > 0)
            {
                return SourceSpan.At(file, frame.GetFileLineNumber(), Math.Max(1, frame.GetFileColumnNumber()));
            }
        }

        return null;
    }

    /// <summary>
    /// The innermost <c>.ai</c> location among the frames <paramref name="exception"/> itself has
    /// unwound (not its inner exceptions), or null; none for a stack exhausted by recursion.
    /// </summary>
    internal static SourceSpan? OwnFrames(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is FluentAIException { Code: ErrorCodes.StackTooDeep } || new StackTrace(exception, fNeedFileInfo: false).FrameCount > MaxFrames)
        {
            return null;
        }

        return FromFrames(new StackTrace(exception, fNeedFileInfo: true).GetFrames());
    }

    /// <summary>The innermost <c>.ai</c> location on the exception's stack, or null.</summary>
    public static SourceSpan? Locate(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is FluentAIException { Location: { } known })
            {
                return known;
            }

            // Stack exhaustion unwinds millions of frames: reading their symbols would take minutes.
            if (e is FluentAIException { Code: ErrorCodes.StackTooDeep } || new StackTrace(e, fNeedFileInfo: false).FrameCount > MaxFrames)
            {
                continue;
            }

            if (FromFrames(new StackTrace(e, fNeedFileInfo: true).GetFrames()) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
