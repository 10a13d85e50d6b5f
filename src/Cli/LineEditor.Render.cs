using System.Text;

namespace FluentAI.Plugins.Cli;

/// <summary>Drawing the entry on the terminal, and name completion.</summary>
internal sealed partial class LineEditor
{
    // At most this many candidates are listed when Tab cannot complete further.
    private const int ListedCandidates = 60;

    private int Width => Math.Max(1, width());

    /// <summary>Terminal rows that an entered line of <paramref name="length"/> characters takes with its prompt.</summary>
    private int RowsOf(int length) => (PromptWidth + length + Width - 1) / Width;

    /// <summary>
    /// Draws the edited line again (and with <paramref name="all"/> the lines above it too, from the
    /// entry's first row) and puts the cursor where it is in the text.
    /// </summary>
    private void Render(bool all)
    {
        var width = Width;
        var b = new StringBuilder();
        var up = _cursorRow + (all ? _rowsAbove : 0);
        if (up > 0)
        {
            b.Append("\u001b[").Append(up).Append('A');
        }

        b.Append("\r\u001b[J");
        if (all)
        {
            _rowsAbove = 0;
            for (var i = 0; i < _above.Count; i++)
            {
                b.Append(i == 0 ? Prompt : More).Append(_above[i]).Append("\r\n");
                _rowsAbove += RowsOf(_above[i].Length);
            }
        }

        b.Append(_above.Count == 0 ? Prompt : More).Append(_line);
        var end = PromptWidth + _line.Length;
        if (end % width == 0)
        {
            // A line that fills the last column leaves the terminal waiting to wrap: wrap now, so the
            // cursor is on the row the arithmetic below says.
            b.Append("\r\n");
        }

        var position = PromptWidth + _cursor;
        var row = position / width;
        if (end / width > row)
        {
            b.Append("\u001b[").Append((end / width) - row).Append('A');
        }

        b.Append('\r');
        if (position % width > 0)
        {
            b.Append("\u001b[").Append(position % width).Append('C');
        }

        _cursorRow = row;
        output.Write(b.ToString());
        output.Flush();
    }

    /// <summary>With the cursor at the end of the edited line, goes to the start of the next row (unless a full line already went there).</summary>
    private void NewRow()
    {
        if ((PromptWidth + _line.Length) % Width != 0)
        {
            output.Write("\r\n");
        }
    }

    /// <summary>
    /// Tab: completes the name before the cursor from <c>names</c> as far as the candidates agree;
    /// when they agree no further, lists them under the entry and draws the entry again below.
    /// </summary>
    private void Complete()
    {
        var start = _cursor;
        while (start > 0 && IsNamePart(_line[start - 1]))
        {
            start--;
        }

        var prefix = _line.ToString(start, _cursor - start);
        if (prefix.Length == 0)
        {
            return;
        }

        var candidates = names().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            output.Write('\a');
            output.Flush();
            return;
        }

        var common = candidates.Aggregate((a, b) => a[..CommonLength(a, b)]);
        if (common.Length > prefix.Length)
        {
            _line.Insert(_cursor, common[prefix.Length..]);
            _cursor += common.Length - prefix.Length;
            Render(all: false);
            return;
        }

        if (candidates.Count == 1)
        {
            return;
        }

        var cursor = _cursor;
        Move(_line.Length);
        NewRow();
        var listed = string.Join("  ", candidates.Take(ListedCandidates));
        output.Write(listed + (candidates.Count > ListedCandidates ? $"  (and {candidates.Count - ListedCandidates} more)" : "") + "\r\n");
        _rowsAbove = 0;
        _cursorRow = 0;
        _cursor = cursor;
        Render(all: true);
    }

    private static int CommonLength(string a, string b)
    {
        var n = Math.Min(a.Length, b.Length);
        var i = 0;
        while (i < n && a[i] == b[i])
        {
            i++;
        }

        return i;
    }
}
