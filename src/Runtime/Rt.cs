using System.Runtime.CompilerServices;
using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>The small helpers compiled code calls for calls, errors and control flow.</summary>
public static class Rt
{
    /// <summary>Calls a value with no arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Call(object? f) => f is Fn fn ? fn.Invoke() : throw Errors.NotCallable(f);

    /// <summary>Calls a value with one argument.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Call(object? f, object? a) => f is Fn fn ? fn.Invoke(a) : throw Errors.NotCallable(f);

    /// <summary>Calls a value with two arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Call(object? f, object? a, object? b) => f is Fn fn ? fn.Invoke(a, b) : throw Errors.NotCallable(f);

    /// <summary>Calls a value with three arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Call(object? f, object? a, object? b, object? c) => f is Fn fn ? fn.Invoke(a, b, c) : throw Errors.NotCallable(f);

    /// <summary>Calls a value with four arguments.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static object? Call(object? f, object? a, object? b, object? c, object? d) => f is Fn fn ? fn.Invoke(a, b, c, d) : throw Errors.NotCallable(f);

    /// <summary>
    /// Returns its argument from a call that is not inlined. Compiled code returns the result of a
    /// library or dynamic call through it: the JIT turns <c>return f(x)</c> into a tail call, which
    /// would drop the caller's frame and with it the <c>.ai</c> location of an error raised in f.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object? Keep(object? value) => value;

    /// <summary>Calls a value with any number of arguments.</summary>
    public static object? CallN(object? f, object?[] args) => f is Fn fn ? fn.Apply(args) : throw Errors.NotCallable(f);

    /// <summary><c>(throw v)</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Exception Throw(object? value) => value is Exception e ? e : new FluentAIThrow(value);

    /// <summary>
    /// The value a <c>catch</c> clause receives: the thrown value for <c>throw</c>, the message for
    /// a runtime error. Stack exhaustion and out-of-memory are never caught by FluentAI code.
    /// </summary>
    public static object? CatchValue(Exception e) => e switch
    {
        FluentAIException f => f.Value,
        OverflowException => "integer overflow",
        _ => e.Message,
    };

    /// <summary>True for exceptions FluentAI <c>catch</c> may handle.</summary>
    public static bool Catchable(Exception e) =>
        e is not (OutOfMemoryException or InsufficientExecutionStackException or ThreadInterruptedException
            or FluentAIException { Code: ErrorCodes.StackTooDeep or ErrorCodes.Interrupted or ErrorCodes.Deadlock });

    /// <summary>
    /// The filter of the <c>try</c> around every top-level form (it never catches): gives an error
    /// without a location the innermost <c>.ai</c> frame it passed through below the module's
    /// <c>Run</c>, else the form's own position.
    /// </summary>
    public static bool LocateTopLevel(Exception e, string file, int line, int column)
    {
        if (e is InterruptedError { TopLevelForm: null } interrupted)
        {
            interrupted.TopLevelForm = SourceSpan.At(file, line, column);
        }

        if (e is not FluentAIException { IsLocated: false } error)
        {
            return false;
        }

        error.Location = SourceSpan.At(file, line, column);
        if (error.Code == ErrorCodes.StackTooDeep)
        {
            // Millions of frames deep: reading their symbols would take minutes.
            return false;
        }

        foreach (var frame in new System.Diagnostics.StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            if (method?.Name == "Run" && method.DeclaringType?.FullName == "FluentAI.Generated.Module")
            {
                break;
            }

            if (frame.GetFileName() is { } ai && ai.EndsWith(".ai", StringComparison.OrdinalIgnoreCase) && frame.GetFileLineNumber() > 0)
            {
                error.Location = SourceSpan.At(ai, frame.GetFileLineNumber(), Math.Max(1, frame.GetFileColumnNumber()));
                break;
            }
        }

        return false;
    }

    /// <summary>The rest arguments from index <paramref name="from"/> as a list.</summary>
    public static FList Rest(object?[] args, int from)
    {
        var list = FList.Empty;
        for (var i = args.Length - 1; i >= from; i--)
        {
            list = list.Cons(args[i]);
        }

        return list;
    }

    [ThreadStatic]
    private static int t_unchecked;

    /// <summary>
    /// Guards deep non-tail recursion: fails with a FluentAI error instead of crashing the process.
    /// The real check (a runtime call) runs every 16th call; the runtime keeps far more stack in
    /// reserve than 16 frames of compiled code use. Generated code calls it at every function entry
    /// and at the back-edge of every loop it makes, so the real check is also where running code
    /// notices an interrupt (<see cref="Interrupts"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnsureStack()
    {
        if (--t_unchecked < 0)
        {
            CheckStack();
        }
    }

    /// <summary>
    /// The calling thread's countdown to the next real check of <see cref="EnsureStack()"/>. Typed
    /// code passes a countdown along by reference (this one, or a caller's own local) instead of
    /// reading a thread-static at every call, which code in a collectible context does through a
    /// runtime helper.
    /// </summary>
    public static ref int StackBudget => ref t_unchecked;

    /// <summary><see cref="EnsureStack()"/> on the countdown <paramref name="budget"/>: the real check every 16th call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void EnsureStack(ref int budget)
    {
        if (--budget < 0)
        {
            CheckStack(ref budget);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckStack() => CheckStack(ref t_unchecked);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckStack(ref int budget)
    {
        budget = 16;
        Interrupts.Poll();
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new FluentAIException(ErrorCodes.StackTooDeep, "recursion too deep: the stack is exhausted (only calls in tail position run in constant stack)");
        }
    }
}
