using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Diagnostics;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Compiler.Binding;

internal sealed partial class Binder
{
    private Dictionary<string, Func<SeqNode, BNode>> CreateFormTable() => new(StringComparer.Ordinal)
    {
        ["quote"] = BindQuote,
        ["if"] = BindIf,
        ["cond"] = BindCond,
        ["case"] = BindCase,
        ["when"] = f => BindWhen(f, negate: false),
        ["unless"] = f => BindWhen(f, negate: true),
        ["do"] = f => BindBody(f.Items.Skip(1).ToList(), f.Span),
        ["begin"] = f => BindBody(f.Items.Skip(1).ToList(), f.Span),
        ["and"] = f => BindLogic(f, isAnd: true),
        ["or"] = f => BindLogic(f, isAnd: false),
        ["let"] = f => BindLet(f, recursive: false),
        ["let*"] = f => BindLet(f, recursive: false),
        ["letrec"] = f => BindLet(f, recursive: true),
        ["lambda"] = BindLambdaForm,
        ["fn"] = BindLambdaForm,
        ["define"] = MisplacedDefinition,
        ["defn"] = MisplacedDefinition,
        ["define-reloadable"] = MisplacedDefinition,
        ["define-stateful"] = MisplacedDefinition,
        ["try"] = BindTry,
        ["throw"] = BindThrow,
        ["set!"] = BindSet,
        ["match"] = BindMatch,
        ["module"] = MisplacedModuleForm,
        ["import"] = MisplacedModuleForm,
        ["export"] = MisplacedModuleForm,
        ["effect"] = BindEffect,
        ["handler"] = BindHandler,
        ["async"] = f => BindTask(f, "Async"),
        ["spawn"] = f => BindTask(f, "Spawn"),
        ["select"] = BindSelect,
        ["receive"] = BindReceive,
    };

    private BNode Error(string code, string message, SourceSpan span)
    {
        _d.Error(code, message, span);
        return new BConst(span, null);
    }

    private BNode MisplacedDefinition(SeqNode form) =>
        Declarations.Definition(form) is null
            ? MalformedDefinition(form)
            : Error(ErrorCodes.BadForm, Messages.BadForm(form.Head!, "it at the top level of a module or at the start of a body"), form.Span);

    private BNode MalformedDefinition(SeqNode form) =>
        Error(ErrorCodes.BadForm, Messages.BadForm(form.Head!, $"({form.Head} name value) or ({form.Head} (name params...) body...)"), form.Span);

    private BNode MisplacedModuleForm(SeqNode form) =>
        Error(ErrorCodes.BadForm, Messages.BadForm(form.Head!, "it at the top level of a module"), form.Span);

