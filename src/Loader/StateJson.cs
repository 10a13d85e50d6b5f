using System.Globalization;
using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Values;

namespace FluentAI.Plugins.Loader;

/// <summary>
/// FluentAI values as JSON and back, exactly: integers (all 64 bits) as JSON integers, floats always
/// with a dot or exponent, keywords as <c>{"$kw":"name"}</c>, symbols as <c>{"$sym":"name"}</c>,
/// lists as arrays, maps as <c>{"$map":[[key,value],...]}</c> (keys of any type, insertion order kept),
/// and non-finite floats as <c>{"$float":"nan"}</c>.
/// </summary>
public static class StateJson
{
    /// <summary>The JSON text of a FluentAI value.</summary>
    /// <exception cref="ArgumentException">The value holds a function or a host object.</exception>
    public static string Serialize(object? value)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, value);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The FluentAI value of JSON text written by <see cref="Serialize"/>.</summary>
    public static object? Deserialize(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 512 });
        return Read(doc.RootElement);
    }

    internal static void Write(Utf8JsonWriter json, object? value)
    {
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
                json.WriteRawValue(Printer.FormatDouble(d) is var text && (text.Contains('.') || text.Contains('E')) ? text : text + ".0");
                break;
            case double d:
                json.WriteStartObject();
                json.WriteString("$float", Printer.FormatDouble(d));
                json.WriteEndObject();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case Keyword k:
                json.WriteStartObject();
                json.WriteString("$kw", k.Name);
                json.WriteEndObject();
                break;
            case Symbol sym:
                json.WriteStartObject();
                json.WriteString("$sym", sym.Name);
                json.WriteEndObject();
                break;
            case FList list:
                json.WriteStartArray();
                foreach (var item in list)
                {
                    Write(json, item);
                }

                json.WriteEndArray();
                break;
            case FMap map:
                json.WriteStartObject();
                json.WritePropertyName("$map");
                json.WriteStartArray();
                foreach (var (k, v) in map)
                {
                    json.WriteStartArray();
                    Write(json, k);
                    Write(json, v);
                    json.WriteEndArray();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                break;
            default:
                throw new ArgumentException(Messages.StateJsonCannotHold(value.GetType().Name), nameof(value));
        }
    }

    internal static object? Read(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (raw.Contains('.') || raw.Contains('e') || raw.Contains('E'))
                {
                    return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                }

                return e.TryGetInt64(out var l) ? l : throw new FormatException(Messages.StateJsonIntegerRange(raw));
            case JsonValueKind.Array:
                return FList.From(e.EnumerateArray().Select(Read).ToList());
            case JsonValueKind.Object:
                if (e.TryGetProperty("$kw", out var kw))
                {
                    return Keyword.Intern(kw.GetString()!);
                }

                if (e.TryGetProperty("$sym", out var sym))
                {
                    return Symbol.Intern(sym.GetString()!);
                }

                if (e.TryGetProperty("$float", out var f))
                {
                    return f.GetString() switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, var other => throw new FormatException("unknown float " + other) };
                }

                if (e.TryGetProperty("$map", out var entries))
                {
                    var map = FMap.Empty.ToBuilder();
                    foreach (var pair in entries.EnumerateArray())
                    {
                        map.Assoc(Read(pair[0]), Read(pair[1]));
                    }

                    return map.Persistent();
                }

                throw new FormatException("unknown JSON object in state: " + e.GetRawText());
            default:
                throw new FormatException("unexpected JSON in state: " + e.GetRawText());
        }
    }
}
