using System.Globalization;
using FluentAI.Plugins.Compiler.Binding;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// Typed entry points. A module function whose parameters are all used as numbers and whose every
/// result is an integer when they are integers gets a second static method on <c>long</c>
/// (<c>NAME__L</c>): the object entry runs it when every argument is a <c>long</c>, else the boxed
/// general body. Direct calls with proven integer arguments, its own recursive calls among them,
/// call the typed method; the function value carries its address, so slots and typed proxies call
/// it without a box. Only module functions that are direct static calls today get one: a reloadable
/// function or an import is still reached through its link.
/// </summary>
internal sealed partial class Emitter
{
    /// <summary>Most parameters a typed entry takes (the function value carries typed addresses for 1 and 2).</summary>
    private const int MaxTypedArity = 4;

    /// <summary>The functions that have a typed method returning <c>long</c>, decided before any code is emitted.</summary>
    private HashSet<GlobalVar> _typed = [];

    /// <summary>Set while a typed body is emitted when something in it cannot stay <c>long</c>: the body is then not typed.</summary>
    private bool _typedFailed;

    /// <summary>The let-bound locals a typed body re-typed, with the type the binder gave them (restored after the body).</summary>
    private Dictionary<LocalVar, CType>? _retyped;

    private static string TypedName(GlobalVar g) => g.CsName + "__L";

    /// <summary>
    /// Decides <see cref="_typed"/>: every candidate starts typed; a body that does not stay
    /// <c>long</c> under that assumption drops out, and the candidates that call it are checked
    /// again, until no more drop out. Each check emits the typed body into a scratch writer.
    /// </summary>
    private void ChooseTypedFunctions()
    {
        // A parameter passed on to a candidate is used as a number too: grow the set until it holds.
        var functions = _module.Globals.Where(g => g.Function is not null).ToList();
        var chosen = new HashSet<GlobalVar>();
        var grown = true;
        while (grown)
        {
            var before = chosen.Count;
            chosen.UnionWith(functions.Where(g => !chosen.Contains(g) && IsTypedCandidate(g.Function!, chosen)).ToList());
            grown = chosen.Count != before;
        }

        var candidates = functions.Where(chosen.Contains).ToList();
        _typed = [.. candidates];
        if (candidates.Count == 0)
        {
            return;
        }

        var callers = new Dictionary<GlobalVar, List<GlobalVar>>();
        foreach (var g in candidates)
        {
            foreach (var callee in DirectCallees(g.Function!.Body).Distinct())
            {
                if (_typed.Contains(callee))
                {
                    (callers.TryGetValue(callee, out var list) ? list : callers[callee] = []).Add(g);
                }
            }
        }

        var queue = new Queue<GlobalVar>(candidates);
        var queued = new HashSet<GlobalVar>(candidates);
        while (queue.TryDequeue(out var g))
        {
            queued.Remove(g);
            if (!_typed.Contains(g) || TrialTypedBody(g))
            {
                continue;
            }

            _typed.Remove(g);
            foreach (var caller in callers.GetValueOrDefault(g) ?? [])
            {
                if (_typed.Contains(caller) && queued.Add(caller))
                {
                    queue.Enqueue(caller);
                }
            }
        }
    }

    /// <summary>A function worth a typed method: fixed parameters, none assigned, each used as a number (an operand, or an argument of a candidate).</summary>
    private static bool IsTypedCandidate(LambdaInfo f, HashSet<GlobalVar> candidates)
    {
        if (f.Rest is not null || f.Arity is 0 or > MaxTypedArity || f.Parameters.Any(p => p.IsAssigned))
        {
            return false;
        }

        var numeric = new HashSet<LocalVar>();
        Walk(f.Body, n =>
        {
            if (n is BOp { Op: not "not" } op)
            {
                foreach (var a in op.Args)
                {
                    if (a is BLocal l)
                    {
                        numeric.Add(l.Var);
                    }
                }
            }
            else if (n is BGlobalCall gc && candidates.Contains(gc.Var))
            {
                foreach (var a in gc.Args)
                {
                    if (a is BLocal l)
                    {
                        numeric.Add(l.Var);
                    }
                }
            }
        });
        return f.Parameters.All(numeric.Contains);
    }

