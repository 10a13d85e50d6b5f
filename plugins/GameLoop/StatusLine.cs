using System.Globalization;

namespace GameLoop;

/// <summary>The one-line status the program prints about once a second, and the totals at the end.</summary>
public static class StatusLine
{
    /// <summary><c>frame 600 |..A....| over budget 0 (0 during reloads) reloads 1 rejected 0</c>.</summary>
    public static string Of(GameSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var loop = session.Loop;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"frame {loop.Frames,6} {Track(loop.Enemies, session.World.Width())} over budget {loop.OverBudget} ({loop.OverBudgetDuringReload} during reloads), reloads {session.Reloads}, rejected {session.Rejections}");
    }

    /// <summary>The totals printed on exit.</summary>
    public static string Totals(GameSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var loop = session.Loop;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{loop.Frames} frames, {loop.OverBudget} over the {FrameLoop.Budget.TotalMilliseconds:0.0} ms budget ({loop.OverBudgetDuringReload} while a reload ran, {loop.FramesDuringReload} frames overlapped a reload), longest {loop.Longest.TotalMilliseconds:0.0} ms, {session.Reloads} reloads, {session.Rejections} rejected");
    }

    /// <summary>The track, one character a cell, each enemy a letter (<c>A</c>, <c>B</c>, ...) so its direction shows (positions are tenths of a cell).</summary>
    public static string Track(IReadOnlyList<long> positions, long width)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var cells = new char[width];
        Array.Fill(cells, '.');
        for (var i = 0; i < positions.Count; i++)
        {
            cells[(positions[i] / 10 % width + width) % width] = (char)('A' + i % 26);
        }

        return "|" + new string(cells) + "|";
    }
}
