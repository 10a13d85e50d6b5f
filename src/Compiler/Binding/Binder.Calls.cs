using System.Globalization;
using FluentAI.Plugins.Compiler.Syntax;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>Calls: of module functions, imports, library functions and operators, with arity checked where it is known.</summary>
internal sealed partial class Binder
{
    private BNode BindCall(SeqNode list)
    {
        var head = list.Items[0];
        var args = list.Items.Skip(1).Select(BindExpr).ToList();
        if (head is LiteralNode)
        {
            _d.Error(ErrorCodes.NotAFunctionKnown, Messages.NotAFunction(head.ToString()!), head.Span);
            return new BConst(list.Span, null);
        }

        if (head is KeywordNode kw && args.Count is 1 or 2)
        {
            // (:key map) and (:key map default) look the keyword up, as in Clojure.
            var get = _builtins.Find("get");
            if (get?.Find(args.Count + 1) is { } m)
            {
                return new BBuiltinCall(list.Span, get, m, [args[0], new BConst(kw.Span, Values.Keyword.Intern(kw.Name)), .. args.Skip(1)]);
            }
        }

        var fn = BindExpr(head);
        switch (fn)
        {
            case BGlobal { Var.Direct: { } d } g:
                CheckArity(head.Span, g.Var.Name, d.Arity, d.IsVariadic, args.Count);
                return new BGlobalCall(list.Span, g.Var, args);
            case BGlobal { Var: { DefinitionCount: 1, IsAssigned: false } gv } when _manifest.Definitions.FirstOrDefault(d => d.Name == gv.Name) is { IsFunction: true } def:
                CheckArity(head.Span, gv.Name, def.Arity, def.IsVariadic, args.Count);
                break;
            case BImport { Var.Export: { IsFunction: true } e }:
                CheckArity(head.Span, ((SymbolNode)head).Name, e.Arity, e.IsVariadic, args.Count);
                break;
            case BBuiltinRef b:
                return BindBuiltinCall(list, b.Name, args);
        }

        return new BCall(list.Span, fn, args);
    }

    private static readonly HashSet<string> Operators = ["+", "-", "*", "<", "<=", ">", ">=", "=", "!=", "not"];

    private BNode BindBuiltinCall(SeqNode list, string name, List<BNode> args)
    {
        if (Operators.Contains(name) && (args.Count == 2 || (args.Count == 1 && name is "not" or "-")))
        {
            return new BOp(list.Span, name, args);
        }

        var builtin = _builtins.Find(name)!;
        var method = builtin.Find(args.Count);
        if (method is null)
        {
            _d.Error(ErrorCodes.WrongArityKnown, Messages.WrongArity(name, builtin.Expected(), args.Count), list.Items[0].Span);
            return new BConst(list.Span, null);
        }

        return new BBuiltinCall(list.Span, builtin, method, args);
    }

    private void CheckArity(SourceSpan span, string name, int arity, bool variadic, int given)
    {
        if (variadic ? given < arity : given != arity)
        {
            var expected = variadic ? $"at least {arity}" : arity.ToString(CultureInfo.InvariantCulture);
            _d.Error(ErrorCodes.WrongArityKnown, Messages.WrongArity(name, expected, given), span);
        }
    }
}
