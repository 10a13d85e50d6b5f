using System.Text;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>Indented C# text; the emitter swaps writers to capture code hoisted out of expressions.</summary>
internal sealed class CodeWriter(int indent = 0)
{
    private readonly StringBuilder _sb = new();

    public int Indent { get; set; } = indent;

    public bool IsEmpty => _sb.Length == 0;

    /// <summary>How much has been written; changes whenever a line is added.</summary>
    public int Length => _sb.Length;

    public CodeWriter Line(string text)
    {
        if (text.StartsWith('#'))
        {
            _sb.Append(text).Append('\n');
            return this;
        }

        _sb.Append(' ', Indent * 4).Append(text).Append('\n');
        return this;
    }

    public CodeWriter Open(string text)
    {
        Line(text);
        Line("{");
        Indent++;
        return this;
    }

    public CodeWriter Close(string suffix = "")
    {
        Indent--;
        return Line("}" + suffix);
    }

    public void Append(CodeWriter other) => _sb.Append(other._sb);

    public override string ToString() => _sb.ToString();
}
