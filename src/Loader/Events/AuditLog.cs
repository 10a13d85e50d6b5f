using System.Globalization;
using System.Text;
using System.Text.Json;

namespace FluentAI.Plugins.Loader.Events;

/// <summary>Appends one JSON object per line to the audit file; writes are serialised and flushed.</summary>
internal sealed class AuditLog(string path) : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };

    public void Write(HostEvent e)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", e.Time.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("event", e.Event);
            json.WriteString("module", e.Module);
            WriteVersion(json, "fromVersion", e.FromVersion);
            WriteVersion(json, "toVersion", e.ToVersion);
            json.WriteBoolean("ok", e.Ok);
            json.WriteNumber("durationMs", Math.Round(e.DurationMs, 3));
            if (e.Error is not null)
            {
                json.WriteString("error", e.Error);
            }

            if (e.Detail is not null)
            {
                json.WriteString("detail", e.Detail);
            }

            if (e.Figures is { } figures)
            {
                json.WriteStartObject("figures");
                foreach (var (name, value) in figures)
                {
                    json.WriteNumber(name, Math.Round(value, 6));
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    private static void WriteVersion(Utf8JsonWriter json, string name, long? version)
    {
        if (version is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer.Dispose();
        }
    }
}
