using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

internal sealed partial class Binder
{
    private const string StatefulShape = "(define-stateful name :version N :state init [:migrate-from {M (lambda (old) ...) ...}] [:migrate-to {M (lambda (new) ...) ...}])";

    /// <summary>
    /// <c>define-stateful</c>: the global holds the host's state cell, which the environment finds
    /// (and migrates) or creates. The initial state is passed as a thunk, evaluated only for a new cell.
    /// <c>:migrate-to</c> (down-migrations, for a rollback) is passed only when present, so code
    /// without it calls the environment exactly as before.
    /// </summary>
    private BNode BindStateful(SeqNode form)
    {
        if (form.Items.Count < 2 || form.Items[1] is not SymbolNode name || (form.Items.Count - 2) % 2 != 0)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("define-stateful", StatefulShape), form.Span);
        }

        BNode? version = null;
        Node? versionNode = null;
        Node? downNode = null;
        Node? init = null;
        BNode? migrations = null;
        BNode? downMigrations = null;
        for (var i = 2; i + 1 < form.Items.Count; i += 2)
        {
            switch (form.Items[i])
            {
                case KeywordNode { Name: "version" }:
                    versionNode = form.Items[i + 1];
                    version = BindExpr(versionNode);
                    break;
                case KeywordNode { Name: "state" }:
                    init = form.Items[i + 1];
                    break;
                case KeywordNode { Name: "migrate-from" }:
                    migrations = BindExpr(form.Items[i + 1]);
                    break;
                case KeywordNode { Name: "migrate-to" }:
                    downNode = form.Items[i + 1];
                    downMigrations = BindExpr(downNode);
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

        if (downNode is not null)
        {
            CheckDownMigrations(downNode, versionNode);
        }

        var thunk = BindLambda(new SeqNode(init.Span, SeqKind.List, []), [init], name.Name + ":state", init.Span);
        List<BNode> args = [new BConst(name.Span, name.Name), version, thunk, migrations ?? new BConst(form.Span, null)];
        if (downMigrations is not null)
        {
            args.Add(downMigrations);
        }

        var call = new BRuntimeCall(form.Span, "__env.State", args);
        return new BDefine(form.Span, _globals[name.Name], call);
    }

    /// <summary>
    /// A <c>:migrate-to</c> map written out literally: every key written as a literal must be an integer
    /// version lower than <c>:version</c> (when that is a literal too), every value written as a literal
    /// must be a function. What is computed is checked by the host when the form runs.
    /// </summary>
    private void CheckDownMigrations(Node downMigrations, Node? version)
    {
        if (downMigrations is not SeqNode { Kind: SeqKind.Map } map)
        {
            return;
        }

        long? declared = version is LiteralNode { Value: long v } ? v : null;
        for (var i = 0; i + 1 < map.Items.Count; i += 2)
        {
            var key = map.Items[i];
            var bad = key is LiteralNode { Value: long target } ? target >= declared : key is LiteralNode or KeywordNode;
            if (bad)
            {
                _d.Error(ErrorCodes.BadForm, Messages.DownMigrationKey($"{key}", declared), key.Span);
            }

            if (map.Items[i + 1] is LiteralNode or KeywordNode)
            {
                _d.Error(ErrorCodes.BadForm, Messages.DownMigrationNotFunction($"{map.Items[i + 1]}"), map.Items[i + 1].Span);
            }
        }
    }
}
