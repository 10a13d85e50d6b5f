using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>
/// <c>(receive (pattern body...) ... [(timeout ms body...)])</c>, FluentAI's form for an actor's handler:
/// a <c>match</c> of the message the handler was called with (<c>Actors.Message()</c>), whose value when
/// no clause matches is the handler's state (<c>Actors.Unhandled()</c>), so the actor keeps it. A
/// clause pattern <c>(tag p...)</c> headed by a plain symbol (the reference's <c>((increment n) ...)</c>)
/// matches a list whose first element is <c>:tag</c> or <c>'tag</c>; any other pattern is a <c>match</c>
/// pattern. With a timeout clause, <c>(if (Actors.TimedOut) body (do (Actors.After ms) match))</c>: the
/// clause's body runs in the handler call the expired timeout makes (message <c>:timeout</c>).
/// <c>actor</c>, <c>!</c> and <c>become</c> are library functions.
/// </summary>
internal sealed partial class Binder
{
    private const string ReceiveShape = "(receive (pattern body...) ... [(timeout ms body...)])";

    private BNode BindReceive(SeqNode form)
    {
        var clauses = new List<(Pattern, BNode)>();
        BNode? after = null;
        BNode? onTimeout = null;
        foreach (var item in form.Items.Skip(1))
        {
            if (item is SeqNode { Kind: SeqKind.List, Items: [SymbolNode { Name: "timeout" }, ..] } t)
            {
                if (t.Items.Count < 3 || after is not null)
                {
                    _d.Error(ErrorCodes.BadForm, Messages.BadForm("receive", "one timeout clause, (timeout ms body...)"), t.Span);
                    continue;
                }

                after = new BRuntimeCall(t.Span, RuntimeNs + "Actors.After", [BindExpr(t.Items[1])]);
                onTimeout = BindBody(t.Items.Skip(2).ToList(), t.Span);
                continue;
            }

            if (item is not SeqNode { Kind: SeqKind.List, Items.Count: >= 2 } clause)
            {
                _d.Error(ErrorCodes.BadForm, Messages.BadForm("receive", "clauses (pattern body...)"), item.Span);
                continue;
            }

            Push();
            var pattern = BindMessagePattern(clause.Items[0]);
            var body = BindBody(clause.Items.Skip(1).ToList(), clause.Span);
            Pop();
            clauses.Add((pattern, body));
        }

        if (clauses.Count == 0 && after is null)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("receive", ReceiveShape), form.Span);
        }

        clauses.Add((new PWild(), new BRuntimeCall(form.Span, RuntimeNs + "Actors.Unhandled", [])));
        var match = new BMatch(form.Span, new BRuntimeCall(form.Span, RuntimeNs + "Actors.Message", []), clauses);
        return after is null
            ? match
            : new BIf(form.Span, new BRuntimeCall(form.Span, RuntimeNs + "Actors.TimedOut", []), onTimeout!, new BSeq(form.Span, [after, match]));
    }

    /// <summary>A receive clause's pattern: <c>(tag p...)</c> headed by a symbol that is no pattern form is a tagged message; anything else a match pattern.</summary>
    private Pattern BindMessagePattern(Node node)
    {
        if (node is SeqNode { Kind: SeqKind.List, Items: [SymbolNode head, ..] } tagged
            && head.Name is not ("or" or "as" or "when" or "view" or ".." or "..=" or "Cons" or "list" or "quote" or "_" or "Nil"))
        {
            var bound = new Dictionary<string, LocalVar>(StringComparer.Ordinal);
            var tag = new POr([new PLit(Keyword.Intern(head.Name)), new PLit(Symbol.Intern(head.Name))]);
            return new PList([tag, .. tagged.Items.Skip(1).Select(p => BindPattern(p, bound))]);
        }

        return BindPattern(node, []);
    }
}
