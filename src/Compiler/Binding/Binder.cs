using System.Globalization;
using System.Text;
using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>
/// Resolves names (locals, closures, module globals, imports, library functions), expands the
/// derived forms and checks arity where it is known. Special forms are dispatched through a table.
/// </summary>
internal sealed partial class Binder
{
    private readonly DiagnosticBag _d;
    private readonly BuiltinCatalog _builtins;
    private readonly IModuleResolver? _resolver;
    private readonly ModuleManifest _manifest;
    private readonly Dictionary<string, GlobalVar> _globals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImportVar> _imports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, ImportVar>> _qualified = new(StringComparer.Ordinal);
    private readonly List<ImportVar> _importList = [];
    private readonly HashSet<string> _unresolved = new(StringComparer.Ordinal);
    private readonly HashSet<ImportVar> _implicit = [];
    private readonly Assignments _known;
    private readonly Assignments _found = new();
    private readonly Dictionary<string, Func<SeqNode, BNode>> _forms;
    private Scope? _scope;
    private int _counter;

    private Binder(ModuleManifest manifest, DiagnosticBag diagnostics, BuiltinCatalog builtins, IModuleResolver? resolver, Assignments known)
    {
        _manifest = manifest;
        _d = diagnostics;
        _builtins = builtins;
        _resolver = resolver;
        _known = known;
        _forms = CreateFormTable();
    }

    /// <summary>
    /// Binds the module. What a <c>set!</c> assigns is known only once its scope is bound, but it decides
    /// how the variable is bound where it is declared (no unboxed type, direct call or loop of its self
    /// calls, whose target a <c>set!</c> may change): so a module with a <c>set!</c> is bound twice, the
    /// second time knowing what the first found assigned.
    /// </summary>
    public static BoundModule Bind(IReadOnlyList<Node> forms, ModuleManifest manifest, DiagnosticBag diagnostics, BuiltinCatalog builtins, IModuleResolver? resolver, IReadOnlyList<ImplicitName> implicitNames)
    {
        var first = new DiagnosticBag();
        var binder = new Binder(manifest, first, builtins, resolver, new Assignments());
        var module = binder.BindModule(forms, implicitNames);
        if (binder._found.IsEmpty)
        {
            diagnostics.AddRange(first.Items);
            return module;
        }

        var again = new Binder(manifest, diagnostics, builtins, resolver, binder._found);
        module = again.BindModule(forms, implicitNames);
        if (!again._found.SameAs(binder._found))
        {
            // Both passes create the same variables in the same order (with the same unique names); they must agree.
            throw new InvalidOperationException("the binder's second pass found other assignments than its first");
        }

        return module;
    }

    private BoundModule BindModule(IReadOnlyList<Node> forms, IReadOnlyList<ImplicitName> implicitNames)
    {
        foreach (var name in implicitNames)
        {
            _imports[name.Export.Name] = AddImport(name.Module, name.Export.LocalName, name.Export.Name, name.Export);
            _implicit.Add(_imports[name.Export.Name]);
        }

        // Declare every top-level definition first, so functions may refer to later ones.
        var topForms = Flatten(forms).ToList();
        foreach (var form in topForms)
        {
            if (form is SeqNode { Kind: SeqKind.List } list && Declarations.Definition(list) is { } def)
            {
                if (_forms.ContainsKey(def.Name))
                {
                    // A global named like a special form would silently turn every use of the form into a call.
                    var nameSpan = list.Items[1] is SeqNode { Items: [var n, ..] } ? n.Span : list.Items[1].Span;
                    _d.Error(ErrorCodes.ReservedName, Messages.Reserved(def.Name), nameSpan);
                    continue;
                }

                // A name keeps one kind: a value, a reloadable function (a slot) or a state cell.
                var kind = list.Head == "defn" ? "define" : list.Head!;
                if (!_globals.TryGetValue(def.Name, out var g))
                {
                    _globals[def.Name] = g = new GlobalVar(def.Name, Unique(def.Name)) { First = (kind, list.Span.Line) };
                }
                else if (g.First.Kind != kind)
                {
                    var nameSpan = list.Items[1] is SeqNode { Items: [var n, ..] } ? n.Span : list.Items[1].Span;
                    _d.Error(ErrorCodes.DuplicateDefinition, Messages.KindConflict(def.Name, g.First.Kind, g.First.Line, kind), nameSpan);
                    continue;
                }

                g.DefinitionCount++;
                g.IsReloadable |= list.Head == "define-reloadable";
                g.IsAssigned = _known.Globals.Contains(def.Name);
                g.Direct = def.IsFunction && list.Head is "define" or "defn" ? def : null;
            }
        }

        foreach (var g in _globals.Values.Where(g => g.DefinitionCount != 1 || g.IsReloadable || g.IsAssigned))
        {
            g.Direct = null;
        }

        var top = new List<BNode>();
        foreach (var form in topForms)
        {
            if (form is SeqNode { Kind: SeqKind.List, Head: "import" } import)
            {
                BindImport(import);
            }
            else if (form is SeqNode { Kind: SeqKind.List, Head: "export" })
            {
                // Exports were read into the manifest by the declarations pass.
            }
            else
            {
                top.Add(BindTopLevel(form));
            }
        }

        return new BoundModule { Manifest = _manifest, Globals = _globals.Values.ToList(), Imports = _importList, TopLevel = top };
    }

