using FluentAI.Plugins.Compiler.Binding;

namespace FluentAI.Plugins.Compiler.Emit;

internal sealed partial class Emitter
{
    /// <summary>Evaluates the node for its effects only.</summary>
    private void Effect(BNode n)
    {
        switch (n)
        {
            case BConst or BLocal or BGlobal or BBuiltinRef or BLambda:
                return;
            case BSeq seq:
                foreach (var item in seq.Items)
                {
                    Effect(item);
                }

                return;
            case BLet let:
                DeclareLet(let);
                Effect(let.Body);
                return;
            case BIf iff:
                LineFor(iff.Span);
                _w.Open($"if ({Cond(iff.Test)})");
                Effect(iff.Then);
                _w.Close();
                if (iff.Else is not null)
                {
                    _w.Open("else");
                    Effect(iff.Else);
                    _w.Close();
                }

                return;
            case BDefine or BSetLocal or BSetGlobal or BThrow or BTry or BMatch or BAnd or BOr:
                AssignTo(n, null);
                return;
            default:
                var t = CType.Obj;
                var e = Mapped(n.Span, () => Expr(n, out t));
                _w.Line(t == CType.Obj && IsCallExpression(n) ? e + ";" : $"_ = {e};");
                return;
        }
    }

    private static bool IsCallExpression(BNode n) => n is BCall or BGlobalCall or BBuiltinCall or BRuntimeCall;

    /// <summary>Statements that compute the node into <paramref name="target"/> (an object variable), or discard it when null.</summary>
    private void AssignTo(BNode n, string? target)
    {
        void Set(string value)
        {
            _w.Line(target is null ? (value == "null" ? "" : $"_ = {value};") : $"{target} = {value};");
        }

        switch (n)
        {
            case BDefine def:
                if (def.Var.Function is not null)
                {
                    // Publishing a module function cannot fail: no #line (Roslyn's cost grows with every directive).
                    _w.Line($"__env.Define({Str(def.Var.Name)}, {def.Var.CsName}__fn);");
                }
                else
                {
                    // A preserved definition (development mode's :preserve) keeps the running value; its form is not run again.
                    // The preserved value goes through a temporary: an `out` to the global itself would clear it
                    // before a redefinition such as (define total (+ total 1)) reads it.
                    var preserved = Temp("kept");
                    _w.Open($"if (__env.TryGetPreserved({Str(def.Var.Name)}, out var {preserved}))");
                    _w.Line(Store(def.Var, preserved));
                    _w.Close();
                    _w.Open("else");
                    var value = Mapped(def.Span, () => Obj(def.Value));
                    _w.Line(Store(def.Var, value));
                    _w.Close();
                    _w.Line($"__env.Define({Str(def.Var.Name)}, {def.Var.CsName});");
                }

                if (target is not null)
                {
                    Set("null");
                }

                return;
            case BSetLocal set:
                var setValue = Mapped(set.Span, () => Obj(set.Value));
                _w.Line($"{set.Var.CsName} = {setValue};");
                if (target is not null)
                {
                    Set("null");
                }

                return;
            case BSetGlobal set:
                var assigned = Mapped(set.Span, () => Obj(set.Value));
                _w.Line(Store(set.Var, assigned));
                if (target is not null)
                {
                    Set("null");
                }

                return;
            case BThrow th:
                var thrown = Mapped(th.Span, () => Obj(th.Value));
                _w.Line($"throw {R}Rt.Throw({thrown});");
                return;
            case BIf iff:
                LineFor(iff.Span);
                _w.Open($"if ({Cond(iff.Test)})");
                AssignTo(iff.Then, target);
                _w.Close();
                _w.Open("else");
                if (iff.Else is null)
                {
                    if (target is not null)
                    {
                        Set("null");
                    }
                }
                else
                {
                    AssignTo(iff.Else, target);
                }

                _w.Close();
                return;
            case BSeq seq:
                for (var i = 0; i < seq.Items.Count - 1; i++)
                {
                    Effect(seq.Items[i]);
                }

                AssignTo(seq.Items[^1], target);
                return;
            case BLet let:
                DeclareLet(let);
                AssignTo(let.Body, target);
                return;
            case BAnd or BOr:
                EmitLogic(n, target ?? DeclareTemp());
                return;
            case BTry tr:
                EmitTry(tr, target ?? DeclareTemp());
                return;
            case BMatch m:
                EmitMatch(m, target, tail: false);
                return;
            default:
                LineFor(n.Span);
                if (target is null)
                {
                    Effect(n);
                }
                else
                {
                    Set(Obj(n));
                }

                return;
        }
    }

    /// <summary>
    /// The statement storing <paramref name="value"/> in a value global: a volatile write when a <c>set!</c>
    /// may assign it, which tasks can do concurrently (a plain store that every thread sees, never a lock).
    /// </summary>
    private static string Store(GlobalVar g, string value) =>
        g.IsAssigned ? $"System.Threading.Volatile.Write(ref {g.CsName}, {value});" : $"{g.CsName} = {value};";

    private string DeclareTemp()
    {
        var temp = Temp();
        _w.Line($"object {temp};");
        return temp;
    }

