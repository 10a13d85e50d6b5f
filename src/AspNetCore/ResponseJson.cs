using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.AspNetCore;

/// <summary>
/// A FluentAI value as the JSON a web client expects: maps as objects (a keyword key by its name,
/// any other key as it prints), lists as arrays, keywords and symbols as strings, nil as null.
/// Unlike <see cref="Loader.StateJson"/> it does not round-trip; it is for responses.
/// </summary>
internal static class ResponseJson
{
    /// <summary>The JSON text of <paramref name="value"/>.</summary>
    public static string Write(object? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, value, depth: 0);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(Utf8JsonWriter json, object? value, int depth)
    {
        if (depth > 256)
        {
            throw new InvalidOperationException("the response body nests more than 256 levels deep");
        }

        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case Keyword k:
                json.WriteStringValue(k.Name);
                break;
            case FMap map:
                json.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    json.WritePropertyName(key switch
                    {
                        Keyword k => k.Name,
                        string s => s,
                        _ => Printer.Print(key),
                    });
                    Write(json, item, depth + 1);
                }

                json.WriteEndObject();
                break;
            case FList list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    Write(json, item, depth + 1);
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStringValue(Printer.Print(value));
                break;
        }
    }
}
