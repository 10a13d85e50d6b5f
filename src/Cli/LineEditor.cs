using System.Text;

namespace FluentAI.Plugins.Cli;

/// <summary>What one <see cref="LineEditor.Read"/> ended with.</summary>
internal enum LineReadKind
{
    /// <summary>Enter on a complete entry: <see cref="LineRead.Text"/> is it.</summary>
    Entry,

    /// <summary>Ctrl-C: the entry (in <see cref="LineRead.Text"/>) is dropped.</summary>
    Interrupted,

    /// <summary>Ctrl-D on an empty entry: the input ended.</summary>
    End,
}

/// <summary>One read of the line editor.</summary>
internal readonly record struct LineRead(LineReadKind Kind, string Text);

/// <summary>
/// The interactive REPL's line editor: reads one entry, key by key, from a terminal. An entry that
/// is not complete (<c>needsMore</c>: an open bracket or string) goes on on the next line under
/// the continuation prompt; only its last line is edited (Backspace at its start joins the line
/// above). Up and Down walk the history a whole entry at a time, Tab completes a name.
/// Emacs keys as readline has them: Ctrl-A/E/B/F, Alt-B/F, Ctrl-U/K/W, Ctrl-P/N, Ctrl-L.
/// </summary>
/// <remarks>
/// Rendering keeps track of the terminal row the cursor is on within the entry, so a line longer
/// than the terminal's width wraps and is still redrawn in place. It assumes one column per
/// character and does not follow a resize in the middle of an entry.
/// </remarks>
internal sealed partial class LineEditor(
    Func<ConsoleKeyInfo> readKey,
    TextWriter output,
    ReplHistory history,
    Func<string, bool> needsMore,
    Func<IEnumerable<string>> names,
    Func<int> width)
{
    /// <summary>The prompt of an entry's first line (today's prompt, green).</summary>
    public const string Prompt = "\u001b[32mfluentai>\u001b[0m ";

    /// <summary>The prompt of the lines that continue an entry.</summary>
    public const string More = "      ... ";

    // Both prompts take this many columns.
    private const int PromptWidth = 10;

    private readonly List<string> _above = [];
    private readonly StringBuilder _line = new();
    private int _cursor;

    // Where the history walk is: Entries.Count is the entry being written, kept in _draft meanwhile.
    private int _browsing;
    private string? _draft;

    // An Esc was read: the next key is taken with Alt.
    private bool _escape;

    // Terminal rows the lines above take, and the row of the cursor within the edited line.
    private int _rowsAbove;
    private int _cursorRow;

    /// <summary>The entry as it stands, its lines joined with <c>\n</c>.</summary>
    public string Text => _above.Count == 0 ? _line.ToString() : string.Join('\n', _above) + "\n" + _line;

    /// <summary>Reads one entry.</summary>
    public LineRead Read()
    {
        _above.Clear();
        _line.Clear();
        _cursor = 0;
        _browsing = history.Entries.Count;
        _draft = null;
        _escape = false;
        _rowsAbove = 0;
        _cursorRow = 0;
        Render(all: true);
        while (true)
        {
            if (Handle(readKey()) is { } done)
            {
                return done;
            }
        }
    }

    private LineRead? Handle(ConsoleKeyInfo key)
    {
        var control = (key.Modifiers & ConsoleModifiers.Control) != 0 || key.KeyChar == '\u0003';
        if (key.Key == ConsoleKey.Escape && !_escape)
        {
            // Terminals send Alt-x as Esc then x, which the console may hand over as two keys.
            _escape = true;
            return null;
        }

        var alt = (key.Modifiers & ConsoleModifiers.Alt) != 0 || _escape;
        _escape = false;
        if (alt)
        {
            // Alt-B and Alt-F move by word, as in readline; no other Alt key inserts anything.
            Move(key.Key == ConsoleKey.B ? PreviousWord() : key.Key == ConsoleKey.F ? NextWord() : _cursor);
            return null;
        }

        switch (key.KeyChar == '\u0003' ? ConsoleKey.C : key.Key)
        {
            case ConsoleKey.Enter:
                return Enter();
            case ConsoleKey.C when control:
                LeaveEntry("^C");
                return new LineRead(LineReadKind.Interrupted, Text);
            case ConsoleKey.D when control:
                if (_above.Count == 0 && _line.Length == 0)
                {
                    LeaveEntry("");
                    return new LineRead(LineReadKind.End, "");
                }

                Delete();
                break;
            case ConsoleKey.Backspace:
            case ConsoleKey.H when control:
                Backspace();
                break;
            case ConsoleKey.Delete:
                Delete();
                break;
            case ConsoleKey.LeftArrow when control:
                Move(PreviousWord());
                break;
            case ConsoleKey.RightArrow when control:
                Move(NextWord());
                break;
            case ConsoleKey.LeftArrow:
            case ConsoleKey.B when control:
                Move(_cursor - 1);
                break;
            case ConsoleKey.RightArrow:
            case ConsoleKey.F when control:
                Move(_cursor + 1);
                break;
            case ConsoleKey.Home:
            case ConsoleKey.A when control:
                Move(0);
                break;
            case ConsoleKey.End:
            case ConsoleKey.E when control:
                Move(_line.Length);
                break;
            case ConsoleKey.UpArrow:
            case ConsoleKey.P when control:
                Browse(-1);
                break;
            case ConsoleKey.DownArrow:
            case ConsoleKey.N when control:
                Browse(+1);
                break;
            case ConsoleKey.U when control:
                _line.Remove(0, _cursor);
                _cursor = 0;
                Render(all: false);
                break;
            case ConsoleKey.K when control:
                _line.Remove(_cursor, _line.Length - _cursor);
                Render(all: false);
                break;
            case ConsoleKey.W when control:
                var start = PreviousWord();
                _line.Remove(start, _cursor - start);
                _cursor = start;
                Render(all: false);
                break;
            case ConsoleKey.L when control:
                // Clear the screen and draw the entry at its top.
                output.Write("\u001b[H\u001b[2J");
                _rowsAbove = 0;
                _cursorRow = 0;
                Render(all: true);
                break;
            case ConsoleKey.Tab:
                Complete();
                break;
            default:
                if (key.KeyChar is '\r' or '\n')
                {
                    return Enter();
                }

                if (key.KeyChar != '\0' && !char.IsControl(key.KeyChar))
                {
                    _line.Insert(_cursor++, key.KeyChar);
                    Render(all: false);
                }

                break;
        }

        return null;
    }

    private LineRead? Enter()
    {
        var text = Text;
        if (!string.IsNullOrWhiteSpace(text) && needsMore(text))
        {
            // The form is open: the line is entered, the next one continues it.
            Move(_line.Length);
            NewRow();
            _rowsAbove += RowsOf(_line.Length);
            _above.Add(_line.ToString());
            _line.Clear();
            _cursor = 0;
            _cursorRow = 0;
            Render(all: false);
            return null;
        }

        LeaveEntry("");
        return new LineRead(LineReadKind.Entry, text);
    }

    /// <summary>Puts the cursor after the entry, writes <paramref name="mark"/> and ends the line.</summary>
    private void LeaveEntry(string mark)
    {
        Move(_line.Length);
        if (mark.Length > 0)
        {
            output.Write(mark + "\r\n");
        }
        else
        {
            NewRow();
        }

        output.Flush();
    }

    private void Backspace()
    {
        if (_cursor > 0)
        {
            _line.Remove(--_cursor, 1);
            Render(all: false);
        }
        else if (_above.Count > 0)
        {
            // Join this line to the one above it.
            var previous = _above[^1];
            _above.RemoveAt(_above.Count - 1);
            _line.Insert(0, previous);
            _cursor = previous.Length;
            Render(all: true);
        }
    }

    private void Delete()
    {
        if (_cursor < _line.Length)
        {
            _line.Remove(_cursor, 1);
            Render(all: false);
        }
    }

    private void Move(int cursor)
    {
        cursor = Math.Clamp(cursor, 0, _line.Length);
        if (cursor != _cursor)
        {
            _cursor = cursor;
            Render(all: false);
        }
    }

    /// <summary>Shows the entry <paramref name="step"/> away in the history; past the newest, the one being written.</summary>
    private void Browse(int step)
    {
        var entries = history.Entries;
        var next = _browsing + step;
        if (next < 0 || next > entries.Count)
        {
            return;
        }

        if (_browsing == entries.Count)
        {
            _draft = Text;
        }

        _browsing = next;
        var text = next == entries.Count ? _draft ?? "" : entries[next];
        var lines = text.Split('\n');
        _above.Clear();
        _above.AddRange(lines[..^1]);
        _line.Clear().Append(lines[^1]);
        _cursor = _line.Length;
        Render(all: true);
    }

    private int PreviousWord()
    {
        var i = _cursor;
        while (i > 0 && !IsNamePart(_line[i - 1]))
        {
            i--;
        }

        while (i > 0 && IsNamePart(_line[i - 1]))
        {
            i--;
        }

        return i;
    }

    private int NextWord()
    {
        var i = _cursor;
        while (i < _line.Length && !IsNamePart(_line[i]))
        {
            i++;
        }

        while (i < _line.Length && IsNamePart(_line[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Whether <paramref name="c"/> can be part of a name (a symbol).</summary>
    internal static bool IsNamePart(char c) => !char.IsWhiteSpace(c) && c is not ('(' or ')' or '[' or ']' or '{' or '}' or '"' or '\'' or '`' or ',' or ';');
}