    private static IEnumerable<GlobalVar> DirectCallees(BNode body)
    {
        var found = new List<GlobalVar>();
        Walk(body, n =>
        {
            if (n is BGlobalCall gc)
            {
                found.Add(gc.Var);
            }
        });
        return found;
    }

    /// <summary>Emits the typed body of <paramref name="g"/> into scratch state and says whether it stayed <c>long</c>.</summary>
    private bool TrialTypedBody(GlobalVar g)
    {
        var temp = _temp;
        var constants = new Dictionary<string, string>(_constants, StringComparer.Ordinal);
        var builtinRefs = new Dictionary<string, string>(_builtinRefs, StringComparer.Ordinal);
        var ok = EmitTypedBody(g, out _);
        _temp = temp;
        Restore(_constants, constants);
        Restore(_builtinRefs, builtinRefs);
        return ok;

        static void Restore(Dictionary<string, string> target, Dictionary<string, string> saved)
        {
            target.Clear();
            foreach (var (k, v) in saved)
            {
                target[k] = v;
            }
        }
    }

    /// <summary>The typed method's body (parameters <c>long</c>, result <c>long</c>); false when some result or loop argument is not proven <c>long</c>.</summary>
    private bool EmitTypedBody(GlobalVar g, out CodeWriter body)
    {
        var info = g.Function!;
        var saved = (_w, _fn, _lastLine, _typedFailed, _retyped);
        _w = new CodeWriter(3);
        _lastLine = (-1, -1);
        _typedFailed = false;
        _retyped = [];
        var loop = HasSelfTailCall(info);
        _fn = new FnContext(info, loop) { TypedResult = true };
        foreach (var p in info.Parameters)
        {
            p.Type = CType.Long;
        }

        try
        {
            EmitTypedFunctionBody(info, loop);
        }
        finally
        {
            foreach (var p in info.Parameters)
            {
                p.Type = CType.Obj;
            }

            foreach (var (v, t) in _retyped)
            {
                v.Type = t;
            }
        }

        var ok = !_typedFailed;
        body = _w;
        (_w, _fn, _lastLine, _typedFailed, _retyped) = saved;
        return ok;
    }

    /// <summary>Writes the typed method of <paramref name="g"/>, and the object entry's first line that hands <c>long</c> arguments to it.</summary>
    private void EmitTypedMethod(GlobalVar g)
    {
        var info = g.Function!;
        if (!EmitTypedBody(g, out var body))
        {
            throw new InvalidOperationException($"the typed body of {info.Name} was checked and then failed");
        }

        var loop = HasSelfTailCall(info);
        var fw = _functions;
        fw.Line("");
        fw.Line($"// ({info.Name} {string.Join(' ', info.Parameters.Select(p => p.Name))}) on integers");
        fw.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
        fw.Open($"public static long {TypedName(g)}({string.Join(", ", info.Parameters.Select(p => "long " + p.CsName + (loop ? "_p" : "")))}, ref int __b)");
        fw.Append(body);
        fw.Line("#line hidden");
        fw.Close();
    }

