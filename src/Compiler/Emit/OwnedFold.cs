using System.Reflection;
using FluentAI.Plugins.Compiler.Binding;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// Folds whose accumulator is used linearly, run on a map builder: <c>(fold f init list)</c> (and
/// <c>reduce</c> with an initial value) where f is a lambda literal, or a module function the emitter
/// sees, whose result is its accumulator updated by <c>assoc</c>/<c>dissoc</c>/<c>map-set</c>/<c>map-remove</c>
/// (nested on the accumulator, or the accumulator itself), and whose accumulator appears anywhere else
/// only as what <c>get</c>, <c>map-get</c>, <c>contains?</c>, <c>map-has?</c>, <c>count</c>, <c>length</c> or
/// <c>empty?</c> reads, all evaluated before the update. Such a call becomes <c>OwnedMaps.Fold</c>
/// and those calls their twins in the library's <c>OwnedMaps</c> (the same method name and parameters),
/// which change a builder in place.
/// </summary>
/// <remarks>
/// <para>
/// Why no one can tell: the accumulator is a parameter f never stores, passes on, captures or returns
/// inside anything; reads give values out of the map, never the map; every read of an iteration happens
/// before its update (arguments are evaluated before the call, and a nested update's other arguments
/// do not mention the accumulator); and the runtime copies an initial map into the builder before the
/// first change and freezes it once the last element is done. Any other use, or a form this check does
/// not know (<c>try</c>, <c>match</c>, ...), leaves the call as it was. Spans are kept, so errors name the
/// same <c>.ai</c> line and column.
/// </para>
/// <para>
/// A module function is specialized by emitting its body again as a lambda at the call: only when it is
/// not reloadable, its parameters are untyped objects, and its body holds no lambda and no fold (so
/// nothing is emitted twice and a fold inside it does not specialize it again).
/// </para>
/// </remarks>
internal static class OwnedFold
{
    private static readonly HashSet<string> Updates = ["assoc", "dissoc", "map-set", "map-remove"];
    private static readonly HashSet<string> Reads = ["get", "map-get", "contains?", "map-has?", "count", "length", "empty?"];

    /// <summary>The call rewritten to run on a builder, or null when it is not such a fold.</summary>
    public static BBuiltinCall? Rewrite(BBuiltinCall call)
    {
        if (call.Method.Name is not ("Fold" or "Reduce") || call.Args.Count != 3 || Twin(call.Method) is not { } ownedFold)
        {
            return null;
        }

        var (info, isGlobal) = call.Args[0] switch
        {
            BLambda l => (l.Info, false),
            BGlobal { Var: { Function: { } fi, IsReloadable: false, IsAssigned: false } } => (fi, true),
            _ => (null, false),
        };

        if (info is not { Rest: null, Arity: 2, HasSelfTailCall: false } || info.Parameters.Any(p => p.Type != CType.Obj || p.IsAssigned))
        {
            return null;
        }

        var check = new Check(info.Parameters[0], isGlobal);
        if (check.Tail(info.Body) is not { } body || !check.Updated)
        {
            return null;
        }

        var owned = new LambdaInfo { Name = info.Name, Parameters = info.Parameters, Span = info.Span, Body = body };
        return new BBuiltinCall(call.Span, call.Builtin, ownedFold, [new BLambda(call.Args[0].Span, owned), call.Args[1], call.Args[2]]);
    }

    /// <summary>The library's <c>Owned</c> twin of <paramref name="method"/>, or null.</summary>
    private static MethodInfo? Twin(MethodInfo method) =>
        method.DeclaringType?.Assembly.GetType(method.DeclaringType.Namespace + ".OwnedMaps")
            ?.GetMethod(method.Name, BindingFlags.Public | BindingFlags.Static, [.. method.GetParameters().Select(p => p.ParameterType)]);

    private sealed class Check(LocalVar acc, bool isGlobal)
    {
        /// <summary>True once some result of f is an update of the accumulator.</summary>
        public bool Updated { get; private set; }

