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
    private long _lastRequestId;
    private volatile Login? _login;

    public OdooProtocol Protocol => OdooProtocol.JsonRpc;

    public async Task<OdooServer> GetServerAsync(OdooOptions options, CancellationToken cancellationToken)
    {
        var version = await CallAsync(options, "common", "version", [], safeToRetry: true, ServerVersion, cancellationToken);
        if (version?.ServerVersionInfo is [{ ValueKind: JsonValueKind.Number } major, ..])
        {
            var majorVersion = major.GetInt32();
            return new OdooServer(version.ServerVersion ?? $"{majorVersion}.0", majorVersion, OdooProtocol.JsonRpc);
        }

        throw OdooErrorClassifier.UnreadableResult("common", "version");
    }

    public Task<T> SearchReadAsync<T>(OdooOptions options, OdooQuery query, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
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
        return ExecuteAsync(options, query.Model, "search_read", [query.Domain.DeepClone()], kwargs, safeToRetry: true, result, cancellationToken);
    }

    public Task<T> ReadAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, IReadOnlyList<string> fields, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["fields"] = OdooArguments.Names(fields) };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "read", [OdooArguments.Ids(ids)], kwargs, safeToRetry: true, result, cancellationToken);
    }

    public Task<T> WebReadAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["specification"] = specification.DeepClone() };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "web_read", [OdooArguments.Ids(ids)], kwargs, safeToRetry: true, result, cancellationToken);
    }

    public Task<T> WebSearchReadAsync<T>(OdooOptions options, OdooQuery query, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
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
        return ExecuteAsync(options, query.Model, "web_search_read", [], kwargs, safeToRetry: true, result, cancellationToken);
    }

    public Task<T> WebSaveAsync<T>(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject specification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["specification"] = specification.DeepClone() };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "web_save", [OdooArguments.Ids(ids), values.DeepClone()], kwargs, safeToRetry: false, result, cancellationToken);
    }

    public Task<T> OnchangeAsync<T>(OdooOptions options, string model, JsonObject values, JsonObject fieldsSpecification, JsonObject? context, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "onchange", [new JsonArray(), values.DeepClone(), new JsonArray(), fieldsSpecification.DeepClone()], kwargs, safeToRetry: true, result, cancellationToken);
    }

    public Task<long> CreateAsync(OdooOptions options, string model, JsonObject values, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "create", [values.DeepClone()], kwargs, safeToRetry: false, CreatedId, cancellationToken);
    }

    public Task WriteAsync(OdooOptions options, string model, IReadOnlyList<long> ids, JsonObject values, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "write", [OdooArguments.Ids(ids), values.DeepClone()], kwargs, safeToRetry: false, OdooResults.Ignored, cancellationToken);
    }

    public Task<JsonElement> CallMethodAsync(OdooOptions options, string model, string method, IReadOnlyList<long> ids, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject();
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, method, [OdooArguments.Ids(ids)], kwargs, safeToRetry: false, OdooResults.AsSent, cancellationToken);
    }

    public Task<IReadOnlySet<string>> FieldsGetAsync(OdooOptions options, string model, IReadOnlyList<string> fields, JsonObject? context, CancellationToken cancellationToken)
    {
        var kwargs = new JsonObject { ["attributes"] = new JsonArray("type") };
        AddContext(kwargs, context);
        return ExecuteAsync(options, model, "fields_get", [OdooArguments.Names(fields)], kwargs, safeToRetry: true, OdooResults.FieldNames, cancellationToken);
    }

    private async Task<T> ExecuteAsync<T>(OdooOptions options, string model, string method, JsonArray args, JsonObject kwargs, bool safeToRetry, OdooResultReader<T> result, CancellationToken cancellationToken)
    {
        var login = await LoginAsync(options, cancellationToken);
        try
        {
            return await CallAsync(
                options,
                new JsonRpcParams { Service = "object", Method = "execute_kw", Args = [options.Database, login.Uid, options.ApiKey, model, method, args, kwargs] },
                safeToRetry,
                result,
                model,
                method,
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

        var uid = await CallAsync(options, "common", "authenticate", [options.Database, options.Username, options.ApiKey, new JsonObject()], safeToRetry: true, Uid, cancellationToken)
            ?? throw OdooErrorClassifier.LoginRefused();
        var login = new Login(key, uid);
        _login = login;
        Log.LoggedIn(logger, options.Database, uid);
        return login;
    }

    /// <summary>A call to a <c>common</c> service method (no login needed); errors name the service.</summary>
    private Task<T> CallAsync<T>(OdooOptions options, string service, string method, JsonArray args, bool safeToRetry, OdooResultReader<T> result, CancellationToken cancellationToken) =>
        CallAsync(options, new JsonRpcParams { Service = service, Method = method, Args = args }, safeToRetry, result, service, method, cancellationToken);

    private async Task<T> CallAsync<T>(OdooOptions options, JsonRpcParams call, bool safeToRetry, OdooResultReader<T> result, string model, string method, CancellationToken cancellationToken)
    {
        var envelope = new JsonRpcRequest { Id = Interlocked.Increment(ref _lastRequestId), Params = call };
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

        return JsonRpcAnswer.Read(response, result, model, method);
    }

    private static JsonRpcServerVersion? ServerVersion(ref Utf8JsonReader reader) =>
        JsonSerializer.Deserialize(ref reader, JsonRpcJsonContext.Default.JsonRpcServerVersion);

    /// <summary><c>common.authenticate</c> answers the uid, or <c>false</c> when it refuses the credentials.</summary>
    private static long? Uid(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.False => null,
        JsonTokenType.Number when reader.TryGetInt64(out var uid) => uid,
        _ => throw new JsonException("Expected a uid or false."),
    };

    private static long CreatedId(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var id) ? id : throw new JsonException("Expected the new record's id.");

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
