using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RetailGateway.Odoo.Wire;

/// <summary>An Odoo record: whatever else it carries, it has an id.</summary>
public interface IOdooRecord
{
    long Id { get; }
}

/// <summary>
/// An x2many value: <c>read</c> sends the ids, <c>web_read</c> with nested fields sends the records themselves.
/// <see cref="Ids"/> is filled either way; <see cref="Records"/> only when the records came nested.
/// </summary>
public sealed record OdooMany<T>(IReadOnlyList<long> Ids, IReadOnlyList<T> Records)
    where T : IOdooRecord
{
    internal static OdooMany<T> None { get; } = new([], []);
}

/// <summary>Reads an x2many list of ids or of records (with the record's own type), or <c>false</c> for none.</summary>
internal sealed class OdooManyConverter<T> : JsonConverter<OdooMany<T>>
    where T : IOdooRecord
{
    public override bool HandleNull => true;

    public override OdooMany<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType is JsonTokenType.False or JsonTokenType.Null)
        {
            return OdooMany<T>.None;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected an x2many list.");
        }

        var ids = new List<long>();
        List<T>? records = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Number)
            {
                ids.Add(reader.GetInt64());
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                var record = JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))
                    ?? throw new JsonException("Expected a record in an x2many list.");
                (records ??= []).Add(record);
                ids.Add(record.Id);
            }
            else
            {
                throw new JsonException("Expected an id or a record in an x2many list.");
            }
        }

        return new OdooMany<T>(ids, records ?? []);
    }

    public override void Write(Utf8JsonWriter writer, OdooMany<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var id in value?.Ids ?? [])
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }
}

/// <summary>
/// An x2many value as <c>onchange</c> answers it: a list of commands. The values of the create commands
/// (<c>[0, ref, values]</c>) are read, in order; an answer for new records holds no other command.
/// </summary>
internal sealed class OdooCreateCommandsConverter<T> : JsonConverter<IReadOnlyList<T>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType is JsonTokenType.False or JsonTokenType.Null)
        {
            return [];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Expected a list of x2many commands.");
        }

        var records = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.Number || reader.GetInt32() != 0)
            {
                throw new JsonException("Expected a create command [0, ref, values].");
            }

            // The command's second member is the new record's reference: 0, or the virtual id it was sent with.
            reader.Read();
            reader.Skip();
            reader.Read();
            records.Add(JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)))
                ?? throw new JsonException("Expected the values of a create command."));
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
            {
                throw new JsonException("Expected the end of a create command.");
            }
        }

        return records;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        foreach (var record in value ?? [])
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(0);
            writer.WriteNumberValue(0);
            JsonSerializer.Serialize(writer, record, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
