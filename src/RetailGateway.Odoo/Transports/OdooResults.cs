using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Transports;

/// <summary>
/// Reads one call's <c>result</c> from the reader positioned on its first token, leaving the reader on its last
/// (as <see cref="Utf8JsonReader.Skip"/> does). A shape the call cannot have is a <see cref="JsonException"/>.
/// </summary>
internal delegate T OdooResultReader<out T>(ref Utf8JsonReader reader);

/// <summary>
/// The result shapes both protocols share, read from the answer's bytes straight into typed records: no
/// document is built in between. <see cref="Read{T}"/> classifies what cannot be read.
/// </summary>
internal static class OdooResults
{
    /// <summary>A list of records (<c>search_read</c>, <c>read</c>, <c>web_read</c>).</summary>
    public static OdooResultReader<IReadOnlyList<T>> Records<T>(JsonTypeInfo<T> record) =>
        (ref Utf8JsonReader reader) => ReadRecords(ref reader, record);

    /// <summary><c>web_search_read</c>'s <c>{"length": total, "records": [...]}</c>: the records.</summary>
    public static OdooResultReader<IReadOnlyList<T>> Page<T>(JsonTypeInfo<T> record) =>
        (ref Utf8JsonReader reader) =>
        {
            Expect(ref reader, JsonTokenType.StartObject);
            IReadOnlyList<T>? records = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isRecords = reader.ValueTextEquals("records"u8);
                reader.Read();
                if (isRecords)
                {
                    records = ReadRecords(ref reader, record);
                }
                else
                {
                    reader.Skip();
                }
            }

            return records ?? throw new JsonException("Expected the records of a page.");
        };

    /// <summary><c>onchange</c>'s <c>{"value": {...}, "warning": ...}</c>: the values, read as one record (a warning is not the gateway's to show).</summary>
    public static OdooResultReader<T> Onchange<T>(JsonTypeInfo<T> values) =>
        (ref Utf8JsonReader reader) =>
        {
            Expect(ref reader, JsonTokenType.StartObject);
            T? read = default;
            var found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isValue = reader.ValueTextEquals("value"u8);
                reader.Read();
                if (isValue)
                {
                    read = JsonSerializer.Deserialize(ref reader, values);
                    found = read is not null;
                }
                else
                {
                    reader.Skip();
                }
            }

            return found ? read! : throw new JsonException("Expected the values of an onchange.");
        };

    /// <summary><c>fields_get</c>'s object of field descriptions: the field names.</summary>
    public static IReadOnlySet<string> FieldNames(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            names.Add(reader.GetString()!);
            reader.Read();
            reader.Skip();
        }

        return names;
    }

    /// <summary>A record method's result, whatever it is (<c>true</c>, <c>null</c>, an action to open).</summary>
    public static JsonElement AsSent(ref Utf8JsonReader reader) => JsonElement.ParseValue(ref reader);

    /// <summary>A result nobody reads (<c>write</c> answers <c>true</c>).</summary>
    public static bool Ignored(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return true;
    }

    /// <summary>
    /// Reads a whole body (<paramref name="read"/> starting on its first token) and nothing after it. A body that is
    /// not JSON is <see cref="OdooErrorClassifier.MalformedBody"/>; JSON in a shape the call cannot have is
    /// <see cref="OdooErrorClassifier.UnreadableResult"/>.
    /// </summary>
    public static T Read<T>(ReadOnlySpan<byte> body, OdooResultReader<T> read, string model, string method)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read())
            {
                throw new JsonException("The answer is empty.");
            }

            var result = Result(ref reader, body, read, model, method);
            return reader.Read() ? throw new JsonException("Expected the end of the answer.") : result;
        }
        catch (JsonException exception)
        {
            throw OdooErrorClassifier.MalformedBody(exception);
        }
    }

    /// <summary>
    /// Reads the result inside an answer: <paramref name="body"/> is the whole answer, checked only when the result
    /// fails to read, to tell a truncated answer from a well-formed one in an unexpected shape.
    /// </summary>
    public static T Result<T>(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, OdooResultReader<T> read, string model, string method)
    {
        try
        {
            return read(ref reader);
        }
        catch (JsonException exception) when (IsJson(body))
        {
            throw OdooErrorClassifier.UnreadableResult(model, method, exception);
        }
    }

    private static List<T> ReadRecords<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> record)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var records = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            records.Add(JsonSerializer.Deserialize(ref reader, record) ?? throw new JsonException("Expected a record, got null."));
        }

        return records;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token}, got {reader.TokenType}.");
        }
    }

    private static bool IsJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
