using System.Globalization;
using FluentAI.Plugins.Compiler.Binding;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Compiler.Emit;

internal sealed partial class Emitter
{
    /// <summary>The node as an object-typed C# expression (boxing a proven type).</summary>
    private string Obj(BNode n) => Box(Expr(n, out var t), t);

    private static string Box(string e, CType t) => t switch
    {
        CType.Long => $"{R}Boxes.Int({e})",
        CType.Bool => $"{R}Boxes.Bool({e})",
        CType.Double => $"{R}Boxes.Double({e})",
        _ => e,
    };

    /// <summary>The node as a C# <c>bool</c>: FluentAI truth (only nil and #f are false).</summary>
    private string Cond(BNode n)
    {
        var e = Expr(n, out var t);
        return t == CType.Bool ? e : $"{R}Ops.Truthy({e})";
    }

    /// <summary>The node as a C# expression of type <paramref name="t"/>; statements it needs are written first.</summary>
    private string Expr(BNode n, out CType t)
    {
        t = CType.Obj;
        switch (n)
        {
            case BConst c:
                return Const(c.Value, out t);
            case BLocal l:
                t = l.Var.Type;
                return l.Var.CsName;
            case BGlobal g:
                return g.Var.Function is not null ? g.Var.CsName + "__fn"
                    : g.Var.IsReloadable ? g.Var.CsName + "__own"
                    : g.Var.IsAssigned ? $"System.Threading.Volatile.Read(ref {g.Var.CsName})"
                    : g.Var.CsName;
            case BImport i:
                return i.Var.Export.IsFunction ? i.Var.CsName : i.Var.CsName + ".Value";
            case BBuiltinRef b:
                return BuiltinRef(b.Name);
            case BOp op:
                return EmitOp(op, out t);
            case BGlobalCall gc:
                if (TypedCall(gc, out t) is { } typedCall)
                {
                    return typedCall;
                }

                return $"{gc.Var.CsName}({string.Join(", ", Args(gc.Args, gc.Var.Function!))})";
            case BBuiltinCall bc:
                bc = OwnedFold.Rewrite(bc) ?? bc;
                bc = RangeMap.Rewrite(bc) ?? bc;
                t = bc.Method.ReturnType == typeof(bool) ? CType.Bool : bc.Method.ReturnType == typeof(long) ? CType.Long : CType.Obj;
                var type = bc.Method.DeclaringType!;
                var typeName = type.Namespace == "FluentAI.Plugins.Runtime" ? type.Name : "global::" + type.FullName;
                return $"{typeName}.{bc.Method.Name}({string.Join(", ", Spill(bc.Args))})";
            case BCall call:
                return EmitCall(call);
            case BRuntimeCall rc:
                return $"{rc.Target}({string.Join(", ", Spill(rc.Args))})";
            case BListLit list:
                return list.Items.Count == 0 ? $"{V}FList.Empty" : $"{V}FList.Of({string.Join(", ", Spill(list.Items))})";
            case BMapLit map:
                return map.Items.Count == 0 ? $"{V}FMap.Empty" : $"{V}FMap.Of({string.Join(", ", Spill(map.Items))})";
            case BLambda lambda:
                return EmitLambda(lambda.Info);
            case BIf iff:
                return EmitIfExpr(iff, out t);
            case BSeq seq:
                for (var i = 0; i < seq.Items.Count - 1; i++)
                {
                    Effect(seq.Items[i]);
                }

                return Expr(seq.Items[^1], out t);
            case BLet let:
                DeclareLet(let);
                return Expr(let.Body, out t);
            default:
                // Everything else needs statements: compute into a temporary.
                var temp = Temp();
                _w.Line($"object {temp};");
                AssignTo(n, temp);
                return temp;
        }
    }

    private string EmitCall(BCall call)
    {
        var fnIsLink = call.Fn is BImport { Var.Export.IsFunction: true } or BGlobal { Var.IsReloadable: true } or BGlobal { Var.Direct: not null };
        var all = Spill([call.Fn, .. call.Args]);
        var f = all[0];
        var args = all.Skip(1).ToList();
        if (args.Count > 4)
        {
            return fnIsLink ? $"{f}.Apply(new object[] {{ {string.Join(", ", args)} }})" : $"{R}Rt.CallN({f}, new object[] {{ {string.Join(", ", args)} }})";
        }

        return fnIsLink ? $"{f}.Invoke({string.Join(", ", args)})" : $"{R}Rt.Call({string.Join(", ", all)})";
    }

    /// <summary>Arguments of a direct call: the rest parameter gets a list.</summary>
    private List<string> Args(IReadOnlyList<BNode> args, LambdaInfo target)
    {
        var values = Spill(args);
        if (target.Rest is null)
        {
            return values;
        }

        var fixedArgs = values.Take(target.Arity).ToList();
        var rest = values.Skip(target.Arity).ToList();
        fixedArgs.Add(rest.Count == 0 ? $"{V}FList.Empty" : $"{V}FList.Of({string.Join(", ", rest)})");
        return fixedArgs;
    }

