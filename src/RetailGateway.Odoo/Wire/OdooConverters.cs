using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetailGateway.Odoo.Wire;

/// <summary>
/// A many2one value: <c>read</c> sends <c>[id, "display name"]</c>, <c>web_read</c> an object
/// <c>{"id": .., "display_name": ..}</c>; <c>false</c> when empty.
/// </summary>
public sealed record OdooRef(long Id, string DisplayName);

/// <summary>Odoo sends <c>false</c> for an empty text field; the gateway wants null.</summary>
internal sealed class OdooTextConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.False or JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected text or false, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteBooleanValue(false);
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

/// <summary>Reads <c>[id, "name"]</c> or <c>false</c>.</summary>
internal sealed class OdooRefConverter : JsonConverter<OdooRef?>
{
    public override bool HandleNull => true;

    public override OdooRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.False or JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.StartObject)
        {
            return ReadObject(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("Expected a many2one [id, name], {id, display_name} or false.");
        }

        var id = reader.GetInt64();
        var name = reader.Read() && reader.TokenType == JsonTokenType.String ? reader.GetString() ?? string.Empty : string.Empty;
        while (reader.TokenType != JsonTokenType.EndArray)
        {
            reader.Read();
        }

        return new OdooRef(id, name);
    }

    /// <summary><c>{"id": .., "display_name": ..}</c>; other fields a specification asked for are skipped.</summary>
    private static OdooRef ReadObject(ref Utf8JsonReader reader)
    {
        long? id = null;
        var name = string.Empty;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            if (property == "id" && reader.TokenType == JsonTokenType.Number)
            {
                id = reader.GetInt64();
            }
            else if (property == "display_name" && reader.TokenType == JsonTokenType.String)
            {
                name = reader.GetString() ?? string.Empty;
            }
            else
            {
                reader.Skip();
            }
        }

        return id is { } value ? new OdooRef(value, name) : throw new JsonException("Expected a many2one object with an id.");
    }

    public override void Write(Utf8JsonWriter writer, OdooRef? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteBooleanValue(false);
            return;
        }

        writer.WriteStartArray();
        writer.WriteNumberValue(value.Id);
        writer.WriteStringValue(value.DisplayName);
        writer.WriteEndArray();
    }
}

/// <summary>Odoo datetimes are UTC text <c>YYYY-MM-DD HH:MM:SS</c> without a zone, or <c>false</c>.</summary>
internal sealed class OdooDateTimeConverter : JsonConverter<DateTimeOffset?>
{
    public const string Format = "yyyy-MM-dd HH:mm:ss";

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.False or JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        return DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? new DateTimeOffset(value, TimeSpan.Zero)
            : throw new JsonException($"Expected an Odoo datetime, got '{text}'.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(OdooTime.ToOdoo(v));
        }
        else
        {
            writer.WriteBooleanValue(false);
        }
    }
}

/// <summary>Formats values the way Odoo expects them in domains and values.</summary>
public static class OdooTime
{
    /// <summary>UTC <c>YYYY-MM-DD HH:MM:SS</c>.</summary>
    public static string ToOdoo(DateTimeOffset value) => value.UtcDateTime.ToString(OdooDateTimeConverter.Format, CultureInfo.InvariantCulture);
}

/// <summary>Odoo dates are <c>YYYY-MM-DD</c>, or <c>false</c>.</summary>
internal sealed class OdooDateConverter : JsonConverter<DateOnly?>
{
    public const string Format = "yyyy-MM-dd";

    public override bool HandleNull => true;

    public override DateOnly? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.False or JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.GetString();
        return DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new JsonException($"Expected an Odoo date, got '{text}'.");
    }

    public override void Write(Utf8JsonWriter writer, DateOnly? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v.ToString(Format, CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteBooleanValue(false);
        }
    }
}
