using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>The C# type an expression is emitted with: unboxed where the binder can prove it.</summary>
internal enum CType
{
    Obj,
    Long,
    Double,
    Bool,
}

/// <summary>A local variable or parameter; its C# name is unique in the module.</summary>
internal sealed class LocalVar(string name, string csName)
{
    public string Name { get; } = name;
    public string CsName { get; } = csName;
    public CType Type { get; set; } = CType.Obj;

    /// <summary>Set when the variable is bound to a lambda whose self tail calls may become a loop.</summary>
    public LambdaInfo? BoundLambda { get; set; }

    /// <summary>True when a <c>set!</c> assigns the variable: it then keeps no unboxed type and no bound lambda.</summary>
    public bool IsAssigned { get; init; }
}

/// <summary>A module-level definition.</summary>
internal sealed class GlobalVar(string name, string csName)
{
    public string Name { get; } = name;
    public string CsName { get; } = csName;

    /// <summary>Set when the global is defined exactly once as a function: it is emitted as a static method.</summary>
    public LambdaInfo? Function { get; set; }

    public bool IsReloadable { get; set; }

    /// <summary>True when a <c>set!</c> assigns the global: it is then a field read and written with volatile semantics, never a direct function.</summary>
    public bool IsAssigned { get; set; }

    /// <summary>Known before any body is bound: calls (also from earlier functions and from itself) are direct static calls.</summary>
    public ExportInfo? Direct { get; set; }

    public int DefinitionCount { get; set; }

    /// <summary>The kind of the first definition (<c>define</c>, <c>define-reloadable</c> or <c>define-stateful</c>) and its line.</summary>
    public (string Kind, int Line) First { get; set; }
}

/// <summary>A name reached through a link: an import, or a REPL definition.</summary>
internal sealed class ImportVar(string module, string name, string csName, ExportInfo export)
{
    public string Module { get; } = module;
    public string Name { get; } = name;
    public string CsName { get; } = csName;
    public ExportInfo Export { get; } = export;
}

internal sealed class LambdaInfo
{
    public required string Name { get; set; }
    public required IReadOnlyList<LocalVar> Parameters { get; init; }
    public LocalVar? Rest { get; init; }
    public BNode Body { get; set; } = null!;
    public required SourceSpan Span { get; init; }

    /// <summary>True when the body calls the function itself in tail position (compiled to a loop).</summary>
    public bool HasSelfTailCall { get; set; }

    public int Arity => Parameters.Count;
}

internal abstract class BNode(SourceSpan span)
{
    public SourceSpan Span { get; } = span;
}

internal sealed class BConst(SourceSpan span, object? value) : BNode(span)
{
    public object? Value { get; } = value;
}

internal sealed class BLocal(SourceSpan span, LocalVar v) : BNode(span)
{
    public LocalVar Var { get; } = v;
}

internal sealed class BGlobal(SourceSpan span, GlobalVar g) : BNode(span)
{
    public GlobalVar Var { get; } = g;
}

internal sealed class BImport(SourceSpan span, ImportVar i) : BNode(span)
{
    public ImportVar Var { get; } = i;
}

internal sealed class BBuiltinRef(SourceSpan span, string name) : BNode(span)
{
    public string Name { get; } = name;
}

/// <summary>A call of a computed function value.</summary>
internal sealed class BCall(SourceSpan span, BNode fn, IReadOnlyList<BNode> args) : BNode(span)
{
    public BNode Fn { get; } = fn;
    public IReadOnlyList<BNode> Args { get; } = args;
}

/// <summary>A direct call of a module function (static method), or of a lambda bound to a local when self-calling.</summary>
internal sealed class BGlobalCall(SourceSpan span, GlobalVar g, IReadOnlyList<BNode> args) : BNode(span)
{
    public GlobalVar Var { get; } = g;
    public IReadOnlyList<BNode> Args { get; } = args;
}

/// <summary>A call of a library function resolved to one overload.</summary>
internal sealed class BBuiltinCall(SourceSpan span, Builtin builtin, System.Reflection.MethodInfo method, IReadOnlyList<BNode> args) : BNode(span)
{
    public Builtin Builtin { get; } = builtin;
    public System.Reflection.MethodInfo Method { get; } = method;
    public IReadOnlyList<BNode> Args { get; } = args;
}

