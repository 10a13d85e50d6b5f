using System.Diagnostics;

namespace FluentAI.Plugins.Diagnostics;

/// <summary>
/// Finds where in FluentAI source an exception was raised: generated code carries <c>#line</c>
/// directives to the <c>.ai</c> file, so the innermost stack frame in a <c>.ai</c> file names it.
/// </summary>
public static class SourceLocator
{
    /// <summary>
    /// The innermost <c>.ai</c> location on the current thread's stack, or null. Exceptions record
    /// no frames of collectible assemblies, so FluentAI errors take their location when created.
    /// </summary>
    public static SourceSpan? FromCurrentStack()
    {
        // Frame by frame from the innermost, never the whole stack: an error raised 2 million calls deep must stay cheap.
        for (var depth = 2; depth < 2 + MaxFramesSearched; depth++)
        {
            var frame = new StackFrame(depth, needFileInfo: true);
            if (frame.GetMethod() is null)
            {
                break;
            }

            if (FromFrames([frame]) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>How far from the innermost frame the <c>.ai</c> location is looked for.</summary>
    private const int MaxFramesSearched = 48;

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

    /// <summary>The innermost <c>.ai</c> location on the exception's stack, or null.</summary>
    public static SourceSpan? Locate(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is FluentAIException { Location: { } known })
            {
                return known;
            }

            if (FromFrames(new StackTrace(e, fNeedFileInfo: true).GetFrames()) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