        /// <summary>A result of f: the accumulator, its update, or a value that reads it at most; null when none of those.</summary>
        public BNode? Tail(BNode n)
        {
            switch (n)
            {
                case BLocal l when l.Var == acc:
                    return n;
                case BIf i:
                    if (Pre(i.Test, true) is not { } test || Tail(i.Then) is not { } then)
                    {
                        return null;
                    }

                    // (if c (assoc acc ...)) is nil otherwise: a result that is not the accumulator, which is fine.
                    var otherwise = i.Else is null ? null : Tail(i.Else);
                    return i.Else is not null && otherwise is null ? null : new BIf(i.Span, test, then, otherwise);
                case BSeq s:
                    var items = new List<BNode>();
                    for (var k = 0; k < s.Items.Count - 1; k++)
                    {
                        if (Pre(s.Items[k], true) is not { } item)
                        {
                            return null;
                        }

                        items.Add(item);
                    }

                    if (Tail(s.Items[^1]) is not { } last)
                    {
                        return null;
                    }

                    items.Add(last);
                    return new BSeq(s.Span, items);
                case BLet let:
                    var bindings = new List<(LocalVar, BNode)>();
                    foreach (var (v, init) in let.Bindings)
                    {
                        if (Pre(init, true) is not { } bound)
                        {
                            return null;
                        }

                        bindings.Add((v, bound));
                    }

                    return Tail(let.Body) is { } body ? new BLet(let.Span, bindings, body, let.Recursive) : null;
                case BBuiltinCall c when Updates.Contains(c.Builtin.Name) && c.Args.Count > 0 && IsUpdateTarget(c.Args[0]):
                    return Update(c);
                default:
                    return Pre(n, true);
            }
        }

        private bool IsUpdateTarget(BNode n) =>
            n is BLocal l ? l.Var == acc : n is BBuiltinCall c && Updates.Contains(c.Builtin.Name) && c.Args.Count > 0 && IsUpdateTarget(c.Args[0]);

        /// <summary>An update of the accumulator (or of an update of it) as its twin.</summary>
        private BBuiltinCall? Update(BBuiltinCall c)
        {
            if (Twin(c.Method) is not { } twin)
            {
                return null;
            }

            // The accumulator's own update may read it in its arguments (they run first); an outer one runs after
            // the inner update changed the builder, so its arguments must not see the accumulator at all.
            var direct = c.Args[0] is BLocal;
            var target = direct ? c.Args[0] : Update((BBuiltinCall)c.Args[0]);
            if (target is null)
            {
                return null;
            }

            var args = new List<BNode> { target };
            foreach (var a in c.Args.Skip(1))
            {
                if (Pre(a, direct) is not { } arg)
                {
                    return null;
                }

                args.Add(arg);
            }

            Updated = true;
            return new BBuiltinCall(c.Span, c.Builtin, twin, args);
        }

