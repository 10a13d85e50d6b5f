using System.Globalization;
using System.Text;
using FluentAI.Plugins.Compiler.Binding;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Emit;

/// <summary>
/// Emits one bound module as one deterministic, readable C# compilation unit. Expressions are
/// emitted as C# expressions where they can be, unboxed where the binder proved a type; forms
/// that need statements are hoisted ahead of the expression that uses them, keeping evaluation
/// order. <c>#line</c> directives map every statement back to the <c>.ai</c> file.
/// </summary>
internal sealed partial class Emitter
{
    public const string ClassName = "FluentAI.Generated.Module";

    // The unit imports the Runtime and Values namespaces: short names keep the text (and Roslyn's work) small.
    // Generated identifiers all carry a "__" part, so they never collide with those namespaces' types.
    private const string R = "";
    private const string V = "";
    private const int MaxLineColumn = 65535;

    /// <summary>How many top-level forms one generated method holds (Run, then __Run2, __Run3, ...).</summary>
    internal const int FormsPerMethod = 500;

    private readonly BoundModule _module;
    private readonly CodeWriter _fields = new(2);
    private readonly CodeWriter _functions = new(2);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _builtinRefs = new(StringComparer.Ordinal);
    private CodeWriter _w = new(3);
    private FnContext? _fn;
    private int _temp;
    private (int Line, int Col) _lastLine = (-1, -1);

    private Emitter(BoundModule module) => _module = module;

    private sealed class FnContext(LambdaInfo info, bool loop)
    {
        public LambdaInfo Info { get; } = info;
        public bool Loop { get; } = loop;

        /// <summary>True in a typed method: results and loop arguments stay <c>long</c>.</summary>
        public bool TypedResult { get; init; }
    }

    public static string Emit(BoundModule module) => new Emitter(module).EmitModule();

    private string EmitModule()
    {
        var m = _module.Manifest;
        foreach (var imp in _module.Imports)
        {
            _fields.Line($"private static Link {imp.CsName};");
        }

        foreach (var g in _module.Globals)
        {
            if (g.IsReloadable)
            {
                _fields.Line($"private static Link {g.CsName}__own;");
            }

            if (g.Function is null)
            {
                _fields.Line($"private static object {g.CsName};");
            }
        }

        _w.Indent = 3;
        _w.Line("__env = env;");
        foreach (var imp in _module.Imports)
        {
            _w.Line($"{imp.CsName} = env.Import({Str(imp.Module)}, {Str(imp.Name)});");
        }

        foreach (var g in _module.Globals.Where(g => g.IsReloadable))
        {
            _w.Line($"{g.CsName}__own = env.Own({Str(g.Name)});");
        }

        ChooseTypedFunctions();
        foreach (var g in _module.Globals.Where(g => g.Function is not null))
        {
            EmitGlobalFunction(g);
        }

        // Each top-level form runs in a try whose filter (it never catches) gives an error without a
        // location the innermost .ai frame below Run, else this form: the JIT's tail calls and
        // inlining can remove or blur the frames of the functions the error passed through.
        var top = _module.TopLevel;
        var chunks = new List<CodeWriter>();
        var inChunk = 0;
        for (var i = 0; i < top.Count; i++)
        {
            // A method holds at most FormsPerMethod top-level forms; the rest go to further methods that
            // Run calls in order. One method per file would hit C#'s 65,534-locals limit at ~60,000 forms,
            // and Roslyn's and the JIT's cost grows faster than the length of a method.
            if (inChunk == FormsPerMethod)
            {
                if (chunks.Count > 0)
                {
                    _w.Line("return null;");
                }

                chunks.Add(_w);
                _w = new CodeWriter(3);
                _lastLine = (-1, -1);
                inChunk = 0;
            }

            inChunk++;

            // Publishing module functions cannot fail: no filter needed, and a run of them is one call.
            var run = 0;
            while (i + run < top.Count - 1 && top[i + run] is BDefine { Var.Function: not null })
            {
                run++;
            }

            if (run == 1)
            {
                Effect(top[i]);
                continue;
            }

            if (run > 1)
            {
                var defines = top.Skip(i).Take(run).Cast<BDefine>().ToList();
                _w.Line($"__env.DefineAll(new string[] {{ {string.Join(", ", defines.Select(d => Str(d.Var.Name)))} }}, new object[] {{ {string.Join(", ", defines.Select(d => d.Var.CsName + "__fn"))} }});");
                i += run - 1;
                continue;
            }

            _w.Open("try");
            if (i == top.Count - 1)
            {
                var last = top[i];
                var value = Mapped(last.Span, () => Obj(last));
                _w.Line($"return {value};");
            }
            else
            {
                Effect(top[i]);
            }

            _w.Close();
            _w.Line($"catch (System.Exception __e) when ({R}Rt.LocateTopLevel(__e, {Str(top[i].Span.File)}, {top[i].Span.Line}, {top[i].Span.Column})) {{ throw; }}");
            _lastLine = (-1, -1);
        }

        if (top.Count == 0)
        {
            _w.Line("return null;");
        }

        chunks.Add(_w);

        var sb = new StringBuilder();
        sb.Append("// <auto-generated/>\n");
        sb.Append("// FluentAI module '").Append(m.Name).Append("' compiled from ").Append(Path.GetFileName(m.File)).Append('\n');
        sb.Append("#nullable disable\n#pragma warning disable\n");
        sb.Append("namespace FluentAI.Generated\n{\n");
        sb.Append("    using System.Runtime.CompilerServices;\n    using FluentAI.Plugins;\n    using FluentAI.Plugins.Runtime;\n    using FluentAI.Plugins.Values;\n\n");
        sb.Append("    public static unsafe class Module\n    {\n");
        sb.Append("        /// <summary>The exports as compiled (name/arity); the loader reads it with Mono.Cecil without loading the image.</summary>\n");
        sb.Append("        public const string Surface = ").Append(Str(Surface())).Append(";\n");
        sb.Append("        private static FluentAI.Plugins.Hosting.IModuleEnvironment __env = null;\n");

        // The static constructor (a function object per module function) and Run execute once per load:
        // the JIT compiles code in a collectible context fully optimised, which for these long straight-line
        // methods costs more than running them, so they are compiled without optimisation.
        sb.Append("        [MethodImpl(MethodImplOptions.NoOptimization)]\n        static Module() { }\n");
        sb.Append(_fields);
        foreach (var (expr, name) in _constants.OrderBy(kv => kv.Value, StringComparer.Ordinal))
        {
            sb.Append("        private static readonly object ").Append(name).Append(" = ").Append(expr).Append(";\n");
        }

        foreach (var (fnName, field) in _builtinRefs.OrderBy(kv => kv.Value, StringComparer.Ordinal))
        {
            sb.Append("        private static readonly ").Append(V).Append("Fn ").Append(field).Append(" = ").Append(R).Append("BuiltinTable.Get(").Append(Str(fnName)).Append(");\n");
        }

        sb.Append('\n');
        sb.Append("        [MethodImpl(MethodImplOptions.NoOptimization)]\n        public static object Run(FluentAI.Plugins.Hosting.IModuleEnvironment env)\n        {\n");
        sb.Append(chunks[0]);
        sb.Append("#line hidden\n");
        for (var c = 1; c < chunks.Count; c++)
        {
            sb.Append(c == chunks.Count - 1 ? "            return " : "            ").Append("__Run").Append(c + 1).Append("();\n");
        }

        sb.Append("        }\n");
        for (var c = 1; c < chunks.Count; c++)
        {
            sb.Append("\n        [MethodImpl(MethodImplOptions.NoOptimization)]\n        private static object __Run").Append(c + 1).Append("()\n        {\n");
            sb.Append(chunks[c]);
            sb.Append("#line hidden\n");
            sb.Append("        }\n");
        }
        sb.Append(_functions);
        sb.Append("    }\n}\n");
        return sb.ToString();
    }

