using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Transports;

/// <summary>
/// Odoo 16–19 over <c>POST /jsonrpc</c> <c>execute_kw</c>. Needs a uid, obtained once per
/// (url, database, username, key) with <c>common.authenticate</c>, so a rotated key logs in again.
/// </summary>
internal sealed partial class JsonRpcTransport(OdooHttp http, ILogger<JsonRpcTransport> logger) : IOdooTransport
{
    private static readonly JsonElement NullResult = JsonDocument.Parse("null").RootElement;

    private long _lastRequestId;
    private volatile Login? _login;

    public OdooProtocol Protocol => OdooProtocol.JsonRpc;

    public async Task<OdooServer> GetServerAsync(OdooOptions options, CancellationToken cancellationToken)
    {
        var result = await CallAsync(options, "common", "version", [], safeToRetry: true, cancellationToken);
        var version = result.ValueKind == JsonValueKind.Object
            ? result.Deserialize(JsonRpcJsonContext.Default.JsonRpcServerVersion)
            : null;
        if (version?.ServerVersionInfo is [{ ValueKind: JsonValueKind.Number } major, ..])
        {
            var majorVersion = major.GetInt32();
            return new OdooServer(version.ServerVersion ?? $"{majorVersion}.0", majorVersion, OdooProtocol.JsonRpc);
        }

        throw OdooErrorClassifier.UnexpectedResult("common", "version");
    }

    public Task<JsonElement> SearchReadAsync(OdooOptions options, OdooQuery query, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject
        {
            ["fields"] = OdooArguments.Names(query.Fields),
            ["limit"] = query.Limit,
        };
        if (query.Order is not null)
        {
            kwargs["order"] = query.Order;
        }

        AddContext(kwargs, context);
        return ExecuteAsync(options, query.Model, "search_read", [query.Domain.DeepClone()], kwargs, safeToRetry: true, cancellationToken);
    }