    /// <summary>
    /// Object-typed expressions for <paramref name="nodes"/>, evaluated left to right. When a later
    /// node needs statements, the earlier values are first saved in temporaries so the order holds.
    /// </summary>
    private List<string> Spill(IReadOnlyList<BNode> nodes)
    {
        var outer = _w;
        var parts = new List<(CodeWriter Pre, string Expr)>();
        foreach (var node in nodes)
        {
            _w = new CodeWriter(outer.Indent);
            var e = Obj(node);
            parts.Add((_w, e));
        }

        _w = outer;
        var lastWithStatements = parts.FindLastIndex(p => !p.Pre.IsEmpty);
        var result = new List<string>();
        for (var i = 0; i < parts.Count; i++)
        {
            _w.Append(parts[i].Pre);
            if (i < lastWithStatements && !IsTrivial(nodes[i]))
            {
                var temp = Temp("a");
                _w.Line($"object {temp} = {parts[i].Expr};");
                result.Add(temp);
            }
            else
            {
                result.Add(parts[i].Expr);
            }
        }

        return result;
    }

    private static bool IsTrivial(BNode n) => n is BConst or BLambda or BBuiltinRef || (n is BGlobal g && g.Var.Direct is not null);

    private string BuiltinRef(string name)
    {
        if (!_builtinRefs.TryGetValue(name, out var field))
        {
            _builtinRefs[name] = field = "__b" + _builtinRefs.Count.ToString(CultureInfo.InvariantCulture);
        }

        return field;
    }

