using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>Converts between wire values and stored values the way Odoo's fields do.</summary>
internal static class Values
{
    public const string DatetimeFormat = "yyyy-MM-dd HH:mm:ss";
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The wire value of a stored value: empty values are <c>false</c>, never null.</summary>
    public static JsonNode? ToWire(Env env, FieldDef field, object? value) => field.Type switch
    {
        FieldType.Integer => JsonValue.Create(value is int i ? i : 0),
        FieldType.Float or FieldType.Monetary => JsonValue.Create(value is double d ? d : 0.0),
        FieldType.Boolean => JsonValue.Create(value is true),
        FieldType.Date => value is DateOnly date ? JsonValue.Create(date.ToString(DateFormat, CultureInfo.InvariantCulture)) : JsonValue.Create(false),
        FieldType.Datetime => value is DateTime dt ? JsonValue.Create(dt.ToString(DatetimeFormat, CultureInfo.InvariantCulture)) : JsonValue.Create(false),
        FieldType.Many2one => value is int id && env.Browse(field.Relation!, id) is { } related
            ? new JsonArray(id, env.DisplayName(related))
            : JsonValue.Create(false),
        FieldType.One2many or FieldType.Many2many => new JsonArray(((value as IEnumerable<int>) ?? []).Select(x => (JsonNode?)x).ToArray()),
        _ => value is string s && s.Length > 0 ? JsonValue.Create(s) : JsonValue.Create(false),
    };

    /// <summary>
    /// The stored value of a wire value for a scalar or many2one field; x2many commands are applied
    /// by the ORM after the record exists. Missing related records are Odoo's MissingError.
    /// </summary>
    public static object? FromWire(Env env, ModelDef model, FieldDef field, JsonNode? node)
    {
        if (node is null || (node is JsonValue v && v.GetValueKind() == JsonValueKind.False && field.Type != FieldType.Boolean))
        {
            return field.Type == FieldType.Many2many ? new List<int>() : null;
        }

        return field.Type switch
        {
            FieldType.Integer => (int)Number(model, field, node),
            FieldType.Float or FieldType.Monetary => Number(model, field, node),
            FieldType.Boolean => Truthy(node),
            FieldType.Date => ParseDate(node),
            FieldType.Datetime => ParseDatetime(node),
            FieldType.Selection => Selection(model, field, node),
            FieldType.Many2one => Existing(env, field.Relation!, Id(model, field, node)),
            FieldType.Many2many => Many2many(env, model, field, node, []),
            _ => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString(),
        };
    }

    /// <summary>
    /// Applies x2many commands (or a plain id list) to the current ids of a many2many: 0 creates a
    /// co-record and links it, 1 writes a co-record, 2 deletes one, 3 unlinks, 4 links, 5 clears, 6
    /// replaces. As in Odoo, co-records are created after the other commands, and a 5 or 6 after a 0
    /// leaves the earlier new co-records unlinked.
    /// </summary>
    public static List<int> Many2many(Env env, ModelDef model, FieldDef field, JsonNode node, List<int> current)
    {
        var ids = new List<int>(current);
        if (node is not JsonArray commands)
        {
            throw OdooException.ValueError($"Wrong value for {model.Name}.{field.Name}: {node.ToJsonString()}");
        }

        var comodel = env.Model(field.Relation!);
        var toCreate = new List<(JsonObject Vals, bool Link)>();
        var toDelete = new List<int>();
        foreach (var command in commands)
        {
            if (command is JsonValue single)
            {
                ids.Add(Existing(env, field.Relation!, Id(model, field, single)));
                continue;
            }

            var parts = command as JsonArray ?? throw OdooException.ValueError($"Wrong value for {model.Name}.{field.Name}: {command?.ToJsonString()}");
            switch (Id(model, field, Part(parts, 0)))
            {
                case 0:
                    toCreate.Add(((Part(parts, 2) as JsonObject) ?? [], true));
                    break;
                case 1:
                    Operations.Write(env, comodel, Operations.Existing(env, comodel, [Id(model, field, Part(parts, 1))]), (Part(parts, 2) as JsonObject) ?? []);
                    break;
                case 2:
                    toDelete.Add(Id(model, field, Part(parts, 1)));
                    break;
                case 4:
                    ids.Add(Existing(env, field.Relation!, Id(model, field, Part(parts, 1))));
                    break;
                case 3:
                    ids.Remove(Id(model, field, Part(parts, 1)));
                    break;
                case 5:
                    ids.Clear();
                    toCreate = toCreate.Select(c => (c.Vals, false)).ToList();
                    break;
                case 6:
                    ids = IdList(model, field, Part(parts, 2)).Select(x => Existing(env, field.Relation!, x)).ToList();
                    toCreate = toCreate.Select(c => (c.Vals, false)).ToList();
                    break;
                default:
                    throw OdooException.ValueError($"Unsupported command on {model.Name}.{field.Name}: {command!.ToJsonString()}");
            }
        }

        foreach (var (vals, link) in toCreate)
        {
            var created = Operations.Create(env, comodel, vals);
            if (link)
            {
                ids.Add(created.Id);
            }
        }

        foreach (var record in Operations.Existing(env, comodel, toDelete))
        {
            env.Db.Remove(record);
            ids.Remove(record.Id);
        }

        return ids.Distinct().ToList();
    }

