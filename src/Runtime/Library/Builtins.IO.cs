using System.Text;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Runtime;

// Output goes to FluentConsole.Out; time comes from RuntimeClock.TimeProvider, so hosts and tests can swap both.
public static partial class Builtins
{
    /// <summary><c>(print)</c> writes nothing and returns nil.</summary>
    [Builtin("print")]
    public static object? Print() => null;

    /// <summary><c>(print x)</c>: writes x (a string as it is, anything else as the printer writes it); returns nil.</summary>
    [Builtin("print")]
    public static object? Print(object? a)
    {
        FluentConsole.Out.Write(Printer.Display(a));
        return null;
    }

    /// <summary><c>(print a b ...)</c>: writes the arguments separated by spaces; returns nil.</summary>
    [Builtin("print")]
    public static object? Print(params object?[] parts)
    {
        parts = Spread(parts);
        FluentConsole.Out.Write(JoinDisplay(parts, newline: false));
        return null;
    }

    /// <summary><c>(println)</c> writes a line break and returns nil.</summary>
    [Builtin("println")]
    public static object? Println()
    {
        FluentConsole.Out.Write('\n');
        return null;
    }

    /// <summary><c>(println x)</c>: writes x and a line break; returns nil.</summary>
    [Builtin("println")]
    public static object? Println(object? a)
    {
        FluentConsole.Out.Write(Printer.Display(a) + "\n");
        return null;
    }

    /// <summary><c>(println a b ...)</c>: writes the arguments separated by spaces, then a line break; returns nil.</summary>
    [Builtin("println")]
    public static object? Println(params object?[] parts)
    {
        parts = Spread(parts);
        // One Write call per line, so lines from concurrent tasks do not interleave.
        FluentConsole.Out.Write(JoinDisplay(parts, newline: true));
        return null;
    }

    /// <summary><c>(now)</c>: milliseconds since the Unix epoch, from <see cref="RuntimeClock.TimeProvider"/>.</summary>
    [Builtin("now")]
    public static object? Now() => Boxes.Int(RuntimeClock.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary><c>(sleep ms)</c>: blocks the calling thread for ms milliseconds; returns nil.</summary>
    [Builtin("sleep")]
    public static object? Sleep(object? ms)
    {
        var millis = ms switch
        {
            long l => (double)l,
            double d when !double.IsNaN(d) => d,
            _ => throw Errors.WrongType("sleep", "a number of milliseconds", ms),
        };
        if (millis < 0 || millis > int.MaxValue)
        {
            throw Errors.BadArgument("sleep", $"cannot sleep {Printer.Print(ms)} milliseconds");
        }

        var cancel = TaskCancellation.Current;
        if (!cancel.CanBeCanceled)
        {
            Thread.Sleep(TimeSpan.FromMilliseconds(millis));
        }
        else if (cancel.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(millis)))
        {
            throw TaskCancellation.Cancelled("sleep");
        }

        return null;
    }

    private static string JoinDisplay(object?[] parts, bool newline)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            AppendDisplay(sb, parts[i]);
        }

        if (newline)
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }
}