        /// <summary>
        /// A value computed before the update: the node with reads of the accumulator as their twins, or null
        /// when the accumulator is used otherwise (or, with <paramref name="reads"/> false, at all).
        /// </summary>
        private BNode? Pre(BNode n, bool reads)
        {
            switch (n)
            {
                case BConst or BGlobal or BImport or BBuiltinRef:
                    return n;
                case BLocal l:
                    return l.Var == acc ? null : n;
                case BBuiltinCall c when reads && Reads.Contains(c.Builtin.Name) && c.Args.Count > 0 && c.Args[0] is BLocal { Var: var v } && v == acc:
                    return Twin(c.Method) is { } twin && All(c.Args.Skip(1).ToList(), reads) is { } rest
                        ? new BBuiltinCall(c.Span, c.Builtin, twin, [c.Args[0], .. rest])
                        : null;
                case BBuiltinCall c:
                    // A fold inside a module function would specialize it again when its copy is emitted.
                    return isGlobal && c.Method.Name is "Fold" or "Reduce" ? null
                        : Rebuild(n, c.Args, All(c.Args, reads), args => new BBuiltinCall(c.Span, c.Builtin, c.Method, args));
                case BCall c:
                    return Pre(c.Fn, reads) is { } fn && All(c.Args, reads) is { } cargs
                        ? (fn == c.Fn && Same(c.Args, cargs) ? n : new BCall(c.Span, fn, cargs))
                        : null;
                case BGlobalCall g:
                    return Rebuild(n, g.Args, All(g.Args, reads), args => new BGlobalCall(g.Span, g.Var, args));
                case BOp op:
                    return Rebuild(n, op.Args, All(op.Args, reads), args => new BOp(op.Span, op.Op, args));
                case BAnd a:
                    return Rebuild(n, a.Items, All(a.Items, reads), items => new BAnd(a.Span, items));
                case BOr o:
                    return Rebuild(n, o.Items, All(o.Items, reads), items => new BOr(o.Span, items));
                case BListLit l:
                    return Rebuild(n, l.Items, All(l.Items, reads), items => new BListLit(l.Span, items));
                case BMapLit m:
                    return Rebuild(n, m.Items, All(m.Items, reads), items => new BMapLit(m.Span, items));
                case BRuntimeCall r:
                    return Rebuild(n, r.Args, All(r.Args, reads), args => new BRuntimeCall(r.Span, r.Target, args));
                case BIf i:
                    if (Pre(i.Test, reads) is not { } test || Pre(i.Then, reads) is not { } then)
                    {
                        return null;
                    }

                    var otherwise = i.Else is null ? null : Pre(i.Else, reads);
                    if (i.Else is not null && otherwise is null)
                    {
                        return null;
                    }

                    return test == i.Test && then == i.Then && otherwise == i.Else ? n : new BIf(i.Span, test, then, otherwise);
                case BSeq s:
                    return Rebuild(n, s.Items, All(s.Items, reads), items => new BSeq(s.Span, items));
                case BLet let:
                    var inits = All(let.Bindings.Select(b => b.Init).ToList(), reads);
                    var body = Pre(let.Body, reads);
                    if (inits is null || body is null)
                    {
                        return null;
                    }

                    return body == let.Body && Same(let.Bindings.Select(b => b.Init).ToList(), inits)
                        ? n
                        : new BLet(let.Span, [.. let.Bindings.Select((b, k) => (b.Var, inits[k]))], body, let.Recursive);
                case BLambda lambda:
                    // A closure may run later, or elsewhere: it must not see the accumulator at all. A module
                    // function's body is emitted twice when specialized, and a lambda in it would be too.
                    return !isGlobal && Pre(lambda.Info.Body, false) == lambda.Info.Body ? n : null;
                case BSetLocal set:
                    return set.Var != acc && Pre(set.Value, reads) is { } value ? (value == set.Value ? n : new BSetLocal(set.Span, set.Var, value)) : null;
                case BSetGlobal set:
                    return Pre(set.Value, reads) is { } gvalue ? (gvalue == set.Value ? n : new BSetGlobal(set.Span, set.Var, gvalue)) : null;
                case BThrow th:
                    return Pre(th.Value, reads) is { } thrown ? (thrown == th.Value ? n : new BThrow(th.Span, thrown)) : null;
                default:
                    // try, match, define, ...: not looked into, so not proven.
                    return null;
            }
        }

        private List<BNode>? All(IReadOnlyList<BNode> nodes, bool reads)
        {
            var result = new List<BNode>(nodes.Count);
            foreach (var node in nodes)
            {
                if (Pre(node, reads) is not { } done)
                {
                    return null;
                }

                result.Add(done);
            }

            return result;
        }

        private static bool Same(IReadOnlyList<BNode> before, IReadOnlyList<BNode> after) =>
            before.Count == after.Count && before.Zip(after).All(p => p.First == p.Second);

        private static BNode? Rebuild(BNode n, IReadOnlyList<BNode> before, List<BNode>? after, Func<List<BNode>, BNode> make) =>
            after is null ? null : Same(before, after) ? n : make(after);
    }
}
