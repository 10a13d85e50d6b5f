using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>Imports: names from other modules, plain, renamed, all of them or qualified (<c>m.name</c>).</summary>
internal sealed partial class Binder
{
    private ImportVar AddImport(string module, string name, string alias, ExportInfo export)
    {
        var v = new ImportVar(module, name, Unique("imp_" + alias), export);
        _importList.Add(v);
        return v;
    }

    private void BindImport(SeqNode form)
    {
        var info = Declarations.ReadImport(form, new DiagnosticBag());
        if (info is null)
        {
            return;
        }

        var target = _resolver?.Resolve(_manifest.File, info.Path);
        if (target is null)
        {
            if (_resolver?.Refusal(_manifest.File, info.Path) is { } refusal)
            {
                _d.Error(ErrorCodes.ImportRefused, refusal, form.Items[1].Span);
            }
            else
            {
                _d.Error(ErrorCodes.UnknownModule, Messages.UnknownModule(info.Path), form.Items[1].Span);
            }

            return;
        }

        if (info.Names is { } names)
        {
            foreach (var n in names)
            {
                var export = target.FindExport(n.Name);
                if (export is null)
                {
                    _d.Error(ErrorCodes.NotExported, Messages.NotExported(n.Name, target.Name), form.Span);
                    _unresolved.Add(n.Alias);
                    continue;
                }

                _imports[n.Alias] = AddImport(info.Path, n.Name, n.Alias, export);
            }
        }
        else if (info.All)
        {
            foreach (var export in target.Exports)
            {
                _imports[export.Name] = AddImport(info.Path, export.Name, export.Name, export);
            }
        }
        else
        {
            var alias = info.Alias ?? target.Name;
            var table = new Dictionary<string, ImportVar>(StringComparer.Ordinal);
            foreach (var export in target.Exports)
            {
                table[export.Name] = AddImport(info.Path, export.Name, alias + "." + export.Name, export);
            }

            _qualified[alias] = table;
        }
    }
}
