using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Pact.Tests.Engine;
using RetailGateway.Api.Idempotency;
using RetailGateway.Pact.Tests.Salesforce;

namespace RetailGateway.Pact.Tests.Verification;

/// <summary>
/// The provider-state endpoint of the verification host (test code, never the product). The verifier
/// POSTs <c>{"state", "params", "action"}</c> before each interaction; this sets the state up through
/// the gateway's own API and the sandbox's data, and answers the ids the interaction takes from it.
/// </summary>
internal sealed class SalesforceStates : IAsyncDisposable
{
    /// <summary>
    /// Long enough for a write to be handed out by the change feeds: the host's settle window (1 s, see
    /// <see cref="GatewayProvider"/>) plus the second the write falls in.
    /// </summary>
    private static readonly TimeSpan SettleWait = TimeSpan.FromSeconds(2.2);

    private const string TrackingReference = "1Z999AA10123456784";

    /// <summary>The SKU of the Case states' orders (returns, credit notes): no other state orders it.</summary>
    private const string CaseSku = "E-COM10";

    private readonly WebApplication _app;
    private readonly GatewayProvider _provider;
    private readonly HttpClient _gateway;
    private readonly HttpClient _quotaClient;

    private SalesforceStates(WebApplication app, GatewayProvider provider)
    {
        _app = app;
        _provider = provider;
        _gateway = provider.Client();
        _quotaClient = provider.Client(GatewayProvider.QuotaClientId);
    }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public static async Task<SalesforceStates> StartAsync(GatewayProvider provider)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var states = new SalesforceStates(app, provider);
        app.MapPost("/provider-states", (Delegate)states.HandleAsync);
        await app.StartAsync();
        states.Url = new Uri(new Uri(app.Urls.First()), "/provider-states");
        return states;
    }

    public async ValueTask DisposeAsync()
    {
        _gateway.Dispose();
        _quotaClient.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) ?? new JsonObject();
        if (request["action"]?.GetValue<string>() is "teardown")
        {
            return Results.Json(new JsonObject());
        }

        var state = request["state"]?.GetValue<string>() ?? string.Empty;
        var parameters = request["params"] as JsonObject ?? [];
        string Param(string name) => parameters[name]?.ToString() ?? throw new InvalidOperationException($"State '{state}' needs parameter {name}.");

        var values = state switch
        {
            ProviderStates.CustomerExists => await CustomerAsync(Param("salesforceId")),
            ProviderStates.NewSalesforceRecord => new JsonObject { ["newSalesforceId"] = Fresh("001") },
            ProviderStates.OrderExists => await OrderAsync(Param("salesforceId")),
            ProviderStates.QuoteExists => await QuoteAsync(Param("salesforceId")),
            ProviderStates.OrderDelivered => await OrderDeliveredAsync(Param("salesforceId")),
            ProviderStates.ReturnAwaitingReceipt => await ReturnAwaitingReceiptAsync(Param("salesforceId")),
            ProviderStates.InvoicePosted => await InvoicePostedAsync(Param("salesforceId")),
            ProviderStates.SkuAvailable => SetStock(Param("sku"), Param("warehouse"), double.Parse(Param("available"), System.Globalization.CultureInfo.InvariantCulture)),
            ProviderStates.SkuUnknown => _provider.Sandbox.Data.ProductId(Param("sku")) is null
                ? []
                : throw new InvalidOperationException($"SKU {Param("sku")} exists."),
            ProviderStates.InvoiceExists => await InvoiceAsync(),
            ProviderStates.NothingWithId => [],
            ProviderStates.OrderSubmitted => await OrderSubmittedAsync(Param("salesforceId"), Param("idempotencyKey")),
            ProviderStates.OrderSubmissionRunning => await OrderSubmissionRunningAsync(Param("salesforceId"), Param("idempotencyKey")),
            ProviderStates.ReadBudgetUsed => await SpendReadBudgetAsync(),
            ProviderStates.OrderQueuedAndSubmitted => await OrderQueuedAndSubmittedAsync(Param("salesforceId")),
            ProviderStates.OrderShippedAfterCursor => await OrderShippedAfterCursorAsync(Param("salesforceId")),
            ProviderStates.OrderInvoicedAfterCursor => await OrderInvoicedAfterCursorAsync(Param("salesforceId")),
            _ => null,
        };
        return values is null
            ? Results.Problem($"Unknown provider state '{state}'.", statusCode: StatusCodes.Status400BadRequest)
            : Results.Json(values);
    }

    private async Task<JsonObject> CustomerAsync(string salesforceId)
    {
        var response = await _gateway.PutAsJsonAsync($"api/v1/customers/by-salesforce-id/{salesforceId}", new
        {
            name = "Acme Retail",
            email = "buyer@acme.example",
            isCompany = true,
            billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
        });
        var customer = await ReadAsync(response);
        return new JsonObject
        {
            ["customerId"] = customer["customerId"]!.GetValue<string>(),
            ["salesforceId"] = salesforceId,
            ["newSalesforceId"] = Fresh("801"),
            ["newQuoteId"] = Fresh("0Q0"),
        };
    }

    private async Task<JsonObject> QuoteAsync(string customerSalesforceId)
    {
        var values = await CustomerAsync(customerSalesforceId);
        var quoteSalesforceId = Fresh("0Q0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/quotes")
        {
            Content = JsonContent.Create(new
            {
                salesforceId = quoteSalesforceId,
                customerId = values["customerId"]!.GetValue<string>(),
                lines = new[] { new { sku = "E-COM07", quantity = 2 } },
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var quote = await ReadAsync(await _gateway.SendAsync(request));
        values["quoteId"] = quote["quoteId"]!.GetValue<string>();
        values["quoteSalesforceId"] = quoteSalesforceId;
        return values;
    }

    private async Task<JsonObject> OrderAsync(string customerSalesforceId, string sku = "E-COM07")
    {
        var values = await CustomerAsync(customerSalesforceId);
        var orderSalesforceId = Fresh("801");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/orders")
        {
            Content = JsonContent.Create(new
            {
                salesforceId = orderSalesforceId,
                customerId = values["customerId"]!.GetValue<string>(),
                lines = new[] { new { sku, quantity = 2 } },
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var response = await _gateway.SendAsync(request);
        var order = await ReadAsync(response);
        values["orderId"] = order["orderId"]!.GetValue<string>();
        values["orderSalesforceId"] = orderSalesforceId;
        return values;
    }

    /// <summary>
    /// Creates order O1 of <see cref="CaseSku"/> and validates its delivery in the sandbox, as the warehouse would. Every
    /// order of E-COM07 the other states confirm reserves its units and keeps them, so E-COM07 can run out of free units.
    /// </summary>
    private async Task<JsonObject> OrderDeliveredAsync(string customerSalesforceId)
    {
        var values = await OrderAsync(customerSalesforceId, CaseSku);
        _provider.Sandbox.Data.SetStock(CaseSku, "WH", 100);
        _provider.Sandbox.Data.ShipOrder(IdOf(values["orderId"]));
        values["newCaseId"] = Fresh("500");
        return values;
    }

    /// <summary>Delivers order O1, then opens a return of 1 × E-COM07 through the gateway for a Case of its own.</summary>
    private async Task<JsonObject> ReturnAwaitingReceiptAsync(string customerSalesforceId)
    {
        var values = await OrderDeliveredAsync(customerSalesforceId);
        var caseId = Fresh("500");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v2/orders/{values["orderId"]!.GetValue<string>()}/returns")
        {
            Content = JsonContent.Create(new
            {
                salesforceId = caseId,
                reason = "Damaged in transit",
                lines = new[] { new { sku = CaseSku, quantity = 1 } },
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var opened = await ReadAsync(await _gateway.SendAsync(request));
        values["returnId"] = opened["returnId"]!.GetValue<string>();
        values["returnCaseId"] = caseId;
        return values;
    }

    /// <summary>Creates an order of customer C1 for 2 × <see cref="CaseSku"/> and invoices it in full in the sandbox (posted, not paid).</summary>
    private async Task<JsonObject> InvoicePostedAsync(string customerSalesforceId)
    {
        var values = await OrderAsync(customerSalesforceId, CaseSku);
        var invoiceId = _provider.Sandbox.Data.InvoiceOrder(IdOf(values["orderId"]));
        values["invoiceId"] = invoiceId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        values["newCaseId"] = Fresh("500");
        return values;
    }

    private static int IdOf(JsonNode? id) => int.Parse(id!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Submits, with the key, exactly the body the verifier will send in the retry, and answers the order's id.</summary>
    private async Task<JsonObject> OrderSubmittedAsync(string customerSalesforceId, string idempotencyKey)
    {
        var values = await CustomerAsync(customerSalesforceId);
        var (path, body) = RequestOf(ProviderStates.OrderSubmitted, idempotencyKey, values);
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", idempotencyKey } },
        };
        var order = await ReadAsync(await _gateway.SendAsync(request));
        values["orderId"] = order["orderId"]!.GetValue<string>();
        return values;
    }

    /// <summary>
    /// Claims the key in the gateway's idempotency store for exactly the request the verifier will send,
    /// as the gateway does when a submission starts, and never completes it.
    /// </summary>
    private async Task<JsonObject> OrderSubmissionRunningAsync(string customerSalesforceId, string idempotencyKey)
    {
        var values = await CustomerAsync(customerSalesforceId);
        var (path, body) = RequestOf(ProviderStates.OrderSubmissionRunning, idempotencyKey, values);

        var store = _provider.Services.GetRequiredService<IIdempotencyStore>();
        var claim = await store.ClaimAsync(IdempotencyKey.Scoped(GatewayProvider.ClientId, idempotencyKey), Fingerprint("POST", path, body), CancellationToken.None);
        return claim.Outcome == ClaimOutcome.Claimed ? values : throw new InvalidOperationException($"Claiming key {idempotencyKey} answered {claim.Outcome}.");
    }

    /// <summary>Spends the quota client's read budget: reads until the gateway answers 429.</summary>
    private async Task<JsonObject> SpendReadBudgetAsync()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await _quotaClient.GetAsync("api/v1/stock/E-COM07?warehouse=WH");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return [];
            }
        }

        throw new InvalidOperationException($"{GatewayProvider.QuotaClientId} still has read budget after 10 reads.");
    }

    /// <summary>Queues an order of the customer and waits until the gateway's workers have submitted it.</summary>
    private async Task<JsonObject> OrderQueuedAndSubmittedAsync(string customerSalesforceId)
    {
        var values = await CustomerAsync(customerSalesforceId);
        var orderSalesforceId = Fresh("801");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/order-submissions")
        {
            Content = JsonContent.Create(new
            {
                salesforceId = orderSalesforceId,
                customerId = values["customerId"]!.GetValue<string>(),
                lines = new[] { new { sku = "E-COM07", quantity = 2 } },
            }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var submissionId = (await ReadAsync(await _gateway.SendAsync(request)))["submissionId"]!.GetValue<string>();
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var submission = await ReadAsync(await _gateway.GetAsync($"api/v2/order-submissions/{submissionId}"));
            switch (submission["status"]!.GetValue<string>())
            {
                case "queued":
                    await Task.Delay(TimeSpan.FromMilliseconds(200));
                    continue;
                case "submitted":
                    values["submissionId"] = submissionId;
                    values["orderId"] = submission["orderId"]!.GetValue<string>();
                    values["orderSalesforceId"] = orderSalesforceId;
                    return values;
                default:
                    throw new InvalidOperationException($"Submission {submissionId} ended as {submission.ToJsonString()}.");
            }
        }

        throw new InvalidOperationException($"Submission {submissionId} is still queued after 30 s.");
    }

    /// <summary>Takes the order feed's cursor at its end, then creates order O1 and ships it, and waits until the feed hands it out.</summary>
    private async Task<JsonObject> OrderShippedAfterCursorAsync(string customerSalesforceId)
    {
        var cursor = await FeedEndAsync("api/v2/orders/changes");
        var values = await OrderAsync(customerSalesforceId);
        _provider.Sandbox.Data.SetStock("E-COM07", "WH", 25);
        _provider.Sandbox.Data.ShipOrder(int.Parse(values["orderId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), TrackingReference);
        await Task.Delay(SettleWait);
        values["cursor"] = cursor;
        return values;
    }

    /// <summary>Takes the invoice feed's cursor at its end, then creates order O1 and invoices it, and waits until the feed hands the invoice out.</summary>
    private async Task<JsonObject> OrderInvoicedAfterCursorAsync(string customerSalesforceId)
    {
        var cursor = await FeedEndAsync("api/v2/invoices/changes");
        var values = await OrderAsync(customerSalesforceId);
        _provider.Sandbox.Data.InvoiceOrder(int.Parse(values["orderId"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        await Task.Delay(SettleWait);
        values["cursor"] = cursor;
        return values;
    }

    /// <summary>
    /// The cursor after every change made so far: waits until earlier writes (other interactions', the
    /// intake workers') are past the settle window, then follows the feed to its end.
    /// </summary>
    private async Task<string> FeedEndAsync(string feed)
    {
        await Task.Delay(SettleWait);
        string? cursor = null;
        while (true)
        {
            var page = await ReadAsync(await _gateway.GetAsync(cursor is null ? $"{feed}?limit=200" : $"{feed}?limit=200&cursor={Uri.EscapeDataString(cursor)}"));
            cursor = page["nextCursor"]?.GetValue<string>() ?? throw new InvalidOperationException($"{feed} answered no nextCursor.");
            if (!page["hasMore"]!.GetValue<bool>())
            {
                return cursor;
            }
        }
    }

    /// <summary>
    /// The path and body the verifier sends for the interaction in <paramref name="state"/> with this key:
    /// the pact's body with the provider-state values in place, written as the engine writes JSON (compact,
    /// members in the pact file's order).
    /// </summary>
    private static (string Path, string Body) RequestOf(string state, string idempotencyKey, JsonObject values)
    {
        var pact = JsonNode.Parse(File.ReadAllText(PactEngine.PactFile("SalesforceApex", SalesforceShapes.Provider)))!;
        var request = pact["interactions"]!.AsArray().Single(i =>
            i!["providerStates"]?[0]?["name"]?.GetValue<string>() == state &&
            i["request"]!["headers"]?["Idempotency-Key"]?[0]?.GetValue<string>() == idempotencyKey)!["request"]!;
        var body = request["body"]!["content"]!.DeepClone().AsObject();
        foreach (var (path, generator) in request["generators"]?["body"]?.AsObject() ?? [])
        {
            var expression = generator!["expression"]!.GetValue<string>();
            if (!path.StartsWith("$.", StringComparison.Ordinal) || path.IndexOfAny(['.', '['], 2) >= 0 || !expression.StartsWith("${", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Only top-level provider-state values are filled in here, not {path} = {expression}.");
            }

            body[path[2..]] = values[expression[2..^1]]!.DeepClone();
        }

        return (request["path"]!.GetValue<string>(), body.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    /// <summary>How the gateway tells two requests apart: SHA-256 of method, path and the exact body bytes.</summary>
    private static string Fingerprint(string method, string path, string body) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{method} {path}\n{body}")));

    private JsonObject SetStock(string sku, string warehouse, double available)
    {
        _provider.Sandbox.Data.SetStock(sku, warehouse, available);
        return [];
    }

    private async Task<JsonObject> InvoiceAsync()
    {
        var page = await ReadAsync(await _gateway.GetAsync("api/v1/invoices?limit=200"));
        var invoice = page["items"]!.AsArray().First(i =>
            i!["orderId"] is not null && i["invoiceNumber"] is not null && i["invoiceDate"] is not null && i["dueDate"] is not null &&
            i["status"]!.GetValue<string>() == "posted" && i["kind"]!.GetValue<string>() == "invoice")!;
        return new JsonObject
        {
            ["invoiceId"] = invoice["invoiceId"]!.GetValue<string>(),
            ["customerId"] = invoice["customerId"]!.GetValue<string>(),
        };
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Accepted
            ? JsonNode.Parse(text)!
            : throw new InvalidOperationException($"Setting up a provider state failed: {(int)response.StatusCode} {text}");
    }

    private static string Fresh(string prefix) => prefix + "PACT" + Guid.NewGuid().ToString("N")[..11].ToUpperInvariant();
}