    /// <summary>The object entry's dispatch: every argument a <c>long</c> runs the typed method.</summary>
    private static string TypedDispatch(GlobalVar g, bool loop)
    {
        var ps = g.Function!.Parameters;
        var tests = string.Join(" && ", ps.Select(p => $"{p.CsName}{(loop ? "_p" : "")} is long {p.CsName}__l"));
        var call = $"{TypedName(g)}({string.Join(", ", ps.Select(p => p.CsName + "__l"))}, ref {{0}})";

        // A typed method that calls nothing never counts down its budget: it gets a local one, not the thread's
        // (reading a thread-static from a collectible context costs a runtime helper call).
        return loop || MayRecurse(g.Function.Body)
            ? $"if ({tests}) return {R}Boxes.Int({string.Format(CultureInfo.InvariantCulture, call, R + "Rt.StackBudget")});"
            : $"if ({tests}) {{ var __b = 0; return {R}Boxes.Int({string.Format(CultureInfo.InvariantCulture, call, "__b")}); }}";
    }

    /// <summary>The typed address the function value carries for slots and proxies, or empty.</summary>
    private string TypedAddress(GlobalVar g) =>
        _typed.Contains(g) && g.Function!.Arity <= 2 ? $"&{TypedName(g)}, " : "";

    /// <summary>A direct call of a typed function: the typed method when every argument is proven <c>long</c>.</summary>
    private string? TypedCall(BGlobalCall gc, out CType t)
    {
        t = CType.Obj;
        if (!_typed.Contains(gc.Var) || gc.Args.Count != gc.Var.Function!.Arity)
        {
            return null;
        }

        var args = SpillTyped(gc.Args);
        if (args.TrueForAll(a => a.Type == CType.Long))
        {
            t = CType.Long;
            return $"{TypedName(gc.Var)}({string.Join(", ", args.Select(a => a.Expr))}, {Budget()})";
        }

        return $"{gc.Var.CsName}({string.Join(", ", args.Select(a => Box(a.Expr, a.Type)))})";
    }

    /// <summary>
    /// The typed method's body: as <see cref="EmitFunctionBody"/>, with the stack check counting down
    /// the budget its caller passed (<c>ref int __b</c>) rather than a thread-static.
    /// </summary>
    private void EmitTypedFunctionBody(LambdaInfo info, bool loop)
    {
        LineFor(info.Span);
        if (MayRecurse(info.Body))
        {
            _w.Line($"{R}Rt.EnsureStack(ref __b);");
        }

        if (!loop)
        {
            Tail(info.Body);
            return;
        }

        _w.Open("while (true)");
        _lastLine = (0, 0);
        LineFor(info.Span);
        _w.Line($"{R}Rt.EnsureStack(ref __b);");
        foreach (var p in info.Parameters)
        {
            _w.Line($"long {p.CsName} = {p.CsName}_p;");
        }

        Tail(info.Body);
        _w.Close();
    }

    /// <summary>The stack budget a typed call passes: the typed method's own, else (a lambda cannot capture a ref) the thread's.</summary>
    private string Budget() => _fn is { TypedResult: true } ? "ref __b" : $"ref {R}Rt.StackBudget";

    /// <summary>
    /// A result of a typed method: a <c>long</c> expression, or the next iteration of its loop with
    /// <c>long</c> arguments. Anything else (and a library call, whose frame must stay for its
    /// errors' location) means the body is not typed.
    /// </summary>
    private void TypedTail(BNode n, FnContext ctx)
    {
        if (ctx.Loop && IsSelfCall(n, ctx.Info, out var args))
        {
            LineFor(n.Span);
            var values = SpillTyped(args);
            _typedFailed |= !values.TrueForAll(v => v.Type == CType.Long);
            var temps = values.Select(v => { var t = Temp("n"); _w.Line($"{CsType(v.Type)} {t} = {v.Expr};"); return t; }).ToList();
            for (var i = 0; i < ctx.Info.Parameters.Count; i++)
            {
                _w.Line($"{ctx.Info.Parameters[i].CsName}_p = {temps[i]};");
            }

            _w.Line("continue;");
            return;
        }

        var type = CType.Obj;
        var result = Mapped(n.Span, () => Expr(n, out type));
        _typedFailed |= type != CType.Long || n is BBuiltinCall or BRuntimeCall;
        _w.Line($"return {result};");
    }

