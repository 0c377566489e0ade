using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Transports;

/// <summary>
/// Odoo 19+ over <c>POST /json/2/&lt;model&gt;/&lt;method&gt;</c>: named arguments in, the bare result
/// out, errors as real HTTP statuses with <c>{name, message}</c>. Stateless: the key goes with every call.
/// </summary>
internal sealed class Json2Transport(OdooHttp http) : IOdooTransport
{
    /// <summary>The first Odoo version that speaks JSON-2.</summary>
    public const int FirstVersion = 19;

    public OdooProtocol Protocol => OdooProtocol.Json2;

    public async Task<OdooServer> GetServerAsync(OdooOptions options, CancellationToken cancellationToken) =>
        await ProbeAsync(options, cancellationToken) ?? throw OdooErrorClassifier.NoJson2();

    /// <summary>
    /// <c>GET /web/version</c>: the server when it is 19 or newer; null when it is older or has no such
    /// route (a 404, or an HTML page). Any other failure is thrown, so a flaky probe is not mistaken for an old server.
    /// </summary>
    public async Task<OdooServer?> ProbeAsync(OdooOptions options, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, OdooHttp.Endpoint(options, "web/version"));
        var response = await http.SendAsync(request, safeToRetry: true, cancellationToken);
        if (response.Status == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccess)
        {
            throw ErrorFrom(response);
        }

        WebVersion? version;
        try
        {
            version = JsonSerializer.Deserialize(response.Body.Span, Json2JsonContext.Default.WebVersion);
        }
        catch (JsonException)
        {
            return null;
        }

        if (version?.VersionInfo is [{ ValueKind: JsonValueKind.Number } major, ..] && major.GetInt32() >= FirstVersion)
        {
            var majorVersion = major.GetInt32();
            return new OdooServer(version.Version ?? $"{majorVersion}.0", majorVersion, OdooProtocol.Json2);
        }

        return null;
    }

    public Task<T> SearchReadAsync<T>(OdooOptions options, OdooQuery query, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["domain"] = query.Domain.DeepClone(),
            ["fields"] = OdooArguments.Names(query.Fields),
            ["limit"] = query.Limit,
        };
        if (query.Order is not null)
        {
            body["order"] = query.Order;
        }

        return CallAsync(options, query.Model, "search_read", WithContext(body, context), safeToRetry: true, result, cancellationToken);
    }

    public Task<T> ReadAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, IReadOnlyList<string> fields, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken) =>
        CallAsync(options, model, "read", WithContext(new JsonObject { ["ids"] = OdooArguments.Ids(ids), ["fields"] = OdooArguments.Names(fields) }, context), safeToRetry: true, result, cancellationToken);

    public Task<T> WebReadAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken) =>
        CallAsync(options, model, "web_read", WithContext(new JsonObject { ["ids"] = OdooArguments.Ids(ids), ["specification"] = specification.DeepClone() }, context), safeToRetry: true, result, cancellationToken);

    public Task<T> WebSearchReadAsync<T>(OdooOptions options, OdooQuery query, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["domain"] = query.Domain.DeepClone(),
            ["specification"] = specification.DeepClone(),
            ["limit"] = query.Limit,
        };
        if (query.Order is not null)
        {
            body["order"] = query.Order;
        }

        return CallAsync(options, query.Model, "web_search_read", WithContext(body, context), safeToRetry: true, result, cancellationToken);
    }

    public Task<T> WebSaveAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["ids"] = OdooArguments.Ids(ids), ["vals"] = values.DeepClone(), ["specification"] = specification.DeepClone() };
        return CallAsync(options, model, "web_save", WithContext(body, context), safeToRetry: false, result, cancellationToken);
    }

    public Task<T> OnchangeAsync<T>(OdooOptions options, string model, JsonObject values, JsonObject fieldsSpecification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["ids"] = new JsonArray(), ["values"] = values.DeepClone(), ["field_names"] = new JsonArray(), ["fields_spec"] = fieldsSpecification.DeepClone() };
        return CallAsync(options, model, "onchange", WithContext(body, context), safeToRetry: true, result, cancellationToken);
    }

    public Task<long> CreateAsync(OdooOptions options, string model, JsonObject values, JsonObject? context, CancellationToken cancellationToken) =>
        CallAsync(options, model, "create", WithContext(new JsonObject { ["vals_list"] = new JsonArray(values.DeepClone()) }, context), safeToRetry: false, CreatedId, cancellationToken);

    public Task WriteAsync(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject? context, CancellationToken cancellationToken) =>
        CallAsync(options, model, "write", WithContext(new JsonObject { ["ids"] = OdooArguments.Ids(ids), ["vals"] = values.DeepClone() }, context), safeToRetry: false, OdooResults.Ignored, cancellationToken);

    public Task<JsonElement> CallMethodAsync(OdooOptions options, string model, string method, IReadOnlyList<long> ids, JsonObject? context, CancellationToken cancellationToken) =>
        CallAsync(options, model, method, WithContext(new JsonObject { ["ids"] = OdooArguments.Ids(ids) }, context), safeToRetry: false, OdooResults.AsSent, cancellationToken);

    public Task<IReadOnlySet<string>> FieldsGetAsync(OdooOptions options, string model, IReadOnlyList<string> fields, JsonObject? context, CancellationToken cancellationToken) =>
        CallAsync(options, model, "fields_get", WithContext(new JsonObject { ["allfields"] = OdooArguments.Names(fields), ["attributes"] = new JsonArray("type") }, context), safeToRetry: true, OdooResults.FieldNames, cancellationToken);

    /// <summary><c>create</c> with one value set answers a list of one id.</summary>
    private static long CreatedId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray && reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id)
            && reader.Read() && reader.TokenType == JsonTokenType.EndArray)
        {
            return id;
        }

        throw new JsonException("Expected a list of one id.");
    }

    private async Task<T> CallAsync<T>(OdooOptions options, string model, string method, JsonObject body, bool safeToRetry, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var path = $"json/2/{Uri.EscapeDataString(model)}/{Uri.EscapeDataString(method)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, OdooHttp.Endpoint(options, path))
        {
            Content = OdooHttp.JsonContent(JsonSerializer.SerializeToUtf8Bytes(body, Json2JsonContext.Default.JsonObject)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", options.ApiKey);
        if (!string.IsNullOrEmpty(options.Database))
        {
            request.Headers.Add("X-Odoo-Database", options.Database);
        }

        var response = await http.SendAsync(request, safeToRetry, cancellationToken);
        if (!response.IsSuccess)
        {
            throw ErrorFrom(response);
        }

        // JSON-2 answers the bare result.
        return OdooResults.Read(response.Body.Span, result, model, method);
    }

    private static OdooException ErrorFrom(OdooHttpResponse response)
    {
        Json2Error? error = null;
        try
        {
            error = JsonSerializer.Deserialize(response.Body.Span, Json2JsonContext.Default.Json2Error);
        }
        catch (JsonException)
        {
            // Not Odoo's JSON (a proxy page, a 415 HTML page): the status alone classifies it.
        }

        return error?.Name is { } name
            ? OdooErrorClassifier.FromOdooError(name, error.Message, response.Status, response.RetryAfter)
            : OdooErrorClassifier.FromHttpStatus(response.Status, response.RetryAfter);
    }

    private static JsonObject WithContext(JsonObject body, JsonObject? context)
    {
        if (context is not null)
        {
            body["context"] = context;
        }

        return body;
    }
}
