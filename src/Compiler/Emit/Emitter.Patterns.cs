using FluentAI.Plugins.Compiler.Binding;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Emit;

internal sealed partial class Emitter
{
    // The body of the match, receive or catch clause being emitted: its tests and bindings are mapped to it.
    private SourceSpan? _clause;

    // Where the output ended after the last clause mapping (no line written since: not mapped again).
    private int _clauseMapped = -1;

    private void EmitTry(BTry tr, string target)
    {
        LineFor(tr.Span);
        _w.Open("try");
        AssignTo(tr.Body, target);
        _w.Close();
        if (tr.Catches.Count > 0)
        {
            var ex = Temp("ex");
            var value = Temp("err");
            var done = Temp("caught");
            _w.Open($"catch (System.Exception {ex}) when ({R}Rt.Catchable({ex}))");

            // The optimized handler may report any failure in it at its first statement: mapped to the
            // first clause's body, the one a single catch has.
            _lastLine = (-1, -1);
            LineFor(tr.Catches[0].Body.Span);
            _w.Line($"object {value} = {R}Rt.CatchValue({ex});");
            var outer = _clause;
            foreach (var (pattern, body) in tr.Catches)
            {
                _w.Open("");
                DeclarePatternVars(pattern);
                ClauseLines(body);
                EmitPattern(pattern, value, () =>
                {
                    ClauseLines(body);
                    AssignTo(body, target);
                    ClauseLine();
                    _w.Line($"goto {done};");
                });
                _w.Close();
            }

            _clause = outer;

            // No clause took it: rethrown as the try form.
            _lastLine = (-1, -1);
            LineFor(tr.Span);
            _w.Line("throw;");
            _w.Line($"{done}:;");
            _w.Close();
        }

        if (tr.Finally is not null)
        {
            _w.Open("finally");
            Effect(tr.Finally);
            _w.Close();
        }
    }

    private void EmitMatch(BMatch m, string? target, bool tail)
    {
        LineFor(m.Span);
        var value = Temp("m");
        _w.Line($"object {value} = {Obj(m.Value)};");
        var done = Temp("matched");
        var outer = _clause;
        foreach (var (pattern, body) in m.Clauses)
        {
            _w.Open("");
            DeclarePatternVars(pattern);
            ClauseLines(body);
            EmitPattern(pattern, value, () =>
            {
                ClauseLines(body);
                if (tail)
                {
                    Tail(body);
                }
                else
                {
                    AssignTo(body, target);
                    _w.Line($"goto {done};");
                }
            });
            _w.Close();
        }

        _clause = outer;

        // No clause matched: the match is nil, as in FluentAI's reference.
        if (tail)
        {
            _w.Line("return null;");
        }
        else
        {
            AssignTo(new BConst(m.Span, null), target);
            _w.Line($"{done}:;");
        }
    }

    /// <summary>
    /// Maps the lines of a clause's tests and bindings, then again its body, to the body: a
    /// <c>#line</c> maps the lines after it relative to the first, so without this they drift from the
    /// previous clause's mapping to lines past it (even past the file's end), and the JIT blames a
    /// failure in the body on the statement before it.
    /// </summary>
    private void ClauseLines(BNode body)
    {
        _clause = body.Span;
        ClauseLine();
    }

    /// <summary>
    /// Maps the next line to the clause being emitted. Roslyn keeps a binding's value on the stack into
    /// the statement after it, so a failure there is reported at the binding's line: each is mapped.
    /// </summary>
    private void ClauseLine()
    {
        if (_clause is not { } span || (_w.Length == _clauseMapped && _lastLine == (span.Line, span.Column)))
        {
            return; // the line is mapped to it already
        }

        _lastLine = (-1, -1);
        LineFor(span);
        _clauseMapped = _w.Length;
    }

    private void DeclarePatternVars(Pattern p)
    {
        foreach (var v in PatternVars(p).Distinct())
        {
            _w.Line($"object {v.CsName} = null;");
        }
    }

