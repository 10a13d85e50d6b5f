using System.Text;

namespace FluentAI.Plugins.Cli;

/// <summary>
/// A writer that passes everything on and remembers whether the last character written ended a
/// line, so <c>eval</c> can put its value on a line of its own after a <c>print</c> that did not
/// end one (the value is always the whole last line).
/// </summary>
internal sealed class LineTrackingWriter(TextWriter inner) : TextWriter
{
    private volatile bool _midLine;

    /// <summary>True when something was written since the last newline.</summary>
    public bool IsMidLine => _midLine;

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override string NewLine
    {
        get => inner.NewLine;
#pragma warning disable CS8765 // TextWriter.NewLine's setter accepts null (it means the default); the inner writer handles it.
        set => inner.NewLine = value;
#pragma warning restore CS8765
    }

    public override void Write(char value)
    {
        inner.Write(value);
        _midLine = value != '\n';
    }

    public override void Write(string? value)
    {
        inner.Write(value);
        Track(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        inner.Write(buffer, index, count);
        Track(buffer.AsSpan(index, count));
    }

    public override void Write(ReadOnlySpan<char> buffer)
    {
        inner.Write(buffer);
        Track(buffer);
    }

    public override void WriteLine()
    {
        inner.WriteLine();
        _midLine = false;
    }

    public override void WriteLine(string? value)
    {
        inner.WriteLine(value);
        _midLine = false;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    private void Track(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty)
        {
            _midLine = text[^1] != '\n';
        }
    }
}