    private BNode BindQuote(SeqNode form)
    {
        if (form.Items.Count != 2)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("quote", "(quote form)"), form.Span);
        }

        return new BConst(form.Span, Datum(form.Items[1]));
    }

    private static object? Datum(Node node) => node switch
    {
        LiteralNode l => l.Value,
        KeywordNode k => Keyword.Intern(k.Name),
        SymbolNode s => Symbol.Intern(s.Name),
        SeqNode { Kind: SeqKind.Map } m => MapDatum(m),
        SeqNode s => FList.From(s.Items.Select(Datum)),
        _ => null,
    };

    private static FMap MapDatum(SeqNode m)
    {
        var map = FMap.Empty;
        for (var i = 0; i + 1 < m.Items.Count; i += 2)
        {
            map = map.Assoc(Datum(m.Items[i]), Datum(m.Items[i + 1]));
        }

        return map;
    }

    private BNode BindIf(SeqNode form)
    {
        if (form.Items.Count is < 3 or > 4)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("if", "(if test then [else])"), form.Span);
        }

        return new BIf(form.Span, BindExpr(form.Items[1]), BindExpr(form.Items[2]), form.Items.Count == 4 ? BindExpr(form.Items[3]) : null);
    }

    private static bool IsElse(Node n) => n is SymbolNode { Name: "else" or "_" } or KeywordNode { Name: "else" } or LiteralNode { Value: true };

    private BNode BindCond(SeqNode form)
    {
        BNode? result = null;
        for (var i = form.Items.Count - 1; i >= 1; i--)
        {
            if (form.Items[i] is not SeqNode { Kind: SeqKind.List, Items.Count: >= 1 } clause)
            {
                return Error(ErrorCodes.BadForm, Messages.BadForm("cond", "clauses (test body...)"), form.Items[i].Span);
            }

            var body = clause.Items.Count == 1 ? BindExpr(clause.Items[0]) : BindBody(clause.Items.Skip(1).ToList(), clause.Span);
            result = IsElse(clause.Items[0]) ? body : new BIf(clause.Span, BindExpr(clause.Items[0]), body, result);
        }

        return result ?? new BConst(form.Span, null);
    }

    private BNode BindCase(SeqNode form)
    {
        if (form.Items.Count < 2)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("case", "(case value key result ... _ default)"), form.Span);
        }

        var subject = NewLocal("case");
        var value = BindExpr(form.Items[1]);
        var rest = form.Items.Skip(2).ToList();
        var clauses = new List<(Node? Key, Node Body)>();
        var clauseStyle = rest.Count > 0 && rest.TrueForAll(n => n is SeqNode { Kind: SeqKind.List, Items.Count: >= 2 });
        if (clauseStyle)
        {
            clauses.AddRange(rest.Cast<SeqNode>().Select(c => ((Node?)c.Items[0], (Node)new SeqNode(c.Span, SeqKind.List, [new SymbolNode(c.Span, "begin"), .. c.Items.Skip(1)]))));
        }
        else
        {
            for (var i = 0; i < rest.Count; i += 2)
            {
                if (i + 1 >= rest.Count)
                {
                    // A lone last form is the default, as in Clojure.
                    clauses.Add((null, rest[i]));
                    break;
                }

                clauses.Add((rest[i], rest[i + 1]));
            }
        }

        BNode? result = null;
        for (var i = clauses.Count - 1; i >= 0; i--)
        {
            var (key, bodyNode) = clauses[i];
            var body = BindExpr(bodyNode);
            if (key is null || IsElse(key))
            {
                result = body;
                continue;
            }

            var keys = clauseStyle && key is SeqNode { Kind: SeqKind.List } many ? many.Items : [key];
            BNode? test = null;
            foreach (var k in keys)
            {
                var eq = new BOp(k.Span, "=", [new BLocal(k.Span, subject), new BConst(k.Span, Datum(k))]);
                test = test is null ? eq : new BOr(k.Span, [test, eq]);
            }

            result = new BIf(key.Span, test!, body, result);
        }

        return new BLet(form.Span, [(subject, value)], result ?? new BConst(form.Span, null), recursive: false);
    }

    private BNode BindWhen(SeqNode form, bool negate)
    {
        if (form.Items.Count < 2)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm(form.Head!, $"({form.Head} test body...)"), form.Span);
        }

        var test = BindExpr(form.Items[1]);
        var body = BindBody(form.Items.Skip(2).ToList(), form.Span);
        return negate ? new BIf(form.Span, test, new BConst(form.Span, null), body) : new BIf(form.Span, test, body, null);
    }

    private BNode BindLogic(SeqNode form, bool isAnd)
    {
        var items = form.Items.Skip(1).Select(BindExpr).ToList();
        return items.Count switch
        {
            0 => new BConst(form.Span, isAnd ? true : null),
            1 => items[0],
            _ => isAnd ? new BAnd(form.Span, items) : new BOr(form.Span, items),
        };
    }

    private BNode BindTry(SeqNode form)
    {
        var body = new List<Node>();
        var catches = new List<(Pattern, BNode)>();
        BNode? @finally = null;
        foreach (var item in form.Items.Skip(1))
        {
            if (item is SeqNode { Kind: SeqKind.List, Head: "catch" } c)
            {
                if (c.Items.Count < 2)
                {
                    _d.Error(ErrorCodes.BadForm, Messages.BadForm("catch", "(catch (name) body...) or (catch pattern body...)"), c.Span);
                    continue;
                }

                Push();
                var pattern = c.Items[1] is SeqNode { Kind: SeqKind.List, Items: [SymbolNode bind] }
                    ? BindPattern(bind, [])
                    : BindPattern(c.Items[1], []);
                var handler = BindBody(c.Items.Skip(2).ToList(), c.Span);
                Pop();
                catches.Add((pattern, handler));
            }
            else if (item is SeqNode { Kind: SeqKind.List, Head: "finally" } f)
            {
                @finally = BindBody(f.Items.Skip(1).ToList(), f.Span);
            }
            else
            {
                body.Add(item);
            }
        }

        if (catches.Count == 0 && @finally is null)
        {
            // Nothing to catch or run afterwards: the body alone (C# has no try without catch or finally).
            return BindBody(body, form.Span);
        }

        return new BTry(form.Span, BindBody(body, form.Span), catches, @finally);
    }

    private BNode BindThrow(SeqNode form)
    {
        if (form.Items.Count != 2)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("throw", "(throw value)"), form.Span);
        }

        return new BThrow(form.Span, BindExpr(form.Items[1]));
    }

    private BNode BindMatch(SeqNode form)
    {
        if (form.Items.Count < 2)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("match", "(match value (pattern body...) ...)"), form.Span);
        }

        var value = BindExpr(form.Items[1]);
        var clauses = new List<(Pattern Pattern, BNode Body)>();
        var malformed = false;
        foreach (var item in form.Items.Skip(2))
        {
            if (item is not SeqNode { Kind: SeqKind.List, Items.Count: >= 2 } clause)
            {
                _d.Error(ErrorCodes.BadForm, Messages.BadForm("match", "clauses (pattern body...)"), item.Span);
                malformed = true;
                continue;
            }

            Push();
            var pattern = BindPattern(clause.Items[0], []);
            var body = BindBody(clause.Items.Skip(1).ToList(), clause.Span);
            Pop();
            clauses.Add((pattern, body));
        }

        // A value no clause matches gives nil (as in the reference), which is seldom what was meant:
        // said once, at the match, unless its clauses were already reported (a bad pattern binds as _).
        if (!malformed && (clauses.Count == 0 || clauses[^1].Pattern is not (PWild or PBind)))
        {
            _d.Warning(ErrorCodes.MatchWithoutCatchAll, Messages.MatchWithoutCatchAll, form.Span);
        }

        return new BMatch(form.Span, value, clauses);
    }
}
