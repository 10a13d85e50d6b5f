using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>
/// Effects and concurrency forms. Each lowers to a <see cref="BRuntimeCall"/> of a runtime helper,
/// with bodies passed as lambdas:
/// <list type="bullet">
/// <item><c>(effect type:op args...)</c> or <c>(effect type op args...)</c> → <c>Effects.Perform("type", "op", (list args...))</c>.</item>
/// <item><c>(handler ((key fn) ...) body...)</c>, key <c>type</c> or <c>type:op</c> → <c>Effects.Handle({"key" fn ...}, (lambda () body...))</c>.</item>
/// <item><c>(async body...)</c> / <c>(spawn body...)</c> → <c>Concurrency.Async</c> / <c>Concurrency.Spawn</c> of <c>(lambda () body...)</c>.</item>
/// <item><c>(select clause... [(default body...)])</c>, clause <c>((recv! ch) [v] body...)</c> or
/// <c>((send! ch x) [v] body...)</c> (the optional <c>[v]</c> names the value received or sent) →
/// <c>Concurrency.Select((list ("recv" ch nil (lambda (v) body...)) ...), (lambda () default...))</c>.</item>
/// </list>
/// <c>chan</c>, <c>send!</c>, <c>recv!</c>, <c>await</c> and the other channel and promise
/// operations are library functions, not forms.
/// </summary>
internal sealed partial class Binder
{
    private const string RuntimeNs = "global::FluentAI.Plugins.Runtime.";

    private BNode BindEffect(SeqNode form)
    {
        const string Shape = "(effect type:op args...)";
        if (form.Items.Count < 2 || form.Items[1] is not SymbolNode first)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("effect", Shape), form.Span);
        }

        string type, op;
        int argsFrom;
        var colon = first.Name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && colon < first.Name.Length - 1)
        {
            (type, op, argsFrom) = (first.Name[..colon], first.Name[(colon + 1)..], 2);
        }
        else if (colon < 0 && form.Items.Count >= 3 && form.Items[2] is SymbolNode second)
        {
            (type, op, argsFrom) = (first.Name, second.Name, 3);
        }
        else
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("effect", Shape), form.Span);
        }

        var args = form.Items.Skip(argsFrom).Select(BindExpr).ToList();
        return new BRuntimeCall(form.Span, RuntimeNs + "Effects.Perform", [
            new BConst(first.Span, type.ToLowerInvariant()),
            new BConst(first.Span, op),
            new BListLit(form.Span, args),
        ]);
    }

    private BNode BindHandler(SeqNode form)
    {
        const string Shape = "(handler ((type-or-type:op fn) ...) body...)";
        if (form.Items.Count < 2 || form.Items[1] is not SeqNode { Kind: SeqKind.List or SeqKind.Vector } clauses)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("handler", Shape), form.Span);
        }

        var entries = new List<BNode>();
        foreach (var clause in clauses.Items)
        {
            if (clause is not SeqNode { Kind: SeqKind.List, Items: [SymbolNode key, var fn] })
            {
                _d.Error(ErrorCodes.BadForm, Messages.BadForm("handler", "each handler as (type fn) or (type:op fn)"), clause.Span);
                continue;
            }

            entries.Add(new BConst(key.Span, key.Name));
            entries.Add(BindExpr(fn));
        }

        var body = Thunk("handler", form.Items.Skip(2).ToList(), form.Span, null);
        return new BRuntimeCall(form.Span, RuntimeNs + "Effects.Handle", [new BMapLit(clauses.Span, entries), body]);
    }

    private BNode BindTask(SeqNode form, string method)
    {
        var name = form.Head!;
        if (form.Items.Count < 2)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm(name, $"({name} body...)"), form.Span);
        }

        return new BRuntimeCall(form.Span, RuntimeNs + "Concurrency." + method, [Thunk(name, form.Items.Skip(1).ToList(), form.Span, null)]);
    }

    private BNode BindSelect(SeqNode form)
    {
        const string ClauseShape = "clauses ((recv! ch) [v] body...), ((send! ch value) [v] body...) and (default body...)";
        var clauses = new List<BNode>();
        BNode otherwise = new BConst(form.Span, null);
        foreach (var item in form.Items.Skip(1))
        {
            if (item is SeqNode { Kind: SeqKind.List, Items: [SymbolNode { Name: "default" or "else" }, ..] } d)
            {
                otherwise = Thunk("default", d.Items.Skip(1).ToList(), d.Span, null);
                continue;
            }

            if (item is not SeqNode { Kind: SeqKind.List, Items: [SeqNode { Kind: SeqKind.List } op, ..] } clause
                || !(op is { Head: "recv!", Items.Count: 2 } || op is { Head: "send!", Items.Count: 3 }))
            {
                _d.Error(ErrorCodes.BadForm, Messages.BadForm("select", ClauseShape), item.Span);
                continue;
            }

            var isReceive = op.Head == "recv!";
            var body = clause.Items.Skip(1).ToList();
            LocalVar? received = null;
            if (body is [SeqNode { Kind: SeqKind.Vector, Items: [SymbolNode v] }, ..])
            {
                received = NewLocal(v.Name);
                body.RemoveAt(0);
            }

            var channel = BindExpr(op.Items[1]);
            var value = isReceive ? new BConst(op.Span, null) : BindExpr(op.Items[2]);
            clauses.Add(new BListLit(clause.Span, [
                new BConst(op.Span, isReceive ? "recv" : "send"),
                channel,
                value,
                Thunk("select", body, clause.Span, received ?? NewLocal("_")),
            ]));
        }

        return new BRuntimeCall(form.Span, RuntimeNs + "Concurrency.Select", [new BListLit(form.Span, clauses), otherwise]);
    }

    /// <summary>A lambda of no parameters (or of <paramref name="parameter"/>) around a body.</summary>
    private BLambda Thunk(string name, IReadOnlyList<Node> body, SourceSpan span, LocalVar? parameter)
    {
        Push();
        if (parameter is not null)
        {
            _scope!.Add(parameter);
        }

        var info = new LambdaInfo { Name = name, Parameters = parameter is null ? [] : [parameter], Span = span };
        info.Body = BindBody(body, span);
        Pop();
        return new BLambda(span, info);
    }
}
