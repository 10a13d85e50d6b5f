namespace FluentAI.Plugins.Diagnostics;

/// <summary>A position in a source text: a 0-based offset and a 1-based line and column.</summary>
public readonly record struct SourcePosition(int Offset, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Line},{Column}";
}