    /// <summary>Top-level <c>begin</c> and <c>module</c> bodies splice into the module, as in Scheme.</summary>
    private static IEnumerable<Node> Flatten(IEnumerable<Node> forms)
    {
        foreach (var form in forms)
        {
            if (form is SeqNode { Kind: SeqKind.List, Head: "begin" } begin && begin.Items.Skip(1).Any(IsDefinitionOrModuleForm))
            {
                foreach (var inner in Flatten(begin.Items.Skip(1)))
                {
                    yield return inner;
                }
            }
            else if (form is SeqNode { Kind: SeqKind.List, Head: "module" } module)
            {
                foreach (var inner in Flatten(module.Items.Skip(2)))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return form;
            }
        }
    }

    private static bool IsDefinitionOrModuleForm(Node n) =>
        n is SeqNode { Kind: SeqKind.List, Head: "define" or "defn" or "define-reloadable" or "define-stateful" or "import" or "export" or "module" };

    private BNode BindTopLevel(Node form)
    {
        if (form is SeqNode { Kind: SeqKind.List, Head: "define-stateful" } stateful)
        {
            return BindStateful(stateful);
        }

        if (form is SeqNode { Kind: SeqKind.List } list && list.Head is "define" or "defn" or "define-reloadable" && Declarations.Definition(list) is { } def)
        {
            if (!_globals.TryGetValue(def.Name, out var g))
            {
                // A reserved name, reported when the definitions were declared.
                return new BConst(list.Span, null);
            }

            var value = BindDefinitionValue(list, def.Name);
            if (value is BLambda lambda && g.Direct is not null)
            {
                g.Function = lambda.Info;
            }

            return new BDefine(list.Span, g, value);
        }

        return BindExpr(form);
    }

    private string Unique(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(c switch
                {
                    '-' or '_' or '.' or ':' => "_",
                    '?' => "_Q",
                    '!' => "_X",
                    '*' => "_S",
                    '>' => "_to_",
                    '<' => "_lt_",
                    '=' => "_eq_",
                    '+' => "_plus_",
                    '/' => "_sl_",
                    _ => "_" + ((int)c).ToString("x", CultureInfo.InvariantCulture) + "_",
                });
            }
        }

        if (sb.Length == 0 || char.IsAsciiDigit(sb[0]))
        {
            sb.Insert(0, '_');
        }

        return sb.Append("__").Append((++_counter).ToString(CultureInfo.InvariantCulture)).ToString();
    }

    private LocalVar NewLocal(string name)
    {
        var csName = Unique(name);
        return new LocalVar(name, csName) { IsAssigned = _known.Locals.Contains(csName) };
    }

    private void Push() => _scope = new Scope(_scope);

    private void Pop() => _scope = _scope!.Parent;

    private BNode BindExpr(Node node)
    {
        switch (node)
        {
            case LiteralNode lit:
                return new BConst(lit.Span, lit.Value);
            case KeywordNode kw:
                return new BConst(kw.Span, Values.Keyword.Intern(kw.Name));
            case SymbolNode sym:
                return BindName(sym);
            case SeqNode { Kind: SeqKind.Vector } vec:
                return new BListLit(vec.Span, vec.Items.Select(BindExpr).ToList());
            case SeqNode { Kind: SeqKind.Map } map:
                return new BMapLit(map.Span, map.Items.Select(BindExpr).ToList());
            case SeqNode list:
                return BindList(list);
            default:
                throw new InvalidOperationException("unknown syntax node " + node.GetType().Name);
        }
    }

    private BNode BindName(SymbolNode sym)
    {
        var name = sym.Name;
        if (_scope?.Find(name) is { } local)
        {
            return new BLocal(sym.Span, local);
        }

        if (_globals.TryGetValue(name, out var g))
        {
            return new BGlobal(sym.Span, g);
        }

        if (_imports.TryGetValue(name, out var imp))
        {
            return new BImport(sym.Span, imp);
        }

        if (_builtins.Find(name) is not null)
        {
            return new BBuiltinRef(sym.Span, name);
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && _qualified.TryGetValue(name[..dot], out var table))
        {
            if (table.TryGetValue(name[(dot + 1)..], out var q))
            {
                return new BImport(sym.Span, q);
            }

            _d.Error(ErrorCodes.NotExported, Messages.NotExported(name[(dot + 1)..], name[..dot]), sym.Span);
            return new BConst(sym.Span, null);
        }

        if (_unresolved.Contains(name))
        {
            // Already reported at the import.
            return new BConst(sym.Span, null);
        }

        if (UnsupportedForms.Contains(name))
        {
            _d.Error(ErrorCodes.UnsupportedForm, Messages.UnsupportedForm(name), sym.Span);
            return new BConst(sym.Span, null);
        }

        _d.Error(ErrorCodes.UnknownName, _forms.ContainsKey(name) ? Messages.BadForm(name, "it to be called as a form, (" + name + " ...)") : Messages.UnknownName(name), sym.Span);
        return new BConst(sym.Span, null);
    }

    /// <summary>
    /// Forms of FluentAI's reference (its parser's special forms, and <c>gc:let</c>, which its compiler
    /// treats as one) that this implementation does not compile: a use says so rather than "unknown name".
    /// </summary>
    private static readonly HashSet<string> UnsupportedForms = new(StringComparer.Ordinal) { "spec:contract", "gc:let" };

    private BNode BindList(SeqNode list)
    {
        if (list.Items.Count == 0)
        {
            return new BConst(list.Span, Values.FList.Empty);
        }

        if (list.Items[0] is SymbolNode head && _scope?.Find(head.Name) is null && !_globals.ContainsKey(head.Name) && _forms.TryGetValue(head.Name, out var form))
        {
            return form(list);
        }

        if (list.Items[0] is SymbolNode unsupported && UnsupportedForms.Contains(unsupported.Name) && BindName(unsupported) is BConst)
        {
            // Reported by BindName; the form's parts mean what that form makes them mean, so they are not bound as a call's arguments.
            return new BConst(list.Span, null);
        }

        return BindCall(list);
    }
}
