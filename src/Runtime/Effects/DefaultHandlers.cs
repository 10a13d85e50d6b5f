using System.Globalization;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

/// <summary>
/// What an effect operation does when no <c>handler</c> takes it:
/// <list type="bullet">
/// <item><c>io:print</c> / <c>io:println</c> write their arguments (as <c>print</c> / <c>println</c>) to <see cref="FluentConsole.Out"/>; <c>io:read-line</c> reads a line from the console (nil at the end).</item>
/// <item><c>state:get key [default]</c>, <c>state:set key value</c> (gives value), <c>state:update key f</c> (gives the new value), <c>state:delete key</c> (gives the old value) use <see cref="StateStore.Global"/>.</item>
/// <item><c>error:raise v</c> throws a <see cref="RaisedError"/> whose catch value is v.</item>
/// <item><c>time:now</c> (Unix milliseconds) and <c>time:sleep ms</c> use <see cref="RuntimeClock.TimeProvider"/>.</item>
/// <item><c>random:int</c> (any long), <c>random:int n</c> ([0, n)), <c>random:int lo hi</c> ([lo, hi)), <c>random:float</c> ([0, 1)), <c>random:float lo hi</c>.</item>
/// </list>
/// Anything else is an <see cref="ErrorCodes.UnhandledEffect"/> error.
/// </summary>
public static class DefaultHandlers
{
    /// <summary>Runs the default for <c>type:op</c>.</summary>
    public static object? Run(string type, string op, object?[] args)
    {
        var name = type + ":" + op;
        switch (type, op)
        {
            case ("io", "print"):
                return args.Length == 1 ? Builtins.Print(args[0]) : Builtins.Print(args);
            case ("io", "println"):
                return args.Length == 1 ? Builtins.Println(args[0]) : Builtins.Println(args);
            case ("io", "read-line"):
                Arity(name, args, 0, 0);
                return Console.In.ReadLine();

            case ("state", "get"):
                Arity(name, args, 1, 2);
                return StateStore.Global.Get(args[0], args.Length > 1 ? args[1] : null);
            case ("state", "set"):
                Arity(name, args, 2, 2);
                StateStore.Global.Set(args[0], args[1]);
                return args[1];
            case ("state", "update"):
                Arity(name, args, 2, 2);
                return StateStore.Global.Update(args[0], args[1] as Fn ?? throw Errors.WrongType(name, "a function", args[1]));
            case ("state", "delete"):
                Arity(name, args, 1, 1);
                return StateStore.Global.Delete(args[0]);

            case ("error", "raise"):
                Arity(name, args, 0, 1);
                throw new RaisedError(args.Length > 0 ? args[0] : null);

            case ("time", "now"):
                Arity(name, args, 0, 0);
                return Boxes.Int(RuntimeClock.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            case ("time", "sleep"):
                Arity(name, args, 1, 1);
                Task.Delay(Millis(name, args[0]), RuntimeClock.TimeProvider).GetAwaiter().GetResult();
                return null;

            case ("random", "int"):
                Arity(name, args, 0, 2);
                return args.Length switch
                {
                    0 => Boxes.Int(Random.Shared.NextInt64()),
                    1 => Boxes.Int(Random.Shared.NextInt64(Positive(name, args[0]))),
                    _ => Boxes.Int(Random.Shared.NextInt64(Int(name, args[0]), Above(name, Int(name, args[0]), args[1]))),
                };
            case ("random", "float"):
                Arity(name, args, 0, 2);
                if (args.Length == 0)
                {
                    return Boxes.Double(Random.Shared.NextDouble());
                }

                Arity(name, args, 2, 2);
                var lo = Number(name, args[0]);
                var hi = Number(name, args[1]);
                return Boxes.Double(lo + (Random.Shared.NextDouble() * (hi - lo)));

            default:
                throw new FluentAIException(
                    ErrorCodes.UnhandledEffect,
                    $"unhandled effect {name}: no handler is installed for it and {(IsKnownType(type) ? $"the {type} effect has no default for {op}" : $"{type} has no default handler")}");
        }
    }

    /// <summary>True for the effect types with default handlers.</summary>
    public static bool IsKnownType(string type) => type is "io" or "state" or "error" or "time" or "random";

    /// <summary>A number of milliseconds (an integer or float, 0 to int.MaxValue) as a time span.</summary>
    internal static TimeSpan Millis(string function, object? ms)
    {
        var millis = ms switch
        {
            long l => (double)l,
            double d when !double.IsNaN(d) => d,
            _ => throw Errors.WrongType(function, "a number of milliseconds", ms),
        };
        if (millis < 0 || millis > int.MaxValue)
        {
            throw Errors.BadArgument(function, $"{Printer.Print(ms)} is not a number of milliseconds from 0 to {int.MaxValue}");
        }

        return TimeSpan.FromMilliseconds(millis);
    }

    private static void Arity(string name, object?[] args, int min, int max)
    {
        if (args.Length < min || args.Length > max)
        {
            var expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw Errors.WrongArity(name, expected, args.Length);
        }
    }

    private static long Int(string name, object? v) => v as long? ?? throw Errors.WrongType(name, "an integer", v);

    private static long Positive(string name, object? v)
    {
        var n = Int(name, v);
        return n > 0 ? n : throw Errors.BadArgument(name, $"the bound must be positive, got {n}");
    }

    private static long Above(string name, long lo, object? v)
    {
        var hi = Int(name, v);
        return hi > lo ? hi : throw Errors.BadArgument(name, $"the upper bound {hi} must be above the lower bound {lo}");
    }

    private static double Number(string name, object? v) => v switch
    {
        long l => l,
        double d => d,
        _ => throw Errors.WrongType(name, "a number", v),
    };
}
