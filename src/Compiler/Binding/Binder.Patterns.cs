using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

internal sealed partial class Binder
{
    /// <summary>Binds a pattern; variables go into the current scope (one variable per name within a clause).</summary>
    private Pattern BindPattern(Node node, Dictionary<string, LocalVar> bound)
    {
        switch (node)
        {
            case SymbolNode { Name: "_" }:
                return new PWild();
            case SymbolNode { Name: "Nil" }:
                return new PNil();
            case SymbolNode s:
                return new PBind(PatternVar(s.Name, bound));
            case LiteralNode l:
                return new PLit(l.Value);
            case KeywordNode k:
                return new PLit(Values.Keyword.Intern(k.Name));
            case SeqNode { Kind: SeqKind.Vector } v:
                return new PList(v.Items.Select(i => BindPattern(i, bound)).ToList());
            case SeqNode { Kind: SeqKind.List, Head: { } head } list:
                var args = list.Items.Skip(1).ToList();
                switch (head)
                {
                    case "or" when args.Count >= 1:
                        return new POr(args.Select(a => BindPattern(a, bound)).ToList());
                    case "as" when args is [SymbolNode name, var inner]:
                        var asVar = PatternVar(name.Name, bound);
                        return new PAs(asVar, BindPattern(inner, bound));
                    case "when" when args.Count == 2:
                        var guarded = BindPattern(args[0], bound);
                        return new PWhen(guarded, BindExpr(args[1]));
                    case "view" when args.Count == 2:
                        var fn = BindExpr(args[0]);
                        return new PView(fn, BindPattern(args[1], bound));
                    case ".." or "..=" when args is [LiteralNode { Value: long or double } lo, LiteralNode { Value: long or double } hi]:
                        return new PRange(lo.Value!, hi.Value!, head == "..=");
                    case "Cons" when args.Count == 2:
                        return new PCons(BindPattern(args[0], bound), BindPattern(args[1], bound));
                    case "list":
                        return new PList(args.Select(a => BindPattern(a, bound)).ToList());
                    case "quote" when args.Count == 1:
                        return new PLit(Datum(args[0]));
                }

                break;
        }

        _d.Error(ErrorCodes.BadPattern, Messages.BadPattern(node.ToString() ?? ""), node.Span);
        return new PWild();
    }

    private LocalVar PatternVar(string name, Dictionary<string, LocalVar> bound)
    {
        if (!bound.TryGetValue(name, out var v))
        {
            bound[name] = v = NewLocal(name);
            _scope!.Add(v);
        }

        return v;
    }
}