    /// <summary>The export signatures from the bound module (not the declarations), so the loader can check them against importers.</summary>
    private string Surface()
    {
        var globals = _module.Globals.ToDictionary(g => g.Name, StringComparer.Ordinal);
        return string.Join(';', _module.Manifest.Exports.Select(e =>
            globals.TryGetValue(e.LocalName, out var g) && g.Function is { } f
                ? $"{e.Name}/{f.Arity}{(f.Rest is null ? "" : "+")}"
                : e.Signature));
    }

    private void EmitGlobalFunction(GlobalVar g)
    {
        var info = g.Function!;
        var saved = (_w, _fn, _lastLine);
        _w = new CodeWriter(3);
        _lastLine = (-1, -1);
        var loop = HasSelfTailCall(info);
        _fn = new FnContext(info, loop);
        var ps = info.Parameters.Select(p => "object " + (loop ? p.CsName + "_p" : p.CsName)).ToList();
        if (info.Rest is { } rest)
        {
            ps.Add("object " + (loop ? rest.CsName + "_p" : rest.CsName));
        }

        EmitFunctionBody(info, loop, _typed.Contains(g) ? TypedDispatch(g, loop) : null);
        var fw = _functions;
        fw.Line("");
        fw.Line($"// ({info.Name} {string.Join(' ', info.Parameters.Select(p => p.Name))}{(info.Rest is null ? "" : " & " + info.Rest.Name)}) at line {info.Span.Line}");
        // Not inlined: an error raised in the function must name its own line, not its caller's.
        fw.Line("[MethodImpl(MethodImplOptions.NoInlining)]");
        fw.Open($"public static object {g.CsName}({string.Join(", ", ps)})");
        fw.Append(_w);
        fw.Line("#line hidden");
        fw.Close();
        if (_typed.Contains(g))
        {
            EmitTypedMethod(g);
        }

        // The function as a value: its method's address in a CompiledFn (one indirect call, nothing
        // generated per function); typeof(Module) keeps this context alive while the value is reachable.
        if (info.Rest is null && info.Arity <= 4)
        {
            fw.Line($"private static readonly Fn {g.CsName}__fn = new CompiledFn{info.Arity}({Str(info.Name)}, &{g.CsName}, {TypedAddress(g)}typeof(Module));");
        }
        else
        {
            var fromArray = string.Join(", ", info.Parameters.Select((_, i) => $"args[{i}]").Concat(info.Rest is null ? [] : [$"{R}Rt.Rest(args, {info.Arity})"]));
            fw.Line($"private static readonly Fn {g.CsName}__fn = new LambdaN({Str(info.Name)}, {info.Arity}, {(info.Rest is null ? "false" : "true")}, args => {g.CsName}({fromArray}));");
        }

        (_w, _fn, _lastLine) = saved;
    }

