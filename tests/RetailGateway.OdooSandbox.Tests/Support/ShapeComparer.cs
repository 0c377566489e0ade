using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Tests.Support;

/// <summary>
/// Compares the shape of an answer with a recorded one: same keys, and per key the same kind of
/// JSON value. Kinds: object, array, many2one (<c>[id, "name"]</c>), string, number (integer and
/// float alike), boolean, <c>false</c>, null. <c>false</c> and <c>true</c> are one kind, since a
/// boolean field holds either. In an array of records each key's value must be of a kind some
/// recorded record has there (an empty origin is <c>false</c> on one invoice and a string on
/// another); other array items must each match some recorded item. A non-empty recorded array needs
/// a non-empty answer, so the comparison is not vacuous.
/// </summary>
internal static class ShapeComparer
{
    public static IReadOnlyList<string> Compare(JsonNode? expected, JsonNode? actual)
    {
        var errors = new List<string>();
        Compare(expected, actual, "$", errors);
        return errors;
    }

    public static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray { Count: 2 } a when a[0]?.GetValueKind() == JsonValueKind.Number && a[1]?.GetValueKind() == JsonValueKind.String => "many2one",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
    };

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> errors)
    {
        var (expectedKind, actualKind) = (Kind(expected), Kind(actual));
        if (expectedKind != actualKind)
        {
            errors.Add($"{path}: expected {expectedKind} ({Show(expected)}) but got {actualKind} ({Show(actual)})");
            return;
        }

        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = actual!.AsObject();
                foreach (var key in expectedObject.Select(p => p.Key).Except(actualObject.Select(p => p.Key)))
                {
                    errors.Add($"{path}: missing key '{key}'");
                }

                foreach (var key in actualObject.Select(p => p.Key).Except(expectedObject.Select(p => p.Key)))
                {
                    errors.Add($"{path}: unexpected key '{key}'");
                }

                foreach (var (key, value) in expectedObject.Where(p => actualObject.ContainsKey(p.Key)))
                {
                    Compare(value, actualObject[key], $"{path}.{key}", errors);
                }

                break;
            case JsonArray expectedArray when expectedKind == "array":
                var actualArray = actual!.AsArray();
                if (expectedArray.Count > 0 && actualArray.Count == 0)
                {
                    errors.Add($"{path}: expected items but got an empty array");
                }

                for (var i = 0; i < actualArray.Count && expectedArray.Count > 0; i++)
                {
                    if (expectedArray.All(e => e is JsonObject) && actualArray[i] is JsonObject row)
                    {
                        CompareRow(expectedArray.Select(e => e!.AsObject()).ToList(), row, $"{path}[{i}]", errors);
                        continue;
                    }

                    var candidates = expectedArray.Select(e => Compare(e, actualArray[i])).ToList();
                    if (candidates.All(c => c.Count > 0))
                    {
                        errors.AddRange(candidates.MinBy(c => c.Count)!.Select(e => $"{path}[{i}]{e[1..]}"));
                    }
                }

                break;
        }
    }

    /// <summary>A row of records: its keys are the recorded rows' keys, each value of a kind some recorded row has there.</summary>
    private static void CompareRow(List<JsonObject> recordedRows, JsonObject row, string path, List<string> errors)
    {
        var keys = recordedRows[0].Select(p => p.Key).ToList();
        foreach (var key in keys.Except(row.Select(p => p.Key)))
        {
            errors.Add($"{path}: missing key '{key}'");
        }

        foreach (var key in row.Select(p => p.Key).Except(keys))
        {
            errors.Add($"{path}: unexpected key '{key}'");
        }

        foreach (var key in keys.Where(row.ContainsKey))
        {
            var candidates = recordedRows.Select(r => Compare(r[key], row[key])).ToList();
            if (candidates.All(c => c.Count > 0))
            {
                errors.AddRange(candidates.MinBy(c => c.Count)!.Select(e => $"{path}.{key}{e[1..]}"));
            }
        }
    }

    private static string Show(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..60] + "..." : text;
    }
}
