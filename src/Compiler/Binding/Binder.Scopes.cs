using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>Forms that open a scope: bodies with local definitions, lambdas, <c>let</c> and <c>letrec</c>.</summary>
internal sealed partial class Binder
{
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
                if (value is BLambda l && !v.IsAssigned)
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
                    vars[i].BoundLambda = vars[i].IsAssigned ? null : l.Info;
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
            v.Type = v.IsAssigned ? CType.Obj : Types.Of(init);
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
}