    /// <summary>Like <see cref="Spill"/>, keeping each value's proven type (temporaries are typed too).</summary>
    private List<(string Expr, CType Type)> SpillTyped(IReadOnlyList<BNode> nodes)
    {
        var outer = _w;
        var parts = new List<(CodeWriter Pre, string Expr, CType Type)>();
        foreach (var node in nodes)
        {
            _w = new CodeWriter(outer.Indent);
            var e = Expr(node, out var t);
            parts.Add((_w, e, t));
        }

        _w = outer;
        var lastWithStatements = parts.FindLastIndex(p => !p.Pre.IsEmpty);
        var result = new List<(string, CType)>();
        for (var i = 0; i < parts.Count; i++)
        {
            _w.Append(parts[i].Pre);
            if (i < lastWithStatements && !IsTrivial(nodes[i]))
            {
                var temp = Temp("a");
                _w.Line($"{CsType(parts[i].Type)} {temp} = {parts[i].Expr};");
                result.Add((temp, parts[i].Type));
            }
            else
            {
                result.Add((parts[i].Expr, parts[i].Type));
            }
        }

        return result;
    }

    /// <summary>
    /// A let-bound local in a typed body takes the type its value was emitted with (an integer
    /// parameter makes more of them integers than the binder could know); restored afterwards.
    /// </summary>
    private void RetypeLocal(LocalVar v, CType t)
    {
        if (_retyped is null || v.IsAssigned)
        {
            return;
        }

        _retyped.TryAdd(v, v.Type);
        v.Type = t;
    }

    /// <summary>Visits every node of a body, nested lambdas included.</summary>
    private static void Walk(BNode? n, Action<BNode> visit)
    {
        if (n is null)
        {
            return;
        }

        visit(n);
        switch (n)
        {
            case BCall c:
                Walk(c.Fn, visit);
                c.Args.ToList().ForEach(a => Walk(a, visit));
                break;
            case BGlobalCall gc:
                gc.Args.ToList().ForEach(a => Walk(a, visit));
                break;
            case BBuiltinCall bc:
                bc.Args.ToList().ForEach(a => Walk(a, visit));
                break;
            case BOp op:
                op.Args.ToList().ForEach(a => Walk(a, visit));
                break;
            case BIf i:
                Walk(i.Test, visit);
                Walk(i.Then, visit);
                Walk(i.Else, visit);
                break;
            case BSeq s:
                s.Items.ToList().ForEach(a => Walk(a, visit));
                break;
            case BLet l:
                l.Bindings.ToList().ForEach(b => Walk(b.Init, visit));
                Walk(l.Body, visit);
                break;
            case BLambda lambda:
                Walk(lambda.Info.Body, visit);
                break;
            case BAnd a:
                a.Items.ToList().ForEach(x => Walk(x, visit));
                break;
            case BOr o:
                o.Items.ToList().ForEach(x => Walk(x, visit));
                break;
            case BTry t:
                Walk(t.Body, visit);
                t.Catches.ToList().ForEach(c => Walk(c.Body, visit));
                Walk(t.Finally, visit);
                break;
            case BThrow th:
                Walk(th.Value, visit);
                break;
            case BMatch m:
                Walk(m.Value, visit);
                m.Clauses.ToList().ForEach(c => Walk(c.Body, visit));
                break;
            case BDefine d:
                Walk(d.Value, visit);
                break;
            case BSetLocal sl:
                Walk(sl.Value, visit);
                break;
            case BSetGlobal sg:
                Walk(sg.Value, visit);
                break;
            case BListLit list:
                list.Items.ToList().ForEach(x => Walk(x, visit));
                break;
            case BMapLit map:
                map.Items.ToList().ForEach(x => Walk(x, visit));
                break;
            case BRuntimeCall rc:
                rc.Args.ToList().ForEach(x => Walk(x, visit));
                break;
        }
    }
}
