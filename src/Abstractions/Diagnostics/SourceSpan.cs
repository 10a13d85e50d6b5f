namespace FluentAI.Plugins.Diagnostics;

/// <summary>A range of a source file; every syntax node and diagnostic carries one.</summary>
public readonly record struct SourceSpan(string File, SourcePosition Start, SourcePosition End)
{
    /// <summary>The 1-based line of the start.</summary>
    public int Line => Start.Line;

    /// <summary>The 1-based column of the start.</summary>
    public int Column => Start.Column;

    /// <summary>A span of one point.</summary>
    public static SourceSpan At(string file, int line, int column) => new(file, new SourcePosition(0, line, column), new SourcePosition(0, line, column));

    /// <summary>The span from the start of this one to the end of <paramref name="other"/>.</summary>
    public SourceSpan To(SourceSpan other) => new(File, Start, other.End);

    /// <summary><c>file(line,col)</c>, the form used in every message.</summary>
    public override string ToString() => $"{File}({Start.Line},{Start.Column})";
}
