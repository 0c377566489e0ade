using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetailGateway.Odoo.Diagnostics;
using RetailGateway.Odoo.Transports;

namespace RetailGateway.Odoo.Client;

/// <summary>
/// Picks the transport (configured, or probed once per URL), scopes every call to the configured
/// company, and logs and measures each call's outcome. Options are read per call so a rotated key or a late URL
/// takes effect without a restart.
/// </summary>
internal sealed partial class OdooClient(
    IOptionsMonitor<OdooOptions> optionsMonitor,
    JsonRpcTransport jsonRpc,
    Json2Transport json2,
    TimeProvider timeProvider,
    OdooMetrics metrics,
    ILogger<OdooClient> logger) : IOdooClient, IDisposable
{
    private readonly SemaphoreSlim _probeLock = new(1, 1);
    private volatile ProbedServer? _server;

    public async ValueTask<OdooServer> GetServerAsync(CancellationToken cancellationToken) =>
        await GetServerAsync(optionsMonitor.CurrentValue, cancellationToken);

    public Task<IReadOnlyList<T>> SearchReadAsync<T>(OdooQuery query, JsonTypeInfo<T> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return CallAsync(
            query.Model,
            "search_read",
            query.Context,
            (transport, options, context, ct) => transport.SearchReadAsync(options, query, context, OdooResults.Records(record), ct),
            cancellationToken);
    }

    public Task<IReadOnlyList<T>> ReadAsync<T>(string model, IReadOnlyList<long> ids, IReadOnlyList<string> fields, JsonTypeInfo<T> record, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "read",
            null,
            (transport, options, context, ct) => transport.ReadAsync(options, model, ids, fields, context, OdooResults.Records(record), ct),
            cancellationToken);

    public Task<IReadOnlyList<T>> WebReadAsync<T>(string model, IReadOnlyList<long> ids, JsonObject specification, JsonTypeInfo<T> record, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "web_read",
            null,
            (transport, options, context, ct) => transport.WebReadAsync(options, model, ids, specification, context, OdooResults.Records(record), ct),
            cancellationToken);

    public Task<IReadOnlyList<T>> WebSearchReadAsync<T>(OdooQuery query, JsonObject specification, JsonTypeInfo<T> record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return CallAsync(
            query.Model,
            "web_search_read",
            query.Context,
            (transport, options, context, ct) => transport.WebSearchReadAsync(options, query, specification, context, OdooResults.Page(record), ct),
            cancellationToken);
    }

    public Task<IReadOnlyList<T>> WebSaveAsync<T>(string model, IReadOnlyList<long> ids, JsonObject values, JsonObject specification, JsonTypeInfo<T> record, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "web_save",
            null,
            (transport, options, context, ct) => transport.WebSaveAsync(options, model, ids, values, specification, context, OdooResults.Records(record), ct),
            cancellationToken);

    public Task<T> OnchangeAsync<T>(string model, JsonObject values, JsonObject fieldsSpecification, JsonTypeInfo<T> record, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "onchange",
            null,
            (transport, options, context, ct) => transport.OnchangeAsync(options, model, values, fieldsSpecification, context, OdooResults.Onchange(record), ct),
            cancellationToken);

    public Task<long> CreateAsync(string model, JsonObject values, JsonObject? context, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "create",
            context,
            (transport, options, scopedContext, ct) => transport.CreateAsync(options, model, values, scopedContext, ct),
            cancellationToken);

    public Task WriteAsync(string model, IReadOnlyList<long> ids, JsonObject values, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "write",
            null,
            async (transport, options, context, ct) =>
            {
                await transport.WriteAsync(options, model, ids, values, context, ct);
                return true;
            },
            cancellationToken);

    public Task<JsonElement> CallMethodAsync(string model, string method, IReadOnlyList<long> ids, JsonObject? context, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            method,
            context,
            (transport, options, scopedContext, ct) => transport.CallMethodAsync(options, model, method, ids, scopedContext, ct),
            cancellationToken);

    public Task<IReadOnlySet<string>> GetExistingFieldsAsync(string model, IReadOnlyList<string> fields, CancellationToken cancellationToken) =>
        CallAsync(
            model,
            "fields_get",
            null,
            (transport, options, context, ct) => transport.FieldsGetAsync(options, model, fields, context, ct),
            cancellationToken);

    public void Dispose() => _probeLock.Dispose();

    private async Task<T> CallAsync<T>(
        string model,
        string method,
        JsonObject? context,
        Func<IOdooTransport, OdooOptions, JsonObject?, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        var options = optionsMonitor.CurrentValue;
        var started = timeProvider.GetTimestamp();
        try
        {
            var server = await GetServerAsync(options, cancellationToken);
            IOdooTransport transport = server.Protocol == OdooProtocol.Json2 ? json2 : jsonRpc;
            var result = await call(transport, options, ScopeToCompany(context, options.CompanyId), cancellationToken);
            var elapsed = timeProvider.GetElapsedTime(started);
            metrics.CallFinished(model, method, "success", elapsed);
            Log.CallSucceeded(logger, model, method, transport.Protocol, elapsed.TotalMilliseconds);
            return result;
        }
        catch (OdooException exception)
        {
            var elapsed = timeProvider.GetElapsedTime(started);
            metrics.CallFinished(model, method, OdooMetrics.Outcome(exception.Failure), elapsed);
            Log.CallFailed(logger, model, method, exception.Failure, exception.OdooErrorName, elapsed.TotalMilliseconds);
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            metrics.CallFinished(model, method, "cancelled", timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    private async ValueTask<OdooServer> GetServerAsync(OdooOptions options, CancellationToken cancellationToken)
    {
        if (_server is { } known && known.Matches(options))
        {
            return known.Server;
        }

        // One probe at a time, so a burst of first calls costs Odoo one probe, not one each.
        await _probeLock.WaitAsync(cancellationToken);
        try
        {
            if (_server is { } probedMeanwhile && probedMeanwhile.Matches(options))
            {
                return probedMeanwhile.Server;
            }

            var server = options.Protocol switch
            {
                OdooProtocol.Json2 => await json2.GetServerAsync(options, cancellationToken),
                OdooProtocol.JsonRpc => await jsonRpc.GetServerAsync(options, cancellationToken),
                _ => await json2.ProbeAsync(options, cancellationToken) ?? await jsonRpc.GetServerAsync(options, cancellationToken),
            };

            // Only a successful probe is kept: a failure above has thrown, and the next call probes again.
            _server = new ProbedServer(options.Url, options.Protocol, server);
            Log.ServerDetected(logger, server.Version, server.Protocol);
            return server;
        }
        finally
        {
            _probeLock.Release();
        }
    }

    /// <summary>
    /// Without <c>allowed_company_ids</c> a multi-company search spans every company the API user can see.
    /// A key the caller set itself wins. The result is a fresh object, so the caller's is never reparented or changed.
    /// </summary>
    private static JsonObject? ScopeToCompany(JsonObject? context, int? companyId)
    {
        var scoped = context?.DeepClone().AsObject();
        if (companyId is { } company)
        {
            scoped ??= [];
            if (!scoped.ContainsKey("allowed_company_ids"))
            {
                scoped["allowed_company_ids"] = new JsonArray(company);
            }
        }

        return scoped;
    }

    private sealed record ProbedServer(Uri? Url, OdooProtocol Setting, OdooServer Server)
    {
        public bool Matches(OdooOptions options) => Url == options.Url && Setting == options.Protocol;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Odoo server {Version} reached over {Protocol}")]
        public static partial void ServerDetected(ILogger logger, string version, OdooProtocol protocol);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Odoo {Model}.{Method} over {Protocol} succeeded in {ElapsedMilliseconds:F1} ms")]
        public static partial void CallSucceeded(ILogger logger, string model, string method, OdooProtocol protocol, double elapsedMilliseconds);

        [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Odoo {Model}.{Method} failed as {Failure} ({OdooErrorName}) after {ElapsedMilliseconds:F1} ms")]
        public static partial void CallFailed(ILogger logger, string model, string method, OdooFailure failure, string? odooErrorName, double elapsedMilliseconds);
    }
}