    public Task<JsonElement> ReadAsync(OdooOptions options, string model, IReadOnlyList<long> ids, IReadOnlyList<string> fields, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["fields"] = OdooArguments.Names(fields) };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "read", [OdooArguments.Ids(ids)], kwargs, safeToRetry: true, cancellationToken);
    }

    public Task<JsonElement> WebReadAsync(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject specification, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["specification"] = specification.DeepClone() };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "web_read", [OdooArguments.Ids(ids)], kwargs, safeToRetry: true, cancellationToken);
    }

    public Task<JsonElement> WebSearchReadAsync(OdooOptions options, OdooQuery query, JsonObject specification, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject
        {
            ["domain"] = query.Domain.DeepClone(),
            ["specification"] = specification.DeepClone(),
            ["limit"] = query.Limit,
        };
        if (query.Order is not null)
        {
            kwargs["order"] = query.Order;
        }

        AddContext(kwargs, context);
        return ExecuteAsync(options, query.Model, "web_search_read", [], kwargs, safeToRetry: true, cancellationToken);
    }

    public Task<JsonElement> WebSaveAsync(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject specification, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["specification"] = specification.DeepClone() };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "web_save", [OdooArguments.Ids(ids), values.DeepClone()], kwargs, safeToRetry: false, cancellationToken);
    }

    public async Task<long> CreateAsync(OdooOptions options, string model, JsonObject values, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        var result = await ExecuteAsync(options, model, "create", [values.DeepClone()], kwargs, safeToRetry: false, cancellationToken);
        return result.ValueKind == JsonValueKind.Number && result.TryGetInt64(out var id)
            ? id
            : throw OdooErrorClassifier.UnexpectedResult(model, "create");
    }

    public Task WriteAsync(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "write", [OdooArguments.Ids(ids), values.DeepClone()], kwargs, safeToRetry: false, cancellationToken);
    }

    public Task<JsonElement> CallMethodAsync(OdooOptions options, string model, string method, IReadOnlyList<long> ids, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, method, [OdooArguments.Ids(ids)], kwargs, safeToRetry: false, cancellationToken);
    }

    public Task<JsonElement> FieldsGetAsync(OdooOptions options, string model, IReadOnlyList<string> fields, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["attributes"] = new JsonArray("type") };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "fields_get", [OdooArguments.Names(fields)], kwargs, safeToRetry: true, cancellationToken);
    }

    private async Task<JsonElement> ExecuteAsync(OdooOptions options, string model, string method, JsonArray args, JsonObject kwargs, bool safeToRetry, CancellationToken cancellationToken)
    {
        var login = await LoginAsync(options, cancellationToken);
        try
        {
            return await CallAsync(
                options,
                "object",
                "execute_kw",
                [options.Database, login.Uid, options.ApiKey, model, method, args, kwargs],
                safeToRetry,
                cancellationToken);
        }
        catch (OdooException exception) when (exception.Failure == OdooFailure.Authentication)
        {
            // The key was revoked or the user changed under us: log in afresh on the next call.
            Interlocked.CompareExchange(ref _login, null, login);
            throw;
        }
    }

    private async Task<Login> LoginAsync(OdooOptions options, CancellationToken cancellationToken)
    {
        var key = new LoginKey(options.Url, options.Database, options.Username, options.ApiKey);
        if (_login is { } cached && cached.Key == key)
        {
            return cached;
        }

        var result = await CallAsync(options, "common", "authenticate", [options.Database, options.Username, options.ApiKey, new JsonObject()], safeToRetry: true, cancellationToken);
        if (result.ValueKind == JsonValueKind.False)
        {
            throw OdooErrorClassifier.LoginRefused();
        }

        if (result.ValueKind != JsonValueKind.Number || !result.TryGetInt64(out var uid))
        {
            throw OdooErrorClassifier.UnexpectedResult("common", "authenticate");
        }

        var login = new Login(key, uid);
        _login = login;
        Log.LoggedIn(logger, options.Database, uid);
        return login;
    }

    private async Task<JsonElement> CallAsync(OdooOptions options, string service, string method, JsonArray args, bool safeToRetry, CancellationToken cancellationToken)
    {
        var envelope = new JsonRpcRequest
        {
            Id = Interlocked.Increment(ref _lastRequestId),
            Params = new JsonRpcParams { Service = service, Method = method, Args = args },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, OdooHttp.Endpoint(options, "jsonrpc"))
        {
            Content = OdooHttp.JsonContent(JsonSerializer.SerializeToUtf8Bytes(envelope, JsonRpcJsonContext.Default.JsonRpcRequest)),
        };

        var response = await http.SendAsync(request, safeToRetry, cancellationToken);
        if (!response.IsSuccess)
        {
            // Odoo answers JSON-RPC errors with 200; anything else is a proxy, a dead worker, or a request it could not parse.
            throw OdooErrorClassifier.FromHttpStatus(response.Status, response.RetryAfter);
        }

        JsonRpcResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize(response.Body.Span, JsonRpcJsonContext.Default.JsonRpcResponse);
        }
        catch (JsonException exception)
        {
            throw OdooErrorClassifier.MalformedBody(exception);
        }

        // The id is not checked: over HTTP the answer is paired with its request by the connection, not the id.
        if (answer?.Error is { } error)
        {
            throw OdooErrorClassifier.FromOdooError(error.Data?.Name, error.Data?.Message ?? error.Message, OdooErrorClassifier.JsonRpcErrorStatus, response.RetryAfter);
        }

        return answer is null ? throw OdooErrorClassifier.MalformedBody(null) : answer.Result ?? NullResult;
    }

    private static void AddContext(JsonObject kwargs, JsonObject? context)
    {
        if (context is not null)
        {
            kwargs["context"] = context;
        }
    }

    private sealed record LoginKey(Uri? Url, string Database, string Username, string ApiKey);

    private sealed record Login(LoginKey Key, long Uid);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Logged in to Odoo database {Database} over JSON-RPC as uid {Uid}")]
        public static partial void LoggedIn(ILogger logger, string database, long uid);
    }
}
