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
        ["match"] = BindMatch,
        ["module"] = MisplacedModuleForm,
        ["import"] = MisplacedModuleForm,
        ["export"] = MisplacedModuleForm,
        ["effect"] = BindEffect,
        ["handler"] = BindHandler,
        ["async"] = f => BindTask(f, "Async"),
        ["spawn"] = f => BindTask(f, "Spawn"),
        ["select"] = BindSelect,
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

    /// <summary>
    /// A body: a sequence whose leading definitions (<c>define</c>, <c>defn</c>) are local and
    /// mutually visible, like Scheme's internal defines.
    /// </summary>
    private BNode BindBody(IReadOnlyList<Node> forms, SourceSpan span)
    {
        if (forms.Count == 0)
        {
            return new BConst(span, null);
        }

        var defs = forms.OfType<SeqNode>().Where(f => f.Kind == SeqKind.List && f.Head is "define" or "defn").Select(f => (Form: f, Def: Declarations.Definition(f))).ToList();
        if (defs.Count == 0)
        {
            return forms.Count == 1 ? BindExpr(forms[0]) : new BSeq(span, forms.Select(BindExpr).ToList());
        }

        Push();
        var locals = new List<(LocalVar, BNode)>();
        foreach (var (f, def) in defs)
        {
            if (def is null)
            {
                continue;
            }

            var v = NewLocal(def.Name);
            _scope!.Add(v);
            locals.Add((v, new BConst(f.Span, null)));
        }

        var items = new List<BNode>();
        foreach (var form in forms)
        {
            if (form is SeqNode { Kind: SeqKind.List, Head: "define" or "defn" } d && Declarations.Definition(d) is { } def)
            {
                var v = _scope!.Find(def.Name)!;
                var value = BindDefinitionValue(d, def.Name);
                if (value is BLambda l)
                {
                    v.BoundLambda = l.Info;
                }

                items.Add(new BSetLocal(d.Span, v, value));
            }
            else
            {
                items.Add(BindExpr(form));
            }
        }

        Pop();
        return new BLet(span, locals, items.Count == 1 ? items[0] : new BSeq(span, items), recursive: true);
    }

    private BNode BindDefinitionValue(SeqNode form, string name)
    {
        switch (form.Head, form.Items[1])
        {
            case ("define", SeqNode sig):
                return BindLambda(new SeqNode(sig.Span, SeqKind.List, sig.Items.Skip(1).ToList()), form.Items.Skip(2).ToList(), name, form.Span);
            case ("defn", _):
                return BindLambda((SeqNode)form.Items[2], form.Items.Skip(3).ToList(), name, form.Span);
            default:
                if (form.Items.Count != 3)
                {
                    return Error(ErrorCodes.BadForm, Messages.BadForm(form.Head!, $"({form.Head} {name} value)"), form.Span);
                }

                if (form.Items[2] is SeqNode { Kind: SeqKind.List, Head: "lambda" or "fn" } lambda && lambda.Items.Count >= 2 && lambda.Items[1] is SeqNode ps)
                {
                    return BindLambda(ps, lambda.Items.Skip(2).ToList(), name, lambda.Span);
                }

                return BindExpr(form.Items[2]);
        }
    }

    private BNode BindLambdaForm(SeqNode form)
    {
        if (form.Items.Count < 2 || form.Items[1] is not SeqNode { Kind: SeqKind.List or SeqKind.Vector } ps)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm(form.Head!, $"({form.Head} (params...) body...)"), form.Span);
        }

        return BindLambda(ps, form.Items.Skip(2).ToList(), "lambda", form.Span);
    }

    private BNode BindLambda(SeqNode parameters, IReadOnlyList<Node> body, string name, SourceSpan span)
    {
        Push();
        var ps = new List<LocalVar>();
        LocalVar? rest = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Items.Count; i++)
        {
            if (parameters.Items[i] is not SymbolNode p)
            {
                _d.Error(ErrorCodes.BadForm, Messages.BadForm("parameter list", "names"), parameters.Items[i].Span);
                continue;
            }

            if (p.Name == "&")
            {
                if (i + 2 != parameters.Items.Count || parameters.Items[i + 1] is not SymbolNode r)
                {
                    _d.Error(ErrorCodes.BadForm, Messages.BadForm("parameter list", "one name after &"), p.Span);
                    break;
                }

                rest = NewLocal(r.Name);
                _scope!.Add(rest);
                break;
            }

            if (!seen.Add(p.Name))
            {
                _d.Error(ErrorCodes.DuplicateParameter, Messages.DuplicateParameter(p.Name), p.Span);
            }

            var v = NewLocal(p.Name);
            _scope!.Add(v);
            ps.Add(v);
        }

        var info = new LambdaInfo { Name = name, Parameters = ps, Rest = rest, Span = span };
        info.Body = BindBody(body, span);
        Pop();
        return new BLambda(span, info);
    }

    private BNode BindLet(SeqNode form, bool recursive)
    {
        var head = form.Head!;
        if (form.Items.Count < 2 || form.Items[1] is not SeqNode { Kind: SeqKind.List or SeqKind.Vector } bindingsNode)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm(head, $"({head} ((name value) ...) body...)"), form.Span);
        }

        var pairs = new List<(SymbolNode Name, Node Init)>();
        if (bindingsNode.Kind == SeqKind.Vector)
        {
            for (var i = 0; i + 1 < bindingsNode.Items.Count; i += 2)
            {
                if (bindingsNode.Items[i] is SymbolNode s)
                {
                    pairs.Add((s, bindingsNode.Items[i + 1]));
                }
            }
        }
        else
        {
            foreach (var b in bindingsNode.Items)
            {
                if (b is SeqNode { Items: [SymbolNode s, var init] })
                {
                    pairs.Add((s, init));
                }
                else
                {
                    _d.Error(ErrorCodes.BadForm, Messages.BadForm(head, "each binding as (name value)"), b.Span);
                }
            }
        }

        Push();
        var bindings = new List<(LocalVar, BNode)>();
        if (recursive)
        {
            // letrec binds all its names at once: a name twice would leave one of them unreachable.
            foreach (var twice in pairs.GroupBy(p => p.Name.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                _d.Error(ErrorCodes.DuplicateDefinition, Messages.DuplicateBinding(twice.Key, head), twice.Skip(1).First().Name.Span);
            }

            var vars = pairs.Select(p => { var v = NewLocal(p.Name.Name); _scope!.Add(v); return v; }).ToList();
            var sets = new List<BNode>();
            for (var i = 0; i < pairs.Count; i++)
            {
                var init = BindExpr(pairs[i].Init);
                if (init is BLambda l)
                {
                    vars[i].BoundLambda = l.Info;
                    l.Info.Name = pairs[i].Name.Name;
                }

                bindings.Add((vars[i], new BConst(pairs[i].Name.Span, null)));
                sets.Add(new BSetLocal(pairs[i].Name.Span, vars[i], init));
            }

            sets.Add(BindBody(form.Items.Skip(2).ToList(), form.Span));
            Pop();
            return new BLet(form.Span, bindings, new BSeq(form.Span, sets), recursive: true);
        }

        foreach (var (name, initNode) in pairs)
        {
            var init = BindExpr(initNode);
            var v = NewLocal(name.Name);
            v.Type = Types.Of(init);
            if (init is BLambda l && l.Info.Name == "lambda")
            {
                l.Info.Name = name.Name;
            }

            _scope!.Add(v);
            bindings.Add((v, init));
        }

        var body = BindBody(form.Items.Skip(2).ToList(), form.Span);
        Pop();
        return new BLet(form.Span, bindings, body, recursive: false);
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
        var clauses = new List<(Pattern, BNode)>();
        foreach (var item in form.Items.Skip(2))
        {
            if (item is not SeqNode { Kind: SeqKind.List, Items.Count: >= 2 } clause)
            {
                _d.Error(ErrorCodes.BadForm, Messages.BadForm("match", "clauses (pattern body...)"), item.Span);
                continue;
            }

            Push();
            var pattern = BindPattern(clause.Items[0], []);
            var body = BindBody(clause.Items.Skip(1).ToList(), clause.Span);
            Pop();
            clauses.Add((pattern, body));
        }

        return new BMatch(form.Span, value, clauses);
    }
}
