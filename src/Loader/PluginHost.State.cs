using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

public sealed partial class PluginHost
{
    /// <summary>Every state cell as JSON: module (relative to the host folder), name, version and value.</summary>
    public string SnapshotState()
    {
        lock (_gate)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteNumber("format", 1);
                json.WriteStartArray("cells");
                foreach (var cell in State.Cells.OrderBy(c => c.Module, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal))
                {
                    json.WriteStartObject();
                    json.WriteString("module", Path.GetRelativePath(Root, cell.Module));
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
    }

    /// <summary>Writes <see cref="SnapshotState"/> to <paramref name="path"/> atomically (write, then rename).</summary>
    public void SaveState(string path)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, SnapshotState());
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Restores state cells from a snapshot, before their modules load: a module that then declares a
    /// newer <c>:version</c> migrates the restored value as a reload would.
    /// </summary>
    public void RestoreState(string json)
    {
        lock (_gate)
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
            foreach (var e in doc.RootElement.GetProperty("cells").EnumerateArray())
            {
                var module = FullPath(e.GetProperty("module").GetString()!);
                var name = e.GetProperty("name").GetString()!;
                var cell = State.Find(module, name);
                var value = StateJson.Read(e.GetProperty("value"));
                var version = e.GetProperty("version").GetInt64();
                if (cell is null)
                {
                    State.Add(new StateCell(module, name, version, value) { FunctionStored = FunctionStoredInState });
                }
                else
                {
                    cell.Set(version, value);
                }
            }
        }
    }

    /// <summary>Restores state from a file written by <see cref="SaveState"/>, when it exists.</summary>
    public void LoadState(string path)
    {
        if (File.Exists(path))
        {
            RestoreState(File.ReadAllText(path));
        }
    }
}