    /// <summary>Statements that return the node's value from the current function (tail position).</summary>
    private void Tail(BNode n)
    {
        switch (n)
        {
            case BIf iff:
                LineFor(iff.Span);
                _w.Open($"if ({Cond(iff.Test)})");
                Tail(iff.Then);
                _w.Close();
                _w.Open("else");
                if (iff.Else is null)
                {
                    _typedFailed |= _fn is { TypedResult: true };
                    _w.Line("return null;");
                }
                else
                {
                    Tail(iff.Else);
                }

                _w.Close();
                return;
            case BSeq seq:
                for (var i = 0; i < seq.Items.Count - 1; i++)
                {
                    Effect(seq.Items[i]);
                }

                Tail(seq.Items[^1]);
                return;
            case BLet let:
                DeclareLet(let);
                Tail(let.Body);
                return;
            case BMatch m:
                // A match that no clause matches is nil: not an integer.
                _typedFailed |= _fn is { TypedResult: true };
                EmitMatch(m, null, tail: true);
                return;
            case BThrow:
                AssignTo(n, null);
                return;
            default:
                if (_fn is { TypedResult: true } typed)
                {
                    TypedTail(n, typed);
                    return;
                }

                if (_fn is { Loop: true } ctx && IsSelfCall(n, ctx.Info, out var args))
                {
                    LineFor(n.Span);
                    var values = Spill(args);
                    var ps = ctx.Info.Parameters;
                    var temps = values.Select(v => { var t = Temp("n"); _w.Line($"object {t} = {v};"); return t; }).ToList();
                    for (var i = 0; i < ps.Count; i++)
                    {
                        _w.Line($"{ps[i].CsName}_p = {temps[i]};");
                    }

                    if (ctx.Info.Rest is { } rest)
                    {
                        var extra = temps.Skip(ps.Count).ToList();
                        _w.Line($"{rest.CsName}_p = {(extra.Count == 0 ? $"{V}FList.Empty" : $"{V}FList.Of({string.Join(", ", extra)})")};");
                    }

                    _w.Line("continue;");
                    return;
                }

                var result = Mapped(n.Span, () => Obj(n));
                _w.Line($"return {KeepFrame(n, result)};");
                return;
        }
    }

    /// <summary>A library or dynamic call in return position keeps this frame, so its errors name this line.</summary>
    /// <remarks>
    /// Calls of FluentAI functions stay tail calls: continuation-passing code relies on the JIT's
    /// tail calls for constant stack, and such a callee's errors name the callee's own lines.
    /// </remarks>
    private static string KeepFrame(BNode n, string expr) =>
        n is BBuiltinCall or BRuntimeCall ? $"{R}Rt.Keep({expr})" : expr;

    private void DeclareLet(BLet let)
    {
        foreach (var (v, init) in let.Bindings)
        {
            LineFor(init.Span);
            if (let.Recursive)
            {
                _w.Line($"object {v.CsName} = null;");
            }
            else
            {
                var e = Expr(init, out var t);
                RetypeLocal(v, t);
                _w.Line(v.Type == CType.Obj ? $"object {v.CsName} = {Box(e, t)};" : $"{CsType(v.Type)} {v.CsName} = {e};");
            }
        }
    }

    private void EmitLogic(BNode n, string target)
    {
        var (items, isAnd) = n is BAnd a ? (a.Items, true) : (((BOr)n).Items, false);
        LineFor(n.Span);
        var depth = 0;
        for (var i = 0; i < items.Count; i++)
        {
            _w.Line($"{target} = {Obj(items[i])};");
            if (i < items.Count - 1)
            {
                _w.Open(isAnd ? $"if ({R}Ops.Truthy({target}))" : $"if (!{R}Ops.Truthy({target}))");
                depth++;
            }
        }

        for (var i = 0; i < depth; i++)
        {
            _w.Close();
        }
    }

    private static bool IsSelfCall(BNode n, LambdaInfo self, out IReadOnlyList<BNode> args)
    {
        args = [];
        switch (n)
        {
            case BGlobalCall gc when gc.Var.Function == self && Fits(gc.Args.Count, self):
                args = gc.Args;
                return true;
            // A top-level function's calls to itself are bound before its Function is known, so they arrive as plain calls.
            case BCall { Fn: BGlobal { Var.Function: { } g } } call when g == self && Fits(call.Args.Count, self):
                args = call.Args;
                return true;
            case BCall { Fn: BLocal { Var.BoundLambda: { } l } } call when l == self && Fits(call.Args.Count, self):
                args = call.Args;
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when a call with <paramref name="count"/> arguments reaches <paramref name="self"/>'s parameters (and rest parameter).</summary>
    private static bool Fits(int count, LambdaInfo self) => self.Rest is null ? count == self.Arity : count >= self.Arity;

    /// <summary>True when the lambda's body calls itself in tail position anywhere.</summary>
    private static bool HasSelfTailCall(LambdaInfo info)
    {
        bool InTail(BNode n) => n switch
        {
            BIf iff => InTail(iff.Then) || (iff.Else is not null && InTail(iff.Else)),
            BSeq seq => InTail(seq.Items[^1]),
            BLet let => InTail(let.Body),
            BMatch m => m.Clauses.Any(c => InTail(c.Body)),
            _ => IsSelfCall(n, info, out _),
        };

        return InTail(info.Body);
    }
}
