using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

internal sealed partial class Binder
{
    private const string StatefulShape = "(define-stateful name :version N :state init [:migrate-from {M (lambda (old) ...) ...}])";

    /// <summary>
    /// <c>define-stateful</c>: the global holds the host's state cell, which the environment finds
    /// (and migrates) or creates. The initial state is passed as a thunk, evaluated only for a new cell.
    /// </summary>
    private BNode BindStateful(SeqNode form)
    {
        if (form.Items.Count < 2 || form.Items[1] is not SymbolNode name || (form.Items.Count - 2) % 2 != 0)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("define-stateful", StatefulShape), form.Span);
        }

        BNode? version = null;
        Node? init = null;
        BNode? migrations = null;
        for (var i = 2; i + 1 < form.Items.Count; i += 2)
        {
            switch (form.Items[i])
            {
                case KeywordNode { Name: "version" }:
                    version = BindExpr(form.Items[i + 1]);
                    break;
                case KeywordNode { Name: "state" }:
                    init = form.Items[i + 1];
                    break;
                case KeywordNode { Name: "migrate-from" }:
                    migrations = BindExpr(form.Items[i + 1]);
                    break;
                default:
                    _d.Error(ErrorCodes.BadForm, Messages.BadForm("define-stateful", StatefulShape), form.Items[i].Span);
                    break;
            }
        }

        if (version is null || init is null)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("define-stateful", StatefulShape + " (:version and :state are required)"), form.Span);
        }

        var thunk = BindLambda(new SeqNode(init.Span, SeqKind.List, []), [init], name.Name + ":state", init.Span);
        var call = new BRuntimeCall(form.Span, "__env.State", [new BConst(name.Span, name.Name), version, thunk, migrations ?? new BConst(form.Span, null)]);
        return new BDefine(form.Span, _globals[name.Name], call);
    }
}
