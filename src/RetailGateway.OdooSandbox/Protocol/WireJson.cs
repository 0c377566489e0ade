using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Protocol;

/// <summary>
/// Writes JSON as Odoo's Python server does where clients can tell: floats keep their decimal
/// point (<c>2.0</c>, not <c>2</c>), so a float field never looks like an integer one.
/// </summary>
internal static class WireJson
{
    public static byte[] Serialize(JsonNode? node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        return buffer.ToArray();
    }

    public static JsonObject Error(OdooException error) => new()
    {
        ["name"] = error.Name,
        ["message"] = error.Message,
        ["arguments"] = error.IsHttpException ? new JsonArray(error.Message, error.Status) : new JsonArray(error.Message),
        ["context"] = new JsonObject(),
        ["debug"] = Traceback(error),
    };

    /// <summary>A traceback whose last line reads like Python's; the sandbox has no real frames to show.</summary>
    public static string Traceback(OdooException error)
    {
        var last = error.Name switch
        {
            var name when name.StartsWith("builtins.", StringComparison.Ordinal) => $"{name["builtins.".Length..]}: {error.Message}",
            var name when error.IsHttpException => $"{name}: {error.Status} {Reason(error.Status)}: {error.Message}",
            var name => $"{name}: {error.Message}",
        };
        return $"Traceback (most recent call last):\n  File \"odoo/sandbox.py\", line 1, in dispatch\n{last}";
    }

    public static string Reason(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        _ => "Internal Server Error",
    };

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.TryGetValue<double>(out var number) && !value.TryGetValue<JsonElement>(out _):
                writer.WriteRawValue(PythonFloat(number), skipInputValidation: true);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string PythonFloat(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return "null";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }
}