    private string Const(object? value, out CType t)
    {
        t = CType.Obj;
        switch (value)
        {
            case null:
                return "null";
            case long l:
                t = CType.Long;
                return l == long.MinValue ? "long.MinValue" : l.ToString(CultureInfo.InvariantCulture) + "L";
            case double d:
                t = CType.Double;
                return double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) + "d" : double.IsNaN(d) ? "double.NaN" : d > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
            case bool b:
                t = CType.Bool;
                return b ? "true" : "false";
            case string s:
                return Str(s);
            default:
                var expr = ConstExpr(value);
                if (!_constants.TryGetValue(expr, out var field))
                {
                    _constants[expr] = field = "__c" + _constants.Count.ToString(CultureInfo.InvariantCulture);
                }

                return field;
        }
    }

    private string ConstExpr(object? value) => value switch
    {
        null => "null",
        Keyword k => $"{V}Keyword.Intern({Str(k.Name)})",
        Symbol s => $"{V}Symbol.Intern({Str(s.Name)})",
        FList { Count: 0 } => $"{V}FList.Empty",
        FList l => $"{V}FList.Of({string.Join(", ", l.Select(ConstItem))})",
        FMap { Count: 0 } => $"{V}FMap.Empty",
        FMap m => $"{V}FMap.Of({string.Join(", ", m.SelectMany(kv => new[] { ConstItem(kv.Key), ConstItem(kv.Value) }))})",
        _ => throw new InvalidOperationException("not a constant: " + value.GetType().Name),
    };

    private string ConstItem(object? value) => Box(Const(value, out var t), t);

    private string EmitIfExpr(BIf iff, out CType t)
    {
        var test = Cond(iff.Test);
        var outer = _w;
        _w = new CodeWriter(outer.Indent);
        var then = Expr(iff.Then, out var tt);
        var thenPre = _w;
        _w = new CodeWriter(outer.Indent);
        var et = CType.Obj;
        var otherwise = iff.Else is null ? "null" : Expr(iff.Else, out et);
        var elsePre = _w;
        _w = outer;
        if (thenPre.IsEmpty && elsePre.IsEmpty)
        {
            if (tt == et && tt != CType.Obj && iff.Else is not null)
            {
                t = tt;
                return $"({test} ? {then} : {otherwise})";
            }

            t = CType.Obj;
            return $"({test} ? (object){Box(then, tt)} : {(iff.Else is null ? "null" : Box(otherwise, et))})";
        }

        // Branches that need statements become an if statement assigning a temporary, unboxed when both arms are integers.
        var unboxed = tt == CType.Long && et == CType.Long && iff.Else is not null;
        t = unboxed ? CType.Long : CType.Obj;
        var temp = Temp();
        _w.Line($"{(unboxed ? "long" : "object")} {temp};");
        _w.Open($"if ({test})");
        _w.Append(thenPre);
        _w.Line($"{temp} = {(unboxed ? then : Box(then, tt))};");
        _w.Close();
        _w.Open("else");
        _w.Append(elsePre);
        _w.Line($"{temp} = {(iff.Else is null ? "null" : unboxed ? otherwise : Box(otherwise, et))};");
        _w.Close();
        return temp;
    }

    private string EmitOp(BOp op, out CType t)
    {
        if (op.Op == "not")
        {
            t = CType.Bool;
            return $"!{Cond(op.Args[0])}";
        }

        if (op.Args.Count == 1)
        {
            // Unary minus.
            var e = Expr(op.Args[0], out var at);
            t = at is CType.Long or CType.Double ? at : CType.Obj;
            return at switch
            {
                CType.Long => $"{R}Ops.SubL(0L, {e})",
                CType.Double => $"(-{e})",
                _ => $"{R}Ops.Negate({Box(e, at)})",
            };
        }

        // Evaluate both sides in order; a right side that needs statements spills the left.
        var outer = _w;
        _w = new CodeWriter(outer.Indent);
        var a = Expr(op.Args[0], out var ta);
        var preA = _w;
        _w = new CodeWriter(outer.Indent);
        var b = Expr(op.Args[1], out var tb);
        var preB = _w;
        _w = outer;
        _w.Append(preA);
        if (!preB.IsEmpty && !IsTrivial(op.Args[0]))
        {
            var temp = Temp("a");
            _w.Line($"{(ta == CType.Obj ? "object" : CsType(ta))} {temp} = {a};");
            a = temp;
        }

        _w.Append(preB);
        var numeric = ta is CType.Long or CType.Double && tb is CType.Long or CType.Double;
        var bothLong = ta == CType.Long && tb == CType.Long;
        switch (op.Op)
        {
            case "+" or "-" or "*":
                var name = op.Op switch { "+" => "Add", "-" => "Sub", _ => "Mul" };
                if (bothLong)
                {
                    t = CType.Long;
                    return $"{R}Ops.{name}L({a}, {b})";
                }

                if (numeric)
                {
                    t = CType.Double;
                    return $"((double){a} {op.Op} (double){b})";
                }

                t = CType.Obj;
                if (tb == CType.Long && op.Op != "*")
                {
                    return $"{R}Ops.{name}({Box(a, ta)}, {b})";
                }

                return $"{R}Ops.{name}({Box(a, ta)}, {Box(b, tb)})";
            default:
                t = CType.Bool;
                var cs = op.Op switch { "=" => "==", "!=" => "!=", _ => op.Op };
                if (numeric)
                {
                    return bothLong ? $"({a} {cs} {b})" : $"((double){a} {cs} (double){b})";
                }

                var method = op.Op switch { "<" => "Lt", "<=" => "Le", ">" => "Gt", ">=" => "Ge", _ => "Eq" };
                var call = tb == CType.Long ? $"{R}Ops.{method}({Box(a, ta)}, {b})" : $"{R}Ops.{method}({Box(a, ta)}, {Box(b, tb)})";
                return op.Op == "!=" ? "!" + call : call;
        }
    }

    private static string CsType(CType t) => t switch
    {
        CType.Long => "long",
        CType.Double => "double",
        CType.Bool => "bool",
        _ => "object",
    };

    private string EmitLambda(LambdaInfo info)
    {
        var saved = (_w, _fn, _lastLine);
        _w = new CodeWriter(saved._w.Indent + 1);
        _lastLine = (-1, -1);
        var loop = HasSelfTailCall(info);
        _fn = new FnContext(info, loop);
        var all = info.Parameters.Concat(info.Rest is null ? [] : [info.Rest]).ToList();
        string header;
        if (info.Rest is null && info.Arity <= 4)
        {
            header = $"new {V}Lambda{info.Arity}({Str(info.Name)}, ({string.Join(", ", info.Parameters.Select(p => "object " + (loop ? p.CsName + "_p" : p.CsName)))}) =>";
        }
        else
        {
            var args = Temp("args");
            header = $"new {V}LambdaN({Str(info.Name)}, {info.Arity}, {(info.Rest is null ? "false" : "true")}, ({args}) =>";
            for (var i = 0; i < info.Parameters.Count; i++)
            {
                _w.Line($"object {info.Parameters[i].CsName}{(loop ? "_p" : "")} = {args}[{i}];");
            }

            if (info.Rest is { } rest)
            {
                _w.Line($"object {rest.CsName}{(loop ? "_p" : "")} = {R}Rt.Rest({args}, {info.Arity});");
            }
        }

        EmitFunctionBody(info, loop);
        var body = _w.ToString();
        (_w, _fn, _lastLine) = saved;
        // The lambda's body lines carry their own #line directives; the enclosing statement's mapping resumes after it.
        _lastLine = (-1, -1);
        var indent = new string(' ', _w.Indent * 4);
        return $"{header}\n{indent}{{\n{body}{indent}}})";
    }
}
