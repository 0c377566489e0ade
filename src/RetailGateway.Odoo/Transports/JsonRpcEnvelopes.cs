using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RetailGateway.Odoo.Transports;

/// <summary>A JSON-RPC 2.0 <c>call</c> to one of Odoo's services (<c>common</c>, <c>object</c>).</summary>
internal sealed record JsonRpcRequest
{
    [JsonPropertyName("jsonrpc")]
    public string JsonRpc { get; } = "2.0";

    [JsonPropertyName("method")]
    public string Method { get; } = "call";

    [JsonPropertyName("id")]
    public required long Id { get; init; }

    [JsonPropertyName("params")]
    public required JsonRpcParams Params { get; init; }
}

internal sealed record JsonRpcParams
{
    [JsonPropertyName("service")]
    public required string Service { get; init; }

    [JsonPropertyName("method")]
    public required string Method { get; init; }

    [JsonPropertyName("args")]
    public required JsonArray Args { get; init; }
}

/// <summary>
/// The <c>error</c> of Odoo's answer (which comes with HTTP 200; its <c>result</c> is read by the transport).
/// <c>error.code</c> is 200 on 17 and 0 on 19's legacy endpoint, so it is not modelled; <c>data.name</c>
/// classifies. <c>data.debug</c> (the traceback) is deliberately not modelled either, so it is never read.
/// </summary>
internal sealed record JsonRpcError
{
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("data")]
    public JsonRpcErrorData? Data { get; init; }
}

internal sealed record JsonRpcErrorData
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }
}

/// <summary>Result of <c>common.version</c>.</summary>
internal sealed record JsonRpcServerVersion
{
    [JsonPropertyName("server_version")]
    public string? ServerVersion { get; init; }

    [JsonPropertyName("server_version_info")]
    public IReadOnlyList<JsonElement>? ServerVersionInfo { get; init; }
}

[JsonSerializable(typeof(JsonRpcRequest))]
[JsonSerializable(typeof(JsonRpcError))]
[JsonSerializable(typeof(JsonRpcServerVersion))]
internal sealed partial class JsonRpcJsonContext : JsonSerializerContext;
