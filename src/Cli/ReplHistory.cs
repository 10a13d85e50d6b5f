using System.Text;

namespace FluentAI.Plugins.Cli;

/// <summary>
/// The interactive REPL's history: the last <see cref="Capacity"/> entries, kept in a file
/// (<c>~/.fluentai_history</c>, or the path in <c>FLUENTAI_HISTORY</c>; an empty value keeps
/// none). One entry per line; a multi-line entry stays one entry, its line breaks written as
/// <c>\n</c> and backslashes as <c>\\</c>. Each entry is appended as it is entered, so a session
/// that is killed keeps what it had; the file is cut back to the capacity when it grows past it.
/// </summary>
internal sealed class ReplHistory
{
    /// <summary>The environment variable that moves (or, set empty, turns off) the history file.</summary>
    public const string Variable = "FLUENTAI_HISTORY";

    /// <summary>How many entries are kept by default.</summary>
    public const int DefaultCapacity = 1000;

    private readonly List<string> _entries = [];
    private readonly TextWriter? _warnings;
    private int _inFile;
    private bool _failed;

    /// <summary>Reads the history kept in <paramref name="path"/> (none when null); warnings about the file go to <paramref name="warnings"/>.</summary>
    public ReplHistory(string? path, int capacity = DefaultCapacity, TextWriter? warnings = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Path = path;
        Capacity = capacity;
        _warnings = warnings;
        if (path is null || !File.Exists(path))
        {
            return;
        }

        try
        {
            var entries = ReadEntries(path);
            _inFile = entries.Count;
            _entries.AddRange(entries.Skip(Math.Max(0, entries.Count - capacity)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn(e);
        }
    }

    /// <summary>The file the history is kept in; null when it is kept in memory only.</summary>
    public string? Path { get; }

    /// <summary>How many entries are kept.</summary>
    public int Capacity { get; }

    /// <summary>The entries, oldest first.</summary>
    public IReadOnlyList<string> Entries => _entries;

    /// <summary>The history file for this user: <c>FLUENTAI_HISTORY</c> when set (null when set empty), else <c>~/.fluentai_history</c>.</summary>
    public static string? DefaultPath() =>
        PathFor(Environment.GetEnvironmentVariable(Variable), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The history file given the variable's value (null when unset) and the user's home folder.</summary>
    internal static string? PathFor(string? variable, string home) =>
        variable is not null ? (variable.Length == 0 ? null : System.IO.Path.GetFullPath(variable))
        : home.Length == 0 ? null : System.IO.Path.Combine(home, ".fluentai_history");

    /// <summary>Adds an entry (its trailing line break dropped); a blank one, or one equal to the last, is not kept.</summary>
    public void Add(string entry)
    {
        entry = entry.ReplaceLineEndings("\n").TrimEnd('\n');
        if (string.IsNullOrWhiteSpace(entry) || (_entries.Count > 0 && _entries[^1] == entry))
        {
            return;
        }

        _entries.Add(entry);
        if (_entries.Count > Capacity)
        {
            _entries.RemoveAt(0);
        }

        if (Path is null || _failed)
        {
            return;
        }

        try
        {
            Write(Path, FileMode.Append, Encode(entry) + "\n");
            if (++_inFile > Capacity)
            {
                // Cut back from what the file holds now: other sessions may have appended to it too.
                var kept = ReadEntries(Path);
                kept = kept.GetRange(Math.Max(0, kept.Count - Capacity), Math.Min(kept.Count, Capacity));
                var temporary = Path + ".tmp";
                Write(temporary, FileMode.Create, string.Concat(kept.Select(e => Encode(e) + "\n")));
                File.Move(temporary, Path, overwrite: true);
                _inFile = kept.Count;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Warn(e);
        }
    }

    /// <summary>An entry as one line of the file.</summary>
    internal static string Encode(string entry) => entry.Replace("\\", "\\\\").Replace("\n", "\\n");

    /// <summary>The entry one line of the file holds.</summary>
    internal static string Decode(string line)
    {
        var text = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                i++;
                text.Append(line[i] == 'n' ? '\n' : line[i]);
            }
            else
            {
                text.Append(line[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>Writes <paramref name="text"/>; a file it creates is the user's only, as shells keep their history.</summary>
    private static void Write(string path, FileMode mode, string text)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(text);
    }

    private static List<string> ReadEntries(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(Decode).ToList();

    private void Warn(Exception e)
    {
        // Said once: the REPL goes on with its history in memory.
        _failed = true;
        _warnings?.WriteLine($"fluentai: history file {Path}: {e.Message} (history is kept for this session only; {Variable} moves it)");
    }
}
