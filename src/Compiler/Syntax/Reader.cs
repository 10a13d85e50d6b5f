using System.Globalization;
using System.Text;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Syntax;

/// <summary>
/// Reads FluentAI text into syntax nodes. It never throws on bad input: problems are collected
/// as diagnostics and reading goes on, and nesting is tracked on an explicit stack so hostile
/// input (100,000 open parentheses) gives an error instead of a stack overflow.
/// </summary>
internal sealed class Reader
{
    /// <summary>The deepest nesting accepted. Deeper code is not written by people, and later passes recurse.</summary>
    public const int MaxDepth = 200;

    private readonly string _text;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private int _pos;
    private int _line = 1;
    private int _col = 1;

    private Reader(string text, string file, DiagnosticBag diagnostics)
    {
        _text = text;
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Reads every top-level form of <paramref name="text"/>.</summary>
    public static IReadOnlyList<Node> Read(string text, string file, DiagnosticBag diagnostics) =>
        new Reader(text, file, diagnostics).ReadAll();

    private sealed class Frame(char open, SourcePosition start, SeqKind kind, bool isQuote = false)
    {
        public char Open { get; } = open;
        public SourcePosition Start { get; } = start;
        public SeqKind Kind { get; } = kind;
        public bool IsQuote { get; } = isQuote;
        public List<Node> Items { get; } = [];
    }

    private SourcePosition Here => new(_pos, _line, _col);

    private SourceSpan SpanFrom(SourcePosition start) => new(_file, start, Here);

    private List<Node> ReadAll()
    {
        var top = new List<Node>();
        var stack = new Stack<Frame>();
        var tooDeepReported = false;

        void Add(Node node)
        {
            while (true)
            {
                if (stack.Count == 0)
                {
                    top.Add(node);
                    return;
                }

                var frame = stack.Peek();
                if (!frame.IsQuote)
                {
                    frame.Items.Add(node);
                    return;
                }

                // A quote frame completes with its one form: 'x becomes (quote x).
                stack.Pop();
                var quoteSpan = new SourceSpan(_file, frame.Start, node.Span.End);
                node = new SeqNode(quoteSpan, SeqKind.List, [new SymbolNode(new SourceSpan(_file, frame.Start, frame.Start), "quote"), node]);
            }
        }

        while (true)
        {
            SkipTrivia();
            if (_pos >= _text.Length)
            {
                break;
            }

            var c = _text[_pos];
            var start = Here;
            switch (c)
            {
                case '(' or '[' or '{':
                    Advance();
                    if (stack.Count >= MaxDepth)
                    {
                        if (!tooDeepReported)
                        {
                            _diagnostics.Error(ErrorCodes.NestingTooDeep, Messages.NestingTooDeep(MaxDepth), SpanFrom(start));
                            tooDeepReported = true;
                        }

                        // Give up on the rest: the structure is beyond repair and scanning on would only repeat the error.
                        return top;
                    }

                    stack.Push(new Frame(c, start, c switch { '[' => SeqKind.Vector, '{' => SeqKind.Map, _ => SeqKind.List }));
                    break;
                case ')' or ']' or '}':
                    Advance();
                    while (stack.Count > 0 && stack.Peek().IsQuote)
                    {
                        // 'x needs its form before the list closes: report the quote, then close the list normally.
                        var quote = stack.Pop();
                        _diagnostics.Error(ErrorCodes.QuoteWithoutForm, Messages.QuoteWithoutForm, new SourceSpan(_file, quote.Start, quote.Start));
                    }

                    if (stack.Count == 0)
                    {
                        _diagnostics.Error(ErrorCodes.UnexpectedClose, Messages.UnexpectedClose(c), SpanFrom(start));
                        break;
                    }

                    var open = stack.Pop();
                    if (Closer(open.Open) != c)
                    {
                        _diagnostics.Error(ErrorCodes.UnexpectedClose, Messages.MismatchedClose(open.Open, c), SpanFrom(start));
                    }

                    var span = new SourceSpan(_file, open.Start, Here);
                    if (open.Kind == SeqKind.Map && open.Items.Count % 2 != 0)
                    {
                        _diagnostics.Error(ErrorCodes.OddMap, Messages.OddMap, span);
                    }

                    Add(new SeqNode(span, open.Kind, open.Items));
                    break;
                case '\'':
                    Advance();
                    if (stack.Count >= MaxDepth)
                    {
                        _diagnostics.Error(ErrorCodes.NestingTooDeep, Messages.NestingTooDeep(MaxDepth), SpanFrom(start));
                        return top;
                    }

                    stack.Push(new Frame('\'', start, SeqKind.List, isQuote: true));
                    break;
                case '"':
                    Add(ReadString());
                    break;
                default:
                    if (ReadAtom() is { } atom)
                    {
                        Add(atom);
                    }

                    break;
            }
        }

        foreach (var frame in stack.Reverse())
        {
            if (frame.IsQuote)
            {
                _diagnostics.Error(ErrorCodes.QuoteWithoutForm, Messages.QuoteWithoutForm, new SourceSpan(_file, frame.Start, frame.Start));
            }
            else
            {
                _diagnostics.Error(ErrorCodes.UnclosedList, Messages.UnclosedList(frame.Open), new SourceSpan(_file, frame.Start, frame.Start));
            }
        }

        return top;
    }

    private static char Closer(char open) => open switch { '[' => ']', '{' => '}', _ => ')' };

    private void Advance()
    {
        if (_text[_pos] == '\n')
        {
            _line++;
            _col = 1;
        }
        else
        {
            _col++;
        }

        _pos++;
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == ';')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    Advance();
                }
            }
            else if (char.IsWhiteSpace(c) || c == ',')
            {
                Advance();
            }
            else
            {
                return;
            }
        }
    }

    private LiteralNode ReadString()
    {
        var start = Here;
        Advance();
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                _diagnostics.Error(ErrorCodes.UnterminatedString, Messages.UnterminatedString, new SourceSpan(_file, start, start));
                break;
            }

            var c = _text[_pos];
            if (c == '"')
            {
                Advance();
                break;
            }

            if (c == '\\' && _pos + 1 < _text.Length)
            {
                var escapeStart = Here;
                Advance();
                var e = _text[_pos];
                Advance();
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '\\': sb.Append('\\'); break;
                    case '"': sb.Append('"'); break;
                    default:
                        _diagnostics.Error(ErrorCodes.BadEscape, Messages.BadEscape(e), SpanFrom(escapeStart));
                        break;
                }

                continue;
            }

            sb.Append(c);
            Advance();
        }

        return new LiteralNode(SpanFrom(start), sb.ToString());
    }

    private static bool IsDelimiter(char c) =>
        char.IsWhiteSpace(c) || c is '(' or ')' or '[' or ']' or '{' or '}' or '"' or ';' or '\'' or ',';

    private Node? ReadAtom()
    {
        var start = Here;
        var begin = _pos;
        while (_pos < _text.Length && !IsDelimiter(_text[_pos]))
        {
            Advance();
        }

        if (_pos == begin)
        {
            // A character that starts nothing (only reachable for stray delimiters handled above; kept for safety).
            _diagnostics.Error(ErrorCodes.UnexpectedCharacter, Messages.UnexpectedCharacter(_text[_pos]), SpanFrom(start));
            Advance();
            return null;
        }

        var token = _text[begin.._pos];
        var span = SpanFrom(start);
        switch (token)
        {
            case "true" or "#t":
                return new LiteralNode(span, true);
            case "false" or "#f":
                return new LiteralNode(span, false);
            case "nil":
                return new LiteralNode(span, null);
        }

        if (token[0] == ':' && token.Length > 1)
        {
            return new KeywordNode(span, token[1..]);
        }

        if (LooksNumeric(token))
        {
            return ReadNumber(token, span);
        }

        if (token[0] == '#')
        {
            _diagnostics.Error(ErrorCodes.UnexpectedCharacter, Messages.UnexpectedCharacter('#'), span);
            return null;
        }

        return new SymbolNode(span, token);
    }

    private static bool LooksNumeric(string token)
    {
        var i = token[0] is '-' or '+' ? 1 : 0;
        return i < token.Length && char.IsAsciiDigit(token[i]);
    }

    private LiteralNode? ReadNumber(string token, SourceSpan span)
    {
        var body = token[0] is '-' or '+' ? token[1..] : token;
        var allDigits = body.All(char.IsAsciiDigit);
        if (allDigits)
        {
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return new LiteralNode(span, value);
            }

            _diagnostics.Error(ErrorCodes.BadNumber, Messages.IntegerOutOfRange(token), span);
            return null;
        }

        if (body.Contains('.') && IsFloat(body) && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return new LiteralNode(span, d);
        }

        _diagnostics.Error(ErrorCodes.BadNumber, Messages.BadNumber(token), span);
        return null;
    }

    // digits '.' digits ([eE] [+-]? digits)?
    private static bool IsFloat(string s)
    {
        var i = 0;
        var intDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; intDigits++; }
        if (intDigits == 0 || i >= s.Length || s[i] != '.')
        {
            return false;
        }

        i++;
        var fracDigits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; fracDigits++; }
        if (fracDigits == 0)
        {
            return false;
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            var expDigits = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { i++; expDigits++; }
            if (expDigits == 0)
            {
                return false;
            }
        }

        return i == s.Length;
    }
}
