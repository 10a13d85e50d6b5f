using System.Text;
using System.Text.Json;
using FluentAI.Plugins.Diagnostics;

namespace FluentAI.Plugins.Loader.State;

/// <summary>
/// Reads a state document (as <see cref="StatePersistence.Snapshot"/> writes it) into cells, checking every
/// part before anything is restored: a file that is not JSON, ends early, or lacks a property is one
/// <see cref="ErrorCodes.StateFileInvalid"/> error naming the file, line and column.
/// </summary>
internal static class StateDocument
{
    /// <summary>One restored cell: the module's full path, the name, version and value.</summary>
    public sealed record Cell(string Module, string Name, long Version, object? Value);

    /// <exception cref="FluentAIException"><see cref="ErrorCodes.StateFileInvalid"/>, located in <paramref name="source"/>.</exception>
    public static List<Cell> Read(string json, string source, Func<string, string> fullPath)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var name = Path.GetFileName(source);
        var cells = new List<Cell>();
        if (json.AsSpan().Trim().IsEmpty)
        {
            throw Invalid(source, bytes, 0, Messages.StateFileEmpty(name));
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 512, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            reader.Read();

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw Invalid(source, bytes, reader.TokenStartIndex, Messages.StateFileNotObject(name));
            }

            var sawCells = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var at = reader.TokenStartIndex;
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "format":
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var format) || format != 1)
                        {
                            throw Invalid(source, bytes, at, Messages.StateFileFormat(name, Encoding.UTF8.GetString(reader.ValueSpan)));
                        }

                        break;
                    case "cells":
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw Invalid(source, bytes, at, Messages.StateFileCellsNotArray(name));
                        }

                        sawCells = true;
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            var start = reader.TokenStartIndex;
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                throw Invalid(source, bytes, start, Messages.StateFileCellNotObject(name, cells.Count + 1));
                            }

                            using var cell = JsonDocument.ParseValue(ref reader);
                            cells.Add(ReadCell(cell.RootElement, cells.Count + 1, source, bytes, start, fullPath));
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (!sawCells)
            {
                throw Invalid(source, bytes, 0, Messages.StateFileNoCells(name));
            }

            // Only white space may follow the document (the reader throws on anything else).
            reader.Read();
        }
        catch (JsonException e)
        {
            var offset = Offset(bytes, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            var reason = e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd(' ', '.');
            throw Invalid(source, bytes, offset, offset >= bytes.Length ? Messages.StateFileTruncated(name, reason) : Messages.StateFileNotJson(name, reason));
        }

        return cells;
    }

    private static Cell ReadCell(JsonElement e, int index, string source, byte[] bytes, long start, Func<string, string> fullPath)
    {
        var file = Path.GetFileName(source);
        string Text(string property) =>
            !e.TryGetProperty(property, out var p) ? throw Invalid(source, bytes, start, Messages.StateCellLacks(file, index, property))
            : p.ValueKind == JsonValueKind.String ? p.GetString()! : throw Invalid(source, bytes, start, Messages.StateCellProperty(file, index, property, "a string", p.GetRawText()));

        var module = Text("module");
        var name = Text("name");
        if (!e.TryGetProperty("version", out var v))
        {
            throw Invalid(source, bytes, start, Messages.StateCellLacks(file, index, "version"));
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var version))
        {
            throw Invalid(source, bytes, start, Messages.StateCellProperty(file, index, "version", "an integer", v.GetRawText()));
        }

        if (!e.TryGetProperty("value", out var raw))
        {
            throw Invalid(source, bytes, start, Messages.StateCellLacks(file, index, "value"));
        }

        object? value;
        string path;
        try
        {
            value = StateJson.Read(raw);
            path = fullPath(module);
        }
        catch (Exception x) when (x is FormatException or InvalidOperationException or IndexOutOfRangeException or ArgumentException or KeyNotFoundException)
        {
            throw Invalid(source, bytes, start, Messages.StateCellValue(file, index, name, x.Message));
        }

        return new Cell(path, name, version, value);
    }

    private static FluentAIException Invalid(string source, byte[] bytes, long offset, string message)
    {
        var (line, column) = Position(bytes, offset);
        return new FluentAIException(ErrorCodes.StateFileInvalid, message, SourceSpan.At(source, line, column));
    }

    /// <summary>The 1-based line and column of a byte offset (columns count bytes, as the JSON reader does).</summary>
    private static (int Line, int Column) Position(byte[] bytes, long offset)
    {
        var end = (int)Math.Min(offset, bytes.Length);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < end; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, end - lineStart + 1);
    }

    /// <summary>The byte offset of a 0-based line and byte position, as a <see cref="JsonException"/> gives them.</summary>
    private static long Offset(byte[] bytes, long line, long position)
    {
        var offset = 0;
        for (var l = 0L; l < line && offset < bytes.Length; offset++)
        {
            if (bytes[offset] == (byte)'\n')
            {
                l++;
            }
        }

        return Math.Min(offset + position, bytes.Length);
    }
}
