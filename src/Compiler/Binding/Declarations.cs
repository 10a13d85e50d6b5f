using FluentAI.Plugins.Compiler.Syntax;

namespace FluentAI.Plugins.Compiler.Binding;

/// <summary>
/// Reads a module's declarations without binding it: its name, imports, exports and the arity
/// of its top-level functions. The module graph and import checks are built from this, which is
/// what lets import cycles be compiled at all.
/// </summary>
internal static class Declarations
{
    public static ModuleManifest Scan(IReadOnlyList<Node> forms, string file, DiagnosticBag diagnostics)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var imports = new List<ImportInfo>();
        var exports = new List<(string Local, string Name, Diagnostics.SourceSpan Span)>();
        var definitions = new Dictionary<string, ExportInfo>(StringComparer.Ordinal);
        var order = new List<string>();
        var reloadables = new List<string>();
        var hasExportForm = false;

        void Visit(Node form)
        {
            if (form is not SeqNode { Kind: SeqKind.List } list || list.Head is not { } head)
            {
                return;
            }

            switch (head)
            {
                case "module":
                    if (list.Items.Count >= 2 && list.Items[1] is SymbolNode n)
                    {
                        name = n.Name;
                    }

                    foreach (var inner in list.Items.Skip(2))
                    {
                        Visit(inner);
                    }

                    break;
                case "begin":
                    foreach (var inner in list.Items.Skip(1))
                    {
                        Visit(inner);
                    }

                    break;
                case "export":
                    hasExportForm = true;
                    ReadExport(list, exports);
                    break;
                case "import":
                    if (ReadImport(list, diagnostics) is { } import)
                    {
                        imports.Add(import);
                    }

                    break;
                case "define" or "defn" or "define-reloadable" or "define-stateful":
                    if (Definition(list) is { } def)
                    {
                        if (!definitions.ContainsKey(def.Name))
                        {
                            order.Add(def.Name);
                        }

                        definitions[def.Name] = def;
                        if (head == "define-reloadable")
                        {
                            reloadables.Add(def.Name);
                        }
                    }

                    break;
            }
        }

        foreach (var form in forms)
        {
            Visit(form);
        }

        var defs = order.Select(n => definitions[n]).ToList();
        List<ExportInfo> exported;
        if (hasExportForm)
        {
            exported = [];
            foreach (var (local, exportName, span) in exports)
            {
                if (definitions.TryGetValue(local, out var def))
                {
                    exported.Add(def with { Name = exportName, LocalName = local });
                }
                else
                {
                    diagnostics.Error(ErrorCodes.ExportUndefined, Messages.ExportUndefined(local), span);
                }
            }
        }
        else
        {
            exported = defs;
        }

        return new ModuleManifest(name, file, imports, exported, defs, reloadables);
    }

    /// <summary>The name and shape of a definition form, or null when it is malformed (the binder reports it).</summary>
    public static ExportInfo? Definition(SeqNode form)
    {
        if (form.Items.Count < 2)
        {
            return null;
        }

        switch (form.Head, form.Items[1])
        {
            case ("define", SeqNode { Kind: SeqKind.List, Items: [SymbolNode fname, ..] } sig):
                return Function(fname.Name, sig.Items.Skip(1));
            case ("defn", SymbolNode fname) when form.Items.Count >= 3 && form.Items[2] is SeqNode { Kind: SeqKind.List or SeqKind.Vector } ps:
                return Function(fname.Name, ps.Items);
            case ("define" or "define-reloadable", SymbolNode vname):
                if (form.Items.Count >= 3 && form.Items[2] is SeqNode { Kind: SeqKind.List, Head: "lambda" or "fn" } lambda
                    && lambda.Items.Count >= 2 && lambda.Items[1] is SeqNode { Kind: SeqKind.List or SeqKind.Vector } lps)
                {
                    return Function(vname.Name, lps.Items);
                }

                return new ExportInfo(vname.Name, vname.Name, false, 0, false);
            case ("define-stateful", SymbolNode sname):
                return new ExportInfo(sname.Name, sname.Name, false, 0, false);
            default:
                return null;
        }
    }

    private static ExportInfo Function(string name, IEnumerable<Node> parameters)
    {
        var ps = parameters.ToList();
        var amp = ps.FindIndex(p => p is SymbolNode { Name: "&" });
        return amp >= 0
            ? new ExportInfo(name, name, true, amp, true)
            : new ExportInfo(name, name, true, ps.Count, false);
    }

    private static void ReadExport(SeqNode list, List<(string, string, Diagnostics.SourceSpan)> exports)
    {
        var items = list.Items;
        for (var i = 1; i < items.Count; i++)
        {
            if (items[i] is not SymbolNode s)
            {
                continue;
            }

            if (i + 2 < items.Count && items[i + 1] is SymbolNode { Name: "as" } && items[i + 2] is SymbolNode alias)
            {
                exports.Add((s.Name, alias.Name, s.Span));
                i += 2;
            }
            else
            {
                exports.Add((s.Name, s.Name, s.Span));
            }
        }
    }

    public static ImportInfo? ReadImport(SeqNode list, DiagnosticBag diagnostics)
    {
        var items = list.Items;
        if (items.Count < 2 || items[1] is not LiteralNode { Value: string path })
        {
            diagnostics.Error(ErrorCodes.BadImport, Messages.BadForm("import", "(import \"path\" (names...)) or (import \"path\" *)"), list.Span);
            return null;
        }

        switch (items.Count)
        {
            case 2:
                return new ImportInfo(path, list.Span, null, false, null);
            case 3 when items[2] is SymbolNode { Name: "*" }:
                return new ImportInfo(path, list.Span, null, true, null);
            case 3 when items[2] is SeqNode { Kind: SeqKind.List or SeqKind.Vector } names:
                var result = new List<ImportedName>();
                for (var i = 0; i < names.Items.Count; i++)
                {
                    if (names.Items[i] is not SymbolNode s)
                    {
                        diagnostics.Error(ErrorCodes.BadImport, Messages.BadForm("import", "a list of names"), names.Items[i].Span);
                        continue;
                    }

                    if (i + 2 < names.Items.Count && names.Items[i + 1] is SymbolNode { Name: "as" } && names.Items[i + 2] is SymbolNode alias)
                    {
                        result.Add(new ImportedName(s.Name, alias.Name));
                        i += 2;
                    }
                    else
                    {
                        result.Add(new ImportedName(s.Name, s.Name));
                    }
                }

                return new ImportInfo(path, list.Span, result, false, null);
            case 4 when items[2] is SymbolNode { Name: "as" } && items[3] is SymbolNode a:
                return new ImportInfo(path, list.Span, null, false, a.Name);
            default:
                diagnostics.Error(ErrorCodes.BadImport, Messages.BadForm("import", "(import \"path\" (names...)) or (import \"path\" *)"), list.Span);
                return null;
        }
    }
}
