using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using RetailGateway.Odoo.Client;

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

internal static class JsonRpcAnswer
{
    /// <summary>
    /// Reads Odoo's <c>{"jsonrpc", "id", "result" | "error"}</c> in one pass, the result straight into what
    /// <paramref name="read"/> makes of it. Hand-written because a generated envelope cannot be closed over a result type
    /// that another context (the caller's records) describes. The id is not checked: over HTTP the answer is paired with
    /// its request by the connection, not the id.
    /// </summary>
    public static T Read<T>(OdooHttpResponse response, OdooResultReader<T> read, string model, string method)
    {
        var body = response.Body.Span;
        var reader = new Utf8JsonReader(body);
        JsonRpcError? error = null;
        var answered = false;
        var result = default(T)!;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("Expected a JSON-RPC answer object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isResult = reader.ValueTextEquals("result"u8);
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (isResult)
                {
                    result = OdooResults.Result(ref reader, body, read, model, method);
                    answered = true;
                }
                else if (isError)
                {
                    error = JsonSerializer.Deserialize(ref reader, JsonRpcJsonContext.Default.JsonRpcError);
                }
                else
                {
                    reader.Skip();
                }
            }

            if (reader.Read())
            {
                throw new JsonException("Expected the end of the answer.");
            }
        }
        catch (JsonException exception)
        {
            throw OdooErrorClassifier.MalformedBody(exception);
        }

        if (error is not null)
        {
            throw OdooErrorClassifier.FromOdooError(error.Data?.Name, error.Data?.Message ?? error.Message, OdooErrorClassifier.JsonRpcErrorStatus, response.RetryAfter);
        }

        // An answer without a result is Python's None.
        return answered ? result : OdooResults.Read("null"u8, read, model, method);
    }
}

[JsonSerializable(typeof(JsonRpcRequest))]
[JsonSerializable(typeof(JsonRpcError))]
[JsonSerializable(typeof(JsonRpcServerVersion))]
internal sealed partial class JsonRpcJsonContext : JsonSerializerContext;