    private static IEnumerable<LocalVar> PatternVars(Pattern p) => p switch
    {
        PBind b => [b.Var],
        PAs a => [a.Var, .. PatternVars(a.Inner)],
        POr o => o.Alternatives.SelectMany(PatternVars),
        PWhen w => PatternVars(w.Inner),
        PView v => PatternVars(v.Inner),
        PCons c => PatternVars(c.Head).Concat(PatternVars(c.Tail)),
        PList l => l.Items.SelectMany(PatternVars),
        _ => [],
    };

    /// <summary>Nested tests for <paramref name="p"/> against <paramref name="value"/>; <paramref name="onMatch"/> writes the success code.</summary>
    private void EmitPattern(Pattern p, string value, Action onMatch)
    {
        switch (p)
        {
            case PWild:
                onMatch();
                return;
            case PBind b:
                ClauseLine();
                _w.Line($"{b.Var.CsName} = {value};");
                onMatch();
                return;
            case PLit { Value: null }:
                Guarded($"{value} is null", onMatch);
                return;
            case PLit lit:
                var c = Const(lit.Value, out var t);
                Guarded(t == CType.Long ? $"{R}Ops.Eq({value}, {c})" : $"{R}Ops.Eq({value}, {Box(c, t)})", onMatch);
                return;
            case PAs a:
                ClauseLine();
                _w.Line($"{a.Var.CsName} = {value};");
                EmitPattern(a.Inner, value, onMatch);
                return;
            case PWhen w:
                EmitPattern(w.Inner, value, () =>
                {
                    _lastLine = (-1, -1);
                    LineFor(w.Guard.Span);
                    Guarded(Cond(w.Guard), onMatch);
                });
                return;
            case PView v:
                var viewed = Temp("v");
                _lastLine = (-1, -1);
                LineFor(v.Fn.Span);
                _w.Line($"object {viewed} = {R}Rt.Call({Obj(v.Fn)}, {value});");
                EmitPattern(v.Inner, viewed, onMatch);
                return;
            case PRange r:
                var lo = Box(Const(r.Low, out var lt), lt);
                var hi = Box(Const(r.High, out var ht), ht);
                Guarded($"({value} is long || {value} is double) && {R}Ops.Ge({value}, {lo}) && {R}Ops.{(r.Inclusive ? "Le" : "Lt")}({value}, {hi})", onMatch);
                return;
            case PNil:
                Guarded($"{value} is null || {value} is {V}FList {{ Count: 0 }}", onMatch);
                return;
            case PCons cons:
                var list = Temp("l");
                Guarded($"{value} is {V}FList {{ Count: > 0 }} {list}", () =>
                {
                    var head = Temp("h");
                    var tail = Temp("tl");
                    ClauseLine();
                    _w.Line($"object {head} = {list}.Head;");
                    ClauseLine();
                    _w.Line($"object {tail} = {list}.Tail;");
                    EmitPattern(cons.Head, head, () => EmitPattern(cons.Tail, tail, onMatch));
                });
                return;
            case PList pl:
                var items = Temp("l");
                Guarded($"{value} is {V}FList {{ Count: {pl.Items.Count} }} {items}", () => EmitItems(pl.Items, items, 0, onMatch));
                return;
            case POr or:
                var matched = Temp("or");
                _w.Line($"bool {matched} = false;");
                foreach (var alt in or.Alternatives)
                {
                    _w.Open($"if (!{matched})");
                    EmitPattern(alt, value, () => _w.Line($"{matched} = true;"));
                    _w.Close();
                }

                Guarded(matched, onMatch);
                return;
            default:
                throw new InvalidOperationException("unknown pattern " + p.GetType().Name);
        }
    }

    private void EmitItems(IReadOnlyList<Pattern> items, string list, int index, Action onMatch)
    {
        if (index == items.Count)
        {
            onMatch();
            return;
        }

        var item = Temp("i");
        ClauseLine();
        _w.Line($"object {item} = {list}[{index}];");
        EmitPattern(items[index], item, () => EmitItems(items, list, index + 1, onMatch));
    }

    private void Guarded(string condition, Action body)
    {
        _w.Open($"if ({condition})");
        body();
        _w.Close();
    }
}
