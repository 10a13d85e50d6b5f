using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>
/// <c>(set! name value)</c>: assigns a local, a parameter or a module global; the form is nil.
/// Imports, <c>define-reloadable</c> functions, state cells and library functions cannot be assigned.
/// </summary>
internal sealed partial class Binder
{
    private BNode BindSet(SeqNode form)
    {
        if (form.Items.Count != 3 || form.Items[1] is not SymbolNode target)
        {
            return Error(ErrorCodes.BadForm, Messages.BadForm("set!", "(set! name value)"), form.Span);
        }

        // The name first: its error comes before any the value has, as they are written.
        var name = target.Name;
        if (_scope?.Find(name) is { } local)
        {
            _found.Locals.Add(local.CsName);
            return new BSetLocal(form.Span, local, BindExpr(form.Items[2]));
        }

        string? refusal = null;
        if (_globals.TryGetValue(name, out var g))
        {
            if (!g.IsReloadable && g.First.Kind != "define-stateful")
            {
                _found.Globals.Add(name);
                return new BSetGlobal(form.Span, g, BindExpr(form.Items[2]));
            }

            refusal = g.IsReloadable ? Messages.AssignReloadable(name) : Messages.AssignStateCell(name);
        }
        else if ((_imports.GetValueOrDefault(name) ?? QualifiedImport(name)) is { } imp)
        {
            refusal = _implicit.Contains(imp) ? Messages.AssignReplName(name) : Messages.AssignImport(name, imp.Module);
        }
        else if (_builtins.Find(name) is not null)
        {
            refusal = Messages.AssignLibraryFunction(name);
        }
        else if (_forms.ContainsKey(name))
        {
            refusal = Messages.AssignSpecialForm(name);
        }
        else if (!_unresolved.Contains(name) && !IsUnexportedQualifiedName(name))
        {
            _d.Error(ErrorCodes.AssignUndefined, Messages.AssignUndefined(name), target.Span);
        }
        else
        {
            // A name an import failed to provide: reported at the import (or now, for a qualified name).
            BindName(target);
        }

        if (refusal is not null)
        {
            _d.Error(ErrorCodes.AssignNotAllowed, refusal, target.Span);
        }

        BindExpr(form.Items[2]);
        return new BConst(form.Span, null);
    }

    /// <summary>The import a qualified name <c>m.name</c> reaches, when <c>m</c> is an import's alias that exports it.</summary>
    private ImportVar? QualifiedImport(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _qualified.TryGetValue(name[..dot], out var table) && table.TryGetValue(name[(dot + 1)..], out var q) ? q : null;
    }

    private bool IsUnexportedQualifiedName(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _qualified.ContainsKey(name[..dot]);
    }
}
