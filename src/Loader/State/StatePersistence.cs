using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.State;

/// <summary>
/// State cells as a JSON document and back (<c>{"format":1,"cells":[{module,name,version,value}]}</c>),
/// module paths relative to the host folder, values as <see cref="StateJson"/> writes them.
/// </summary>
internal sealed class StatePersistence(StateStore store, string root, Action<StateCell> functionStored)
{
    public string Snapshot()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", 1);
            json.WriteStartArray("cells");
            foreach (var cell in store.Cells.OrderBy(c => c.Module, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("module", Path.GetRelativePath(root, cell.Module));
                json.WriteString("name", cell.Name);
                json.WriteNumber("version", cell.Version);
                json.WritePropertyName("value");
                StateJson.Write(json, cell.Value);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Puts read cells into the store: existing cells take the saved version and value, the others are added.</summary>
    public void Apply(IReadOnlyList<StateDocument.Cell> cells)
    {
        foreach (var (module, name, version, value) in cells)
        {
            if (store.Find(module, name) is { } cell)
            {
                cell.Set(version, value);
            }
            else
            {
                store.Add(new StateCell(module, name, version, value) { FunctionStored = functionStored });
            }
        }
    }

    /// <summary>Writes the snapshot to <paramref name="path"/> durably and atomically (<see cref="DurableFile.Write"/>).</summary>
    public void Save(string path) => DurableFile.Write(path, Snapshot());
}
