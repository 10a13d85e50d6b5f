using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader.State;

/// <summary>
/// State cells as a JSON document and back (<c>{"format":1,"cells":[{module,name,version,value}]}</c>),
/// module paths relative to the host folder, values as <see cref="StateJson"/> writes them.
/// </summary>
internal sealed class StatePersistence(StateStore store, string root, Func<string, string> fullPath, Action<StateCell> functionStored)
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

    public void Restore(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        foreach (var e in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            var module = fullPath(e.GetProperty("module").GetString()!);
            var name = e.GetProperty("name").GetString()!;
            var cell = store.Find(module, name);
            var value = StateJson.Read(e.GetProperty("value"));
            var version = e.GetProperty("version").GetInt64();
            if (cell is null)
            {
                store.Add(new StateCell(module, name, version, value) { FunctionStored = functionStored });
            }
            else
            {
                cell.Set(version, value);
            }
        }
    }

    /// <summary>Writes the snapshot to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public void Save(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, Snapshot());
        File.Move(temp, path, overwrite: true);
    }
}