/// <summary>An operator the emitter inlines with typed fast paths: + - * &lt; &lt;= &gt; &gt;= = != not.</summary>
internal sealed class BOp(SourceSpan span, string op, IReadOnlyList<BNode> args) : BNode(span)
{
    public string Op { get; } = op;
    public IReadOnlyList<BNode> Args { get; } = args;
}

internal sealed class BIf(SourceSpan span, BNode test, BNode then, BNode? otherwise) : BNode(span)
{
    public BNode Test { get; } = test;
    public BNode Then { get; } = then;
    public BNode? Else { get; } = otherwise;
}

internal sealed class BSeq(SourceSpan span, IReadOnlyList<BNode> items) : BNode(span)
{
    public IReadOnlyList<BNode> Items { get; } = items;
}

internal sealed class BLet(SourceSpan span, IReadOnlyList<(LocalVar Var, BNode Init)> bindings, BNode body, bool recursive) : BNode(span)
{
    public IReadOnlyList<(LocalVar Var, BNode Init)> Bindings { get; } = bindings;
    public BNode Body { get; } = body;
    public bool Recursive { get; } = recursive;
}

internal sealed class BLambda(SourceSpan span, LambdaInfo info) : BNode(span)
{
    public LambdaInfo Info { get; } = info;
}

internal sealed class BAnd(SourceSpan span, IReadOnlyList<BNode> items) : BNode(span)
{
    public IReadOnlyList<BNode> Items { get; } = items;
}

internal sealed class BOr(SourceSpan span, IReadOnlyList<BNode> items) : BNode(span)
{
    public IReadOnlyList<BNode> Items { get; } = items;
}

internal sealed class BTry(SourceSpan span, BNode body, IReadOnlyList<(Pattern Pattern, BNode Body)> catches, BNode? @finally) : BNode(span)
{
    public BNode Body { get; } = body;
    public IReadOnlyList<(Pattern Pattern, BNode Body)> Catches { get; } = catches;
    public BNode? Finally { get; } = @finally;
}

internal sealed class BThrow(SourceSpan span, BNode value) : BNode(span)
{
    public BNode Value { get; } = value;
}

internal sealed class BMatch(SourceSpan span, BNode value, IReadOnlyList<(Pattern Pattern, BNode Body)> clauses) : BNode(span)
{
    public BNode Value { get; } = value;
    public IReadOnlyList<(Pattern Pattern, BNode Body)> Clauses { get; } = clauses;
}

/// <summary>A top-level definition: assigns the global and reports it to the environment.</summary>
internal sealed class BDefine(SourceSpan span, GlobalVar g, BNode value) : BNode(span)
{
    public GlobalVar Var { get; } = g;
    public BNode Value { get; } = value;
}

/// <summary>
/// A definition inside a body (assigning a local declared by the enclosing <see cref="BLet"/>), or a
/// <c>set!</c> of a local or parameter; the form is nil. Closures capture C# locals by reference, so
/// every closure that sees the local sees the write.
/// </summary>
internal sealed class BSetLocal(SourceSpan span, LocalVar v, BNode value) : BNode(span)
{
    public LocalVar Var { get; } = v;
    public BNode Value { get; } = value;
}

/// <summary><c>set!</c> of a module global: a volatile store of the new value (tasks may assign it concurrently); the form is nil.</summary>
internal sealed class BSetGlobal(SourceSpan span, GlobalVar g, BNode value) : BNode(span)
{
    public GlobalVar Var { get; } = g;
    public BNode Value { get; } = value;
}

internal sealed class BListLit(SourceSpan span, IReadOnlyList<BNode> items) : BNode(span)
{
    public IReadOnlyList<BNode> Items { get; } = items;
}

internal sealed class BMapLit(SourceSpan span, IReadOnlyList<BNode> items) : BNode(span)
{
    public IReadOnlyList<BNode> Items { get; } = items;
}

/// <summary>A call of a runtime helper that takes thunks (effects, handlers, concurrency, reload forms).</summary>
internal sealed class BRuntimeCall(SourceSpan span, string target, IReadOnlyList<BNode> args) : BNode(span)
{
    /// <summary>The C# method, such as <c>global::FluentAI.Plugins.Runtime.Effects.Perform</c>.</summary>
    public string Target { get; } = target;
    public IReadOnlyList<BNode> Args { get; } = args;
}
