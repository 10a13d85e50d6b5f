namespace FluentAI.Plugins.Cli.Tests;

/// <summary>The REPL's line editor fed keys in-process: what an entry reads as, history walks, completion.</summary>
public sealed class LineEditorTests
{
    private static readonly ConsoleKeyInfo Enter = new('\r', ConsoleKey.Enter, false, false, false);
    private static readonly ConsoleKeyInfo Up = new('\0', ConsoleKey.UpArrow, false, false, false);
    private static readonly ConsoleKeyInfo Down = new('\0', ConsoleKey.DownArrow, false, false, false);
    private static readonly ConsoleKeyInfo Home = new('\0', ConsoleKey.Home, false, false, false);
    private static readonly ConsoleKeyInfo Backspace = new('\u007f', ConsoleKey.Backspace, false, false, false);
    private static readonly ConsoleKeyInfo Tab = new('\t', ConsoleKey.Tab, false, false, false);
    private static readonly ConsoleKeyInfo CtrlC = new('\u0003', ConsoleKey.C, false, false, true);
    private static readonly ConsoleKeyInfo CtrlD = new('\u0004', ConsoleKey.D, false, false, true);

    private static IEnumerable<ConsoleKeyInfo> Typed(string text) => text.Select(c => new ConsoleKeyInfo(c, default, false, false, false));

    private sealed class Editor
    {
        private readonly Queue<ConsoleKeyInfo> _keys = new();

        public Editor(ReplHistory? history = null, int width = 80, params string[] names)
        {
            History = history ?? new ReplHistory(null);
            Line = new LineEditor(() => _keys.Dequeue(), Output, History, Repl.NeedsMore, () => names, () => width);
        }

        public StringWriter Output { get; } = new();

        public ReplHistory History { get; }

        public LineEditor Line { get; }

        public LineRead Read(params IEnumerable<ConsoleKeyInfo>[] keys)
        {
            foreach (var key in keys.SelectMany(k => k))
            {
                _keys.Enqueue(key);
            }

            var read = Line.Read();
            Assert.Empty(_keys);
            return read;
        }
    }

    [Fact]
    public void AnOpenFormGoesOnUnderTheContinuationPromptAndIsOneEntry()
    {
        var editor = new Editor();
        var read = editor.Read(Typed("(defn f (a)"), [Enter], Typed("  (* a 2))"), [Enter]);

        Assert.Equal(new LineRead(LineReadKind.Entry, "(defn f (a)\n  (* a 2))"), read);
        Assert.Contains("\r\u001b[J" + LineEditor.More + "  (* a 2))", editor.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void UpAndDownWalkWholeEntriesAndDownPastTheNewestGivesBackWhatWasBeingTyped()
    {
        var history = new ReplHistory(null);
        history.Add("(+ 1 2)");
        history.Add("(defn f (a)\n  a)");
        var editor = new Editor(history);

        Assert.Equal("(defn f (a)\n  a)", editor.Read([Up, Enter]).Text);
        Assert.Equal("(+ 1 2)", editor.Read([Up, Up, Up, Enter]).Text);
        Assert.Equal("xy", editor.Read(Typed("xy"), [Up, Up, Down, Down, Down, Enter]).Text);
        Assert.Equal("(defn f (a)\n  a) 5", editor.Read([Up], Typed(" 5"), [Enter]).Text);
    }

    [Fact]
    public void BackspaceAtTheStartOfAContinuationLineJoinsItToTheLineAbove()
    {
        var editor = new Editor();
        Assert.Equal("(+ 12)", editor.Read(Typed("(+ 1"), [Enter, Backspace], Typed("2)"), [Enter]).Text);
    }

    [Fact]
    public void CtrlCDropsTheEntryAndCtrlDOnAnEmptyOneEndsTheInput()
    {
        var editor = new Editor();
        Assert.Equal(new LineRead(LineReadKind.Interrupted, "(+ 1\n2"), editor.Read(Typed("(+ 1"), [Enter], Typed("2"), [CtrlC]));
        Assert.EndsWith(LineEditor.More + "2\r\u001b[11C^C\r\n", editor.Output.ToString(), StringComparison.Ordinal);
        Assert.Equal(new LineRead(LineReadKind.End, ""), editor.Read([CtrlD]));

        // Ctrl-D inside an entry deletes the character under the cursor.
        Assert.Equal("bc", editor.Read(Typed("abc"), [Home, CtrlD, Enter]).Text);
    }

    [Fact]
    public void AltBAndAltFMoveByWordAndNoAltKeyInsertsText()
    {
        var altB = new ConsoleKeyInfo('b', ConsoleKey.B, false, true, false);
        var altF = new ConsoleKeyInfo('f', ConsoleKey.F, false, true, false);
        var altX = new ConsoleKeyInfo('x', ConsoleKey.X, false, true, false);
        var delete = new ConsoleKeyInfo('\0', ConsoleKey.Delete, false, false, false);
        var editor = new Editor();
        Assert.Equal("(f -1 b!)", editor.Read(Typed("(f a b)"), [altB, altB, altX], Typed("-1"), [delete, altF], Typed("!"), [Enter]).Text);

        // As a terminal sends them: Esc, then the letter.
        var escape = new ConsoleKeyInfo('\u001b', ConsoleKey.Escape, false, false, false);
        var b = new ConsoleKeyInfo('b', ConsoleKey.B, false, false, false);
        Assert.Equal("(f g)", editor.Read(Typed("(g)"), [escape, b], Typed("f "), [escape, escape, Enter]).Text);
    }

    [Fact]
    public void TabCompletesAsFarAsTheNamesAgreeThenListsThem()
    {
        var editor = new Editor(null, 80, "string-length", "string-join", "car");
        var read = editor.Read(Typed("(str"), [Tab, Tab], Typed("l"), [Tab], Typed(" \"ab\")"), [Enter]);

        Assert.Equal("(string-length \"ab\")", read.Text);
        Assert.Contains("\r\nstring-join  string-length\r\n", editor.Output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ALineLongerThanTheTerminalWrapsAndTheCursorGoesBackUpToItsStart()
    {
        // Prompt (10 columns) and 25 characters on a 20-column terminal: two rows; Home goes up one.
        var editor = new Editor(null, 20);
        var read = editor.Read(Typed("(list 1 2 3 4 5 6 7 8 9)"), [Home], Typed(" "), [Enter]);

        Assert.Equal(" (list 1 2 3 4 5 6 7 8 9)", read.Text);
        Assert.Contains("\u001b[1A\r\u001b[10C", editor.Output.ToString(), StringComparison.Ordinal);
    }
}
