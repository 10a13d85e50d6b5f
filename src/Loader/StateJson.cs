using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    private const int MaxDepth = 512;

    /// <summary>The JSON text of a FluentAI value.</summary>
    /// <exception cref="ArgumentException">The value holds a function or a host object.</exception>
    public static string Serialize(object? value)
    {
        // The UTF-8 goes into pooled arrays, not a growing MemoryStream copied out once more; the
        // writer's options are the defaults, so the text is byte for byte what it always was.
        var buffer = new PooledBuffer();
        try
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                Write(json, value);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        finally
        {
            buffer.Dispose();
        }
    }

    /// <summary>The FluentAI value of JSON text written by <see cref="Serialize"/>.</summary>
    public static object? Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, bytes);
            if (FastReader.TryRead(bytes.AsSpan(0, length), out var value))
            {
                return value;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        // Anything the streaming reader does not take as it stands (an object of another shape, or
        // malformed text) is read by the document reader, which gives what, and fails as, it always did.
        return ReadDocument(json);
    }

    internal static object? ReadDocument(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
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
                for (var node = list; !node.IsEmpty; node = node.Tail)
                {
                    Write(json, node.Head);
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

    // Reads the value of the text in one pass with Utf8JsonReader, lists and maps built from a shared
    // stack of elements; it accepts exactly what Serialize writes (an object is one $kw, $sym, $float or
    // $map property), and gives up, to the document reader, on anything else.
    private ref struct FastReader
    {
        private Utf8JsonReader _reader;
        private readonly List<object?> _stack;

        private FastReader(ReadOnlySpan<byte> utf8)
        {
            _reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
            _stack = [];
        }

        public static bool TryRead(ReadOnlySpan<byte> utf8, out object? value)
        {
            var reader = new FastReader(utf8);
            try
            {
                value = null;
                return reader._reader.Read() && reader.TryValue(out value) && !reader._reader.Read();
            }
            catch (JsonException)
            {
                value = null;
                return false;
            }
        }

        private bool TryValue(out object? value)
        {
            RuntimeHelpers.EnsureSufficientExecutionStack();
            value = null;
            switch (_reader.TokenType)
            {
                case JsonTokenType.Null:
                    return true;
                case JsonTokenType.True:
                    value = true;
                    return true;
                case JsonTokenType.False:
                    value = false;
                    return true;
                case JsonTokenType.String:
                    value = _reader.GetString();
                    return true;
                case JsonTokenType.Number:
                    return TryNumber(out value);
                case JsonTokenType.StartArray:
                    var start = _stack.Count;
                    while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (!TryValue(out var item))
                        {
                            return false;
                        }

                        _stack.Add(item);
                    }

                    value = start == _stack.Count ? FList.Empty : FList.Of(CollectionsMarshal.AsSpan(_stack)[start..]);
                    _stack.RemoveRange(start, _stack.Count - start);
                    return true;
                case JsonTokenType.StartObject:
                    return TryObject(out value);
                default:
                    return false;
            }
        }

        private bool TryNumber(out object? value)
        {
            var raw = _reader.ValueSpan;
            if (raw.IndexOfAny((byte)'.', (byte)'e', (byte)'E') >= 0)
            {
                value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                return true;
            }

            var ok = _reader.TryGetInt64(out var l);
            value = ok ? l : null;
            return ok;
        }

        private bool TryObject(out object? value)
        {
            value = null;
            if (!_reader.Read() || _reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            if (_reader.ValueTextEquals("$map"u8))
            {
                if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartArray)
                {
                    return false;
                }

                var start = _stack.Count;
                while (_reader.Read() && _reader.TokenType != JsonTokenType.EndArray)
                {
                    if (_reader.TokenType != JsonTokenType.StartArray
                        || !_reader.Read() || !TryValue(out var k)
                        || !_reader.Read() || !TryValue(out var v)
                        || !_reader.Read() || _reader.TokenType != JsonTokenType.EndArray)
                    {
                        return false;
                    }

                    _stack.Add(k);
                    _stack.Add(v);
                }

                value = FMap.Of(CollectionsMarshal.AsSpan(_stack)[start..]);
                _stack.RemoveRange(start, _stack.Count - start);
            }
            else
            {
                var kind = _reader.ValueTextEquals("$kw"u8) ? 'k' : _reader.ValueTextEquals("$sym"u8) ? 's' : _reader.ValueTextEquals("$float"u8) ? 'f' : ' ';
                if (kind == ' ' || !_reader.Read() || _reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                var text = _reader.GetString()!;
                value = kind switch
                {
                    'k' => Keyword.Intern(text),
                    's' => Symbol.Intern(text),
                    _ => text switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, "-inf" => double.NegativeInfinity, _ => null },
                };
                if (value is null)
                {
                    return false;
                }
            }

            // Exactly one property: an object with more is left to the document reader.
            return _reader.Read() && _reader.TokenType == JsonTokenType.EndObject;
        }
    }

    // An IBufferWriter over ArrayPool arrays, for the serializer's UTF-8.
    private sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(4096);
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(_written);
        }

        public void Dispose()
        {
            var array = _array;
            _array = [];
            if (array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }

        private void Ensure(int sizeHint)
        {
            var needed = (long)_written + Math.Max(sizeHint, 1);
            if (needed <= _array.Length)
            {
                return;
            }

            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(needed, (long)_array.Length * 2), Array.MaxLength));
            _array.AsSpan(0, _written).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_array);
            _array = grown;
        }
    }
}
