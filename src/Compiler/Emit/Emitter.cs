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

    private const string R = "global::FluentAI.Plugins.Runtime.";
    private const string V = "global::FluentAI.Plugins.Values.";
    private const int MaxLineColumn = 65535;

    private readonly BoundModule _module;
    private readonly CodeWriter _fields = new(2);
    private readonly CodeWriter _functions = new(2);
    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _builtinRefs = new(StringComparer.Ordinal);
    private CodeWriter _w = new(3);
    private FnContext? _fn;
    private int _temp;
    private (int Line, int Col) _lastLine = (-1, -1);

    /// <summary>The filter of every top-level form's try: locates an error that has no location yet (see <see cref="EmitModule"/>).</summary>
    private const string AtHelper = """
                private static bool __At(global::System.Exception e, string file, int line, int column)
                {
                    if (e is global::FluentAI.Plugins.FluentAIException { Location: null } error)
                    {
                        error.Location = global::FluentAI.Plugins.Diagnostics.SourceSpan.At(file, line, column);
                        if (error.Code == global::FluentAI.Plugins.ErrorCodes.StackTooDeep)
                        {
                            // A million frames deep: reading their symbols would take minutes.
                            return false;
                        }

                        foreach (var frame in new global::System.Diagnostics.StackTrace(e, true).GetFrames())
                        {
                            var method = frame.GetMethod();
                            if (method?.DeclaringType == typeof(Module) && method.Name == "Run")
                            {
                                break;
                            }

                            if (frame.GetFileName() is { } ai && ai.EndsWith(".ai", global::System.StringComparison.OrdinalIgnoreCase) && frame.GetFileLineNumber() > 0)
                            {
                                error.Location = global::FluentAI.Plugins.Diagnostics.SourceSpan.At(ai, frame.GetFileLineNumber(), global::System.Math.Max(1, frame.GetFileColumnNumber()));
                                break;
                            }
                        }
                    }

                    return false;
                }

        """;

    private Emitter(BoundModule module) => _module = module;

    private sealed class FnContext(LambdaInfo info, bool loop)
    {
        public LambdaInfo Info { get; } = info;
        public bool Loop { get; } = loop;
    }

    public static string Emit(BoundModule module) => new Emitter(module).EmitModule();

    private string EmitModule()
    {
        var m = _module.Manifest;
        foreach (var imp in _module.Imports)
        {
            _fields.Line($"private static global::FluentAI.Plugins.Link {imp.CsName};");
        }

        foreach (var g in _module.Globals)
        {
            if (g.IsReloadable)
            {
                _fields.Line($"private static global::FluentAI.Plugins.Link {g.CsName}__own;");
            }

            if (g.Function is null)
            {
                _fields.Line($"private static object? {g.CsName};");
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

        foreach (var g in _module.Globals.Where(g => g.Function is not null))
        {
            EmitGlobalFunction(g);
        }

        // Each top-level form runs in a try whose filter (it never catches) gives an error without a
        // location the innermost .ai frame below Run, else this form: the JIT's tail calls and
        // inlining can remove or blur the frames of the functions the error passed through.
        var top = _module.TopLevel;
        for (var i = 0; i < top.Count; i++)
        {
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
            _w.Line($"catch (global::System.Exception __e) when (__At(__e, {Str(top[i].Span.File)}, {top[i].Span.Line}, {top[i].Span.Column})) {{ throw; }}");
            _lastLine = (-1, -1);
        }

        if (top.Count == 0)
        {
            _w.Line("return null;");
        }

        var sb = new StringBuilder();
        sb.Append("// <auto-generated/>\n");
        sb.Append("// FluentAI module '").Append(m.Name).Append("' compiled from ").Append(Path.GetFileName(m.File)).Append('\n');
        sb.Append("#nullable enable\n#pragma warning disable\n");
        sb.Append("namespace FluentAI.Generated\n{\n");
        sb.Append("    public static class Module\n    {\n");
        sb.Append("        private static global::FluentAI.Plugins.Hosting.IModuleEnvironment __env = null!;\n");
        sb.Append(AtHelper);
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
        sb.Append("        public static object? Run(global::FluentAI.Plugins.Hosting.IModuleEnvironment env)\n        {\n");
        sb.Append(_w);
        sb.Append("#line hidden\n");
        sb.Append("        }\n");
        sb.Append(_functions);
        sb.Append("    }\n}\n");
        return sb.ToString();
    }

    private void EmitGlobalFunction(GlobalVar g)
    {
        var info = g.Function!;
        var saved = (_w, _fn, _lastLine);
        _w = new CodeWriter(3);
        _lastLine = (-1, -1);
        var loop = HasSelfTailCall(info);
        _fn = new FnContext(info, loop);
        var ps = info.Parameters.Select(p => "object? " + (loop ? p.CsName + "_p" : p.CsName)).ToList();
        if (info.Rest is { } rest)
        {
            ps.Add("object? " + (loop ? rest.CsName + "_p" : rest.CsName));
        }

        EmitFunctionBody(info, loop);
        var fw = _functions;
        fw.Line("");
        fw.Line($"// ({info.Name} {string.Join(' ', info.Parameters.Select(p => p.Name))}{(info.Rest is null ? "" : " & " + info.Rest.Name)}) at line {info.Span.Line}");
        fw.Open($"public static object? {g.CsName}({string.Join(", ", ps)})");
        fw.Append(_w);
        fw.Line("#line hidden");
        fw.Close();

        // The function as a value: a small class calling the static method, so it costs one virtual call.
        var args = string.Join(", ", info.Parameters.Select((_, i) => "a" + i.ToString(CultureInfo.InvariantCulture)));
        var decl = string.Join(", ", info.Parameters.Select((_, i) => "object? a" + i.ToString(CultureInfo.InvariantCulture)));
        var variadic = info.Rest is not null ? "true" : "false";
        fw.Open($"private sealed class {g.CsName}__Fn : {V}Fn");
        fw.Line($"public {g.CsName}__Fn() : base({Str(info.Name)}, {info.Arity}, {variadic}) {{ }}");
        if (info.Rest is null && info.Arity <= 4)
        {
            fw.Line($"public override object? Invoke({decl}) => {g.CsName}({args});");
        }
        else
        {
            var fromArray = string.Join(", ", info.Parameters.Select((_, i) => $"args[{i}]").Concat(info.Rest is null ? [] : [$"{R}Rt.Rest(args, {info.Arity})"]));
            fw.Open("public override object? Apply(object?[] args)");
            fw.Line(info.Rest is null ? $"if (args.Length != {info.Arity}) throw ArityError(args.Length);" : $"if (args.Length < {info.Arity}) throw ArityError(args.Length);");
            fw.Line($"return {g.CsName}({fromArray});");
            fw.Close();
            for (var n = 0; n <= 4; n++)
            {
                var ns = Enumerable.Range(0, n).Select(i => "a" + i.ToString(CultureInfo.InvariantCulture)).ToList();
                fw.Line($"public override object? Invoke({string.Join(", ", ns.Select(a => "object? " + a))}) => Apply([{string.Join(", ", ns)}]);");
            }
        }

        fw.Close();
        fw.Line($"private static readonly {V}Fn {g.CsName}__fn = new {g.CsName}__Fn();");
        (_w, _fn, _lastLine) = saved;
    }

    /// <summary>The body of a function: a loop when it calls itself in tail position, with fresh locals per iteration so closures capture each iteration's values.</summary>
    private void EmitFunctionBody(LambdaInfo info, bool loop)
    {
        // Mapped to the function itself, so a frame whose offset the JIT reports as the method's start still names the .ai file.
        LineFor(info.Span);
        _w.Line($"{R}Rt.EnsureStack();");
        if (loop)
        {
            _w.Open("while (true)");
            foreach (var p in info.Parameters.Concat(info.Rest is null ? [] : [info.Rest]))
            {
                _w.Line($"object? {p.CsName} = {p.CsName}_p;");
            }

            Tail(info.Body);
            _w.Close();
        }
        else
        {
            Tail(info.Body);
        }
    }

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
        var startCol = Math.Min(span.Column, MaxLineColumn - 1);
        endCol = Math.Min(endCol, MaxLineColumn);
        _w.Line($"#line ({span.Line}, {startCol}) - ({endLine}, {endCol}) {Str(span.File)}");
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
