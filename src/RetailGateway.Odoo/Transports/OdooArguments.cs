using System.Text.Json.Nodes;

namespace RetailGateway.Odoo.Transports;

/// <summary>Argument encodings both protocols share.</summary>
internal static class OdooArguments
{
    public static JsonArray Names(IReadOnlyList<string> names) => [.. names.Select(name => (JsonNode?)name)];

    public static JsonArray Ids(IReadOnlyList<long> ids) => [.. ids.Select(id => (JsonNode?)id)];
}