    /// <summary>The body of a function: a loop when it calls itself in tail position, with fresh locals per iteration so closures capture each iteration's values.</summary>
    private void EmitFunctionBody(LambdaInfo info, bool loop, string? dispatch = null)
    {
        // Mapped to the function itself, so a frame whose offset the JIT reports as the method's start still names the .ai file.
        LineFor(info.Span);
        if (dispatch is not null)
        {
            _w.Line(dispatch);
        }

        // Only a function that calls others can recurse; leaves skip the stack check.
        if (MayRecurse(info.Body))
        {
            _w.Line($"{R}Rt.EnsureStack();");
        }

        if (loop)
        {
            _w.Open("while (true)");

            // The back-edge of the loop: where a runaway loop notices an interrupt, located at the function
            // (mapped again: an enhanced #line maps the lines after it relative to the first).
            _lastLine = (0, 0);
            LineFor(info.Span);
            _w.Line($"{R}Rt.EnsureStack();");
            foreach (var p in info.Parameters.Concat(info.Rest is null ? [] : [info.Rest]))
            {
                _w.Line($"{CsType(p.Type)} {p.CsName} = {p.CsName}_p;");
            }

            Tail(info.Body);
            _w.Close();
        }
        else
        {
            Tail(info.Body);
        }
    }

    /// <summary>True when the body (not counting nested lambdas, which check for themselves) calls something that may call back.</summary>
    private static bool MayRecurse(BNode n) => n switch
    {
        BCall or BGlobalCall or BRuntimeCall => true,
        BBuiltinCall b => b.Args.Any(MayRecurse) || b.Args.Any(a => a is BLambda or BGlobal or BLocal or BImport or BBuiltinRef),
        BOp op => op.Args.Any(MayRecurse),
        BIf i => MayRecurse(i.Test) || MayRecurse(i.Then) || (i.Else is not null && MayRecurse(i.Else)),
        BSeq s => s.Items.Any(MayRecurse),
        BLet l => l.Bindings.Any(b => MayRecurse(b.Init)) || MayRecurse(l.Body),
        BAnd a => a.Items.Any(MayRecurse),
        BOr o => o.Items.Any(MayRecurse),
        BListLit l => l.Items.Any(MayRecurse),
        BMapLit m => m.Items.Any(MayRecurse),
        BSetLocal s => MayRecurse(s.Value),
        BSetGlobal s => MayRecurse(s.Value),
        BThrow t => MayRecurse(t.Value),
        BConst or BLocal or BGlobal or BImport or BBuiltinRef or BLambda => false,
        _ => true,
    };

    private string Temp(string prefix = "t") => $"__{prefix}{++_temp}";

    /// <summary>
    /// <paramref name="emit"/>'s result after mapping to <paramref name="span"/>. When computing it
    /// wrote lines of its own (hoisted statements, lambda bodies with their own <c>#line</c>s), the
    /// mapping is repeated: a <c>#line</c> maps the line after it, and later lines drift from it.
    /// </summary>
    private string Mapped(SourceSpan span, Func<string> emit)
    {
        LineFor(span);
        var before = _w.Length;
        var text = emit();
        if (_w.Length != before)
        {
            _lastLine = (-1, -1);
            LineFor(span);
        }

        return text;
    }

    private void LineFor(SourceSpan span)
    {
        if (span.Line <= 0 || (span.Line, span.Column) == _lastLine)
        {
            return;
        }

        _lastLine = (span.Line, span.Column);
        var endLine = Math.Max(span.End.Line, span.Line);
        var endCol = endLine == span.Line ? Math.Max(span.End.Column, span.Column + 1) : Math.Max(span.End.Column, 1);

        // C# rejects #line columns beyond 65535 (CS8938): a long line maps to its first 65535 columns.
        // The character offset names the generated column where the mapped statement starts (after indentation).
        var startCol = Math.Min(span.Column, MaxLineColumn - 1);
        endCol = Math.Min(endCol, MaxLineColumn);
        _w.Line($"#line ({span.Line}, {startCol}) - ({endLine}, {endCol}) {(_w.Indent * 4) + 1} {Str(span.File)}");
    }

    internal static string Str(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                _ when char.IsControl(c) || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }
}
