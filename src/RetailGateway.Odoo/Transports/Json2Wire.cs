using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RetailGateway.Odoo.Transports;

/// <summary>
/// JSON-2's error body <c>{name, message, arguments, context, debug}</c>. Only what classification and
/// the user-facing message need is modelled; the traceback (<c>debug</c>) is never read.
/// </summary>
internal sealed record Json2Error
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary><c>GET /web/version</c>: <c>{"version_info": [19, 0, 0, "final", 0, ""], "version": "19.0"}</c>.</summary>
internal sealed record WebVersion
{
    [JsonPropertyName("version_info")]
    public IReadOnlyList<JsonElement>? VersionInfo { get; init; }

    [JsonPropertyName("version")]
    public string? Version { get; init; }
}

// JSON-2 request bodies are named arguments, built as a JsonObject; results are read by the caller's OdooResultReader.
[JsonSerializable(typeof(Json2Error))]
[JsonSerializable(typeof(WebVersion))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class Json2JsonContext : JsonSerializerContext;
