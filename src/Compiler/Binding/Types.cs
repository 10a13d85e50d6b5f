namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>The static type of a bound expression, as far as the binder can prove it.</summary>
internal static class Types
{
    public static CType Of(BNode node) => node switch
    {
        BConst { Value: long } => CType.Long,
        BConst { Value: double } => CType.Double,
        BConst { Value: bool } => CType.Bool,
        BLocal l => l.Var.Type,
        BOp op => OfOp(op),
        _ => CType.Obj,
    };

    private static CType OfOp(BOp op)
    {
        switch (op.Op)
        {
            case "<" or "<=" or ">" or ">=" or "=" or "!=" or "not":
                return CType.Bool;
            case "+" or "-" or "*":
                var all = op.Args.Select(Of).ToList();
                if (all.TrueForAll(t => t == CType.Long))
                {
                    return CType.Long;
                }

                if (all.TrueForAll(t => t is CType.Long or CType.Double) && all.Contains(CType.Double))
                {
                    return CType.Double;
                }

                return CType.Obj;
            default:
                return CType.Obj;
        }
    }
}
