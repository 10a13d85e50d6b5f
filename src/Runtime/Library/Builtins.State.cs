using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

public static partial class Builtins
{
    /// <summary><c>(deref s)</c>: the value of a state cell.</summary>
    [Builtin("deref")]
    public static object? Deref(object? cell) => AsCell("deref", cell).Value;

    /// <summary><c>(reset! s v)</c>: sets a state cell; returns the value.</summary>
    [Builtin("reset!")]
    public static object? Reset(object? cell, object? value) => AsCell("reset!", cell).Reset(value);

    /// <summary><c>(swap! s f args...)</c>: atomically replaces the value with <c>(f old args...)</c>; retries under contention.</summary>
    [Builtin("swap!")]
    public static object? Swap(object? cell, object? f, params object?[] args)
    {
        var target = AsCell("swap!", cell);
        if (f is not Fn fn)
        {
            throw Errors.WrongType("swap!", "a function", f);
        }

        args ??= [null];
        return target.Swap(old =>
        {
            var all = new object?[args.Length + 1];
            all[0] = old;
            Array.Copy(args, 0, all, 1, args.Length);
            return fn.Apply(all);
        });
    }

    private static StateCell AsCell(string function, object? value) =>
        value as StateCell ?? throw Errors.WrongType(function, "a state cell (from define-stateful)", value);
}