    /// <summary>Item <paramref name="index"/> of a command; a short command fails as Python's indexing does.</summary>
    public static JsonNode? Part(JsonArray command, int index) =>
        index < command.Count ? command[index] : throw new OdooException("builtins.IndexError", "list index out of range", 500);

    /// <summary>The ids of a <c>[6, 0, ids]</c> command.</summary>
    public static List<int> IdList(ModelDef model, FieldDef field, JsonNode? node) =>
        ((node as JsonArray) ?? []).Select(x => Id(model, field, x)).ToList();

    public static int Existing(Env env, string relation, int id) =>
        env.Browse(relation, id) is not null ? id : throw OdooException.Missing(relation, [id]);

    public static int Id(ModelDef model, FieldDef field, JsonNode? node) =>
        JsonNumbers.IsNumber(node)
            ? JsonNumbers.Int(node!)
            : throw OdooException.ValueError($"Wrong value for {model.Name}.{field.Name}: {node?.ToJsonString()}");

    public static bool Truthy(JsonNode? node) => node switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonObject o => o.Count > 0,
        _ => node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => JsonNumbers.Double(node) != 0,
            JsonValueKind.String => node.GetValue<string>().Length > 0,
            _ => false,
        },
    };

    public static DateTime ParseDatetime(JsonNode node)
    {
        var text = node.GetValue<string>();
        string[] formats = [DatetimeFormat, DateFormat, "yyyy-MM-dd HH:mm:ss.FFFFFF"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? DateTime.SpecifyKind(value, DateTimeKind.Utc)
            : throw OdooException.ValueError($"time data '{text}' does not match format '%Y-%m-%d %H:%M:%S'");
    }

    private static DateOnly ParseDate(JsonNode node)
    {
        var text = node.GetValue<string>();
        var head = text.Length >= 10 ? text[..10] : text;
        return DateOnly.TryParseExact(head, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw OdooException.ValueError($"time data '{text}' does not match format '%Y-%m-%d'");
    }

    private static double Number(ModelDef model, FieldDef field, JsonNode node) =>
        JsonNumbers.IsNumber(node)
            ? JsonNumbers.Double(node)
            : double.TryParse(node.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw OdooException.ValueError($"Wrong value for {model.Name}.{field.Name}: {node.ToJsonString()}");

    private static string Selection(ModelDef model, FieldDef field, JsonNode node)
    {
        var value = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        return field.Selection is null || field.Selection.Contains(value)
            ? value
            : throw OdooException.ValueError($"Wrong value for {model.Name}.{field.Name}: '{value}'");
    }
}
