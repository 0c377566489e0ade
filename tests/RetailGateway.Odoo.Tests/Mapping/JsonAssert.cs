using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.Odoo.Tests.Mapping;

/// <summary>Compares JSON the way Odoo reads it: members in any order, <c>2</c> and <c>2.0</c> the same number.</summary>
internal static class JsonAssert
{
    public static void Equal(JsonNode? expected, JsonNode? actual) => Assert.Equal(Canonical(expected), Canonical(actual));

    private static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(", ", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"\"{p.Key}\": {Canonical(p.Value)}")) + "}",
        JsonArray a => "[" + string.Join(", ", a.Select(Canonical)) + "]",
        _ when node.GetValueKind() == JsonValueKind.Number => decimal.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString("0.############", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
