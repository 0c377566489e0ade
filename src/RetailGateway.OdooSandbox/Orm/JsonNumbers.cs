using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Orm;

/// <summary>
/// Reads numbers from nodes whether they were parsed from a request or built in code
/// (JsonValue.GetValue only converts parsed ones).
/// </summary>
internal static class JsonNumbers
{
    public static bool IsNumber(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number;

    public static double Double(JsonNode node) => double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static int Int(JsonNode node) => (int)Double(node);
}
