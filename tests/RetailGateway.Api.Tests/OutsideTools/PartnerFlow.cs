using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.OutsideTools;

/// <summary>One request of the flow: what it was for, what it expected and got, and what Prism said of it.</summary>
public sealed record Exchange(string Operation, string Request, int Expected, int Actual, string? Violation);

/// <summary>
/// A partner's session against one API version, sent through Prism: every operation, every list
/// paged by cursor, and each error status the gateway documents. Request bodies are written as
/// canonical JSON (compact, no needless escapes: what Prism's JSON.stringify writes back), so Prism's
/// re-serialisation forwards the same bytes, and the gateway's Idempotency-Key fingerprint sees a
/// replay as byte-identical.
/// </summary>
public sealed class PartnerFlow(Uri address, string version) : IDisposable
{
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = address };
    private readonly string _fullToken = GatewayFixture.Token(OutsideToolsGateway.AllPermissions);
    private readonly string _run = $"{version}{DateTime.UtcNow:HHmmssfff}".ToUpperInvariant();

    public List<Exchange> Exchanges { get; } = [];

    public async Task RunAsync()
    {
        await StockAsync();
        if (version != "v1")
        {
            await ProductsAsync();
        }

        await AuthorizationAndQuotaAsync();
        await CustomersAsync();
        await OrdersAsync();
        if (version != "v1")
        {
            await QuotesAsync();
            await ReturnsAsync();
        }

        await ExceptionsAsync();
        await InvoicesAsync();
    }

    /// <summary>Sends one request and records it; the answer's status, headers and JSON body.</summary>
    public async Task<Answer> SendAsync(string operation, HttpMethod method, string target, int expected, JsonNode? body = null, string? token = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, target);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? _fullToken);
        request.Headers.Accept.ParseAdd("application/json");
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(Canonical), Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true ? JsonNode.Parse(text) : null;
        var violation = response.Headers.TryGetValues("sl-violations", out var violations) ? string.Join(' ', violations)
            : json?["type"]?.GetValue<string>().StartsWith(PrismProxy.ProblemTypePrefix, StringComparison.Ordinal) == true ? text
            : null;
        Exchanges.Add(new Exchange(operation, $"{method} {target}", expected, (int)response.StatusCode, violation));
        return new Answer((int)response.StatusCode, response.Headers, json);
    }

    private async Task StockAsync()
    {
        var one = await SendAsync("getStock", HttpMethod.Get, $"/api/{version}/stock/DESK0005", 200);
        await SendAsync("getStock", HttpMethod.Get, $"/api/{version}/stock/DESK0005", 304,
            configure: request => request.Headers.IfNoneMatch.Add(one.Headers.ETag ?? throw new InvalidOperationException("getStock sent no ETag")));
        await SendAsync("getStock", HttpMethod.Get, $"/api/{version}/stock/DESK0005?warehouse=NOPE", 400);
        await PageAsync("listStock", $"/api/{version}/stock?limit=10", "sku");
        await SendAsync("listStock", HttpMethod.Get, $"/api/{version}/stock?skus=DESK0005,NO-SUCH-SKU", 200);
        await SendAsync("listStock", HttpMethod.Get, $"/api/{version}/stock?cursor=not-a-cursor", 400);
    }

    private async Task ProductsAsync()
    {
        var one = await SendAsync("getProduct", HttpMethod.Get, $"/api/{version}/products/DESK0005", 200);
        await SendAsync("getProduct", HttpMethod.Get, $"/api/{version}/products/DESK0005", 304,
            configure: request => request.Headers.IfNoneMatch.Add(one.Headers.ETag ?? throw new InvalidOperationException("getProduct sent no ETag")));
        await SendAsync("getProduct", HttpMethod.Get, $"/api/{version}/products/NO-SUCH-SKU", 404);
        await PageAsync("listProducts", $"/api/{version}/products?limit=10", "sku");
        await SendAsync("listProducts", HttpMethod.Get, $"/api/{version}/products?active=false&sku=FURN_0100", 200);
        await SendAsync("listProducts", HttpMethod.Get, $"/api/{version}/products?cursor=not-a-cursor", 400);
        await FeedAsync("getProductChanges", $"/api/{version}/products/changes?limit=20");
    }

    private async Task AuthorizationAndQuotaAsync()
    {
        await SendAsync("getStock", HttpMethod.Get, $"/api/{version}/stock/DESK0005", 401, token: "not-a-token");
        await SendAsync("searchCustomers", HttpMethod.Get, $"/api/{version}/customers", 403, token: GatewayFixture.Token(["Stock.Read"]));
        var quota = GatewayFixture.Token(["Stock.Read"], OutsideToolsGateway.QuotaClient(version));
        await SendAsync("getStock", HttpMethod.Get, $"/api/{version}/stock/DESK0005", 200, token: quota);
        await SendAsync("getStock", HttpMethod.Get, $"/api/{version}/stock/DESK0005", 429, token: quota);
    }

    private async Task CustomersAsync()
    {
        foreach (var id in await PageAsync("searchCustomers", $"/api/{version}/customers?limit=5", "customerId"))
        {
            await SendAsync("getCustomer", HttpMethod.Get, $"/api/{version}/customers/{id}", 200);
        }

        await SendAsync("getCustomer", HttpMethod.Get, $"/api/{version}/customers/999999", 404);

        var key = Guid.NewGuid().ToString();
        var customer = new JsonObject { ["salesforceId"] = $"001PR{_run}", ["name"] = "Prism Partner Retail", ["email"] = "buyer@prism.example" };
        var created = await SendAsync("createCustomer", HttpMethod.Post, $"/api/{version}/customers", 201, customer, configure: IdempotencyKey(key));
        var replayed = await SendAsync("createCustomer", HttpMethod.Post, $"/api/{version}/customers", 201, customer, configure: IdempotencyKey(key));
        if (replayed.Status == 201 && (!replayed.Headers.TryGetValues("Idempotent-Replayed", out var replayedHeader) || !replayedHeader.Contains("true")))
        {
            throw new InvalidOperationException("A retry with the same key and body through Prism was not replayed: the fingerprint saw other bytes.");
        }

        var other = customer.DeepClone();
        other["name"] = "Another Name";
        await SendAsync("createCustomer", HttpMethod.Post, $"/api/{version}/customers", 422, other, configure: IdempotencyKey(key));
        // Prism refuses a body of an undeclared media type, or a missing required body, itself (never
        // forwarded); the 415 that passes it is JSON labelled with a charset the gateway does not read.
        await SendAsync("createCustomer", HttpMethod.Post, $"/api/{version}/customers", 415, configure: request =>
        {
            request.Content = new StringContent(customer.ToJsonString(Canonical), Encoding.Latin1);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=iso-8859-1");
        });
        var oversized = customer.DeepClone();
        oversized["salesforceId"] = $"001PRB{_run}";
        oversized["notes"] = new string('x', 300 * 1024);
        await SendAsync("createCustomer", HttpMethod.Post, $"/api/{version}/customers", 413, oversized, configure: IdempotencyKey(Guid.NewGuid().ToString()));

        var customerId = Id(created, "customerId");
        var current = await SendAsync("getCustomer", HttpMethod.Get, $"/api/{version}/customers/{customerId}", 200);
        var phone = new JsonObject { ["phone"] = "+1 555 0199" };
        await SendAsync("updateCustomer", HttpMethod.Patch, $"/api/{version}/customers/{customerId}", 412, phone,
            configure: request => request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"stale\"")));
        await SendAsync("updateCustomer", HttpMethod.Patch, $"/api/{version}/customers/{customerId}", 200, phone,
            configure: request => request.Headers.IfMatch.Add(current.Headers.ETag ?? throw new InvalidOperationException("getCustomer sent no ETag")));

        var upsert = $"/api/{version}/customers/by-salesforce-id/001PRU{_run}";
        await SendAsync("upsertCustomerBySalesforceId", HttpMethod.Put, upsert, 201, new JsonObject { ["name"] = "Prism Upsert" });
        await SendAsync("upsertCustomerBySalesforceId", HttpMethod.Put, upsert, 200, new JsonObject { ["name"] = "Prism Upsert Renamed" });
    }

    private async Task OrdersAsync()
    {
        var key = Guid.NewGuid().ToString();
        var order = Order($"801PR{_run}", "DESK0005");
        var created = await SendAsync("submitOrder", HttpMethod.Post, $"/api/{version}/orders", 201, order, configure: IdempotencyKey(key));
        await SendAsync("submitOrder", HttpMethod.Post, $"/api/{version}/orders", 201, order, configure: IdempotencyKey(key));
        var orderId = Id(created, "orderId");
        await SendAsync("getOrder", HttpMethod.Get, $"/api/{version}/orders/{orderId}", 200);
        await SendAsync("getOrder", HttpMethod.Get, $"/api/{version}/orders/999999", 404);
        await PageAsync("listOrders", $"/api/{version}/orders?customerId=4&limit=2", "orderId");
        await FeedAsync("getOrderChanges", $"/api/{version}/orders/changes?limit=5");
        await SendAsync("cancelOrder", HttpMethod.Post, $"/api/{version}/orders/{orderId}/cancel", 200, configure: IdempotencyKey(Guid.NewGuid().ToString()));

        // v2 has an operation of its own for async intake; v1 (frozen) keeps Prefer: respond-async on submitOrder.
        var accepted = version == "v1"
            ? await SendAsync("submitOrder", HttpMethod.Post, $"/api/{version}/orders", 202, Order($"801PRA{_run}", "DESK0005"), configure: request =>
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                request.Headers.Add("Prefer", "respond-async");
            })
            : await SendAsync("queueOrder", HttpMethod.Post, $"/api/{version}/order-submissions", 202, Order($"801PRA{_run}", "DESK0005"), configure: request =>
            {
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                request.Headers.Add("Intake-Priority", "High");
            });
        var submissionId = Id(accepted, "submissionId");
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var status = await SendAsync("getOrderSubmission", HttpMethod.Get, $"/api/{version}/order-submissions/{submissionId}", 200);
            if (status.Json?["status"]?.GetValue<string>() != "queued")
            {
                break;
            }

            await Task.Delay(200);
        }
    }

    private async Task QuotesAsync()
    {
        await SendAsync("getCustomerPrices", HttpMethod.Get, $"/api/{version}/prices?customerId=4&skus=DESK0005,FURN_8855&quantity=2", 200);
        await SendAsync("getCustomerPrices", HttpMethod.Get, $"/api/{version}/prices?customerId=4&skus=NO-SUCH-SKU", 422);
        var key = Guid.NewGuid().ToString();
        var quote = Quote($"0Q0P{_run}");
        var created = await SendAsync("createQuote", HttpMethod.Post, $"/api/{version}/quotes", 201, quote, configure: IdempotencyKey(key));
        await SendAsync("createQuote", HttpMethod.Post, $"/api/{version}/quotes", 201, quote, configure: IdempotencyKey(key));
        var quoteId = Id(created, "quoteId");
        await SendAsync("getQuote", HttpMethod.Get, $"/api/{version}/quotes/{quoteId}", 200);
        await SendAsync("getQuote", HttpMethod.Get, $"/api/{version}/quotes/999999", 404);
        await PageAsync("listQuotes", $"/api/{version}/quotes?customerId=4&limit=1", "quoteId");
        await SendAsync("acceptQuote", HttpMethod.Post, $"/api/{version}/quotes/{quoteId}/accept", 200, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        await SendAsync("cancelQuote", HttpMethod.Post, $"/api/{version}/quotes/{quoteId}/cancel", 409, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        var other = await SendAsync("createQuote", HttpMethod.Post, $"/api/{version}/quotes", 201, Quote($"0Q0Q{_run}"), configure: IdempotencyKey(Guid.NewGuid().ToString()));
        var otherId = Id(other, "quoteId");
        await SendAsync("cancelQuote", HttpMethod.Post, $"/api/{version}/quotes/{otherId}/cancel", 200, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        await SendAsync("acceptQuote", HttpMethod.Post, $"/api/{version}/quotes/{otherId}/accept", 422, configure: IdempotencyKey(Guid.NewGuid().ToString()));
    }

    /// <summary>
    /// Every return operation with the statuses a partner meets without a warehouse: the order just submitted was not
    /// delivered, so its return is refused; no return has the id asked for.
    /// </summary>
    private async Task ReturnsAsync()
    {
        var order = await SendAsync("submitOrder", HttpMethod.Post, $"/api/{version}/orders", 201, Order($"801PRR{_run}", "DESK0005"), configure: IdempotencyKey(Guid.NewGuid().ToString()));
        var orderId = Id(order, "orderId");
        var submission = new JsonObject
        {
            ["salesforceId"] = $"500R{_run}",
            ["reason"] = "Damaged in transit",
            ["lines"] = new JsonArray(new JsonObject { ["sku"] = "DESK0005", ["quantity"] = 1 }),
        };
        await SendAsync("createReturn", HttpMethod.Post, $"/api/{version}/orders/{orderId}/returns", 422, submission, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        await SendAsync("createReturn", HttpMethod.Post, $"/api/{version}/orders/999999/returns", 404, submission, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        await PageAsync("listReturns", $"/api/{version}/returns?orderId={orderId}&limit=1", "returnId");
        await SendAsync("getReturn", HttpMethod.Get, $"/api/{version}/returns/999999", 404);
        await SendAsync("receiveReturn", HttpMethod.Post, $"/api/{version}/returns/999999/receive", 404, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        await FeedAsync("getReturnChanges", $"/api/{version}/returns/changes?limit=2");
    }

    private async Task ExceptionsAsync()
    {
        var keys = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            keys.Add(Guid.NewGuid().ToString());
            await SendAsync("submitOrder", HttpMethod.Post, $"/api/{version}/orders", 422, Order($"801PRX{i}{_run}", "NO-SUCH-SKU"), configure: IdempotencyKey(keys[^1]));
        }

        await PageAsync("listExceptions", $"/api/{version}/exceptions?status=open&limit=1", "exceptionId");
        var open = await SendAsync("listExceptions", HttpMethod.Get, $"/api/{version}/exceptions?status=open&reason=unknown_sku&limit=200", 200);
        var exceptionId = open.Json?["items"]?.AsArray().FirstOrDefault(item => item?["idempotencyKey"]?.GetValue<string>() == keys[0])?["exceptionId"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The refused order is not in the exception queue.");
        var entry = $"/api/{version}/exceptions/{exceptionId}";
        await SendAsync("getException", HttpMethod.Get, entry, 200);
        await SendAsync("replayException", HttpMethod.Post, $"{entry}/replay", 200);
        await SendAsync("resolveException", HttpMethod.Post, $"{entry}/resolve", 200, new JsonObject { ["reason"] = "SKU typo; re-entered" });
        await SendAsync("replayException", HttpMethod.Post, $"{entry}/replay", 409);
        await SendAsync("getException", HttpMethod.Get, $"/api/{version}/exceptions/ffffffffffffffffffffffffffffffff", 404);
    }

    private async Task InvoicesAsync()
    {
        var invoices = await PageAsync("listInvoices", $"/api/{version}/invoices?limit=2", "invoiceId");
        await SendAsync("getInvoice", HttpMethod.Get, $"/api/{version}/invoices/{invoices[0]}", 200);
        await FeedAsync("getInvoiceChanges", $"/api/{version}/invoices/changes?limit=2");
        if (version == "v2")
        {
            var creditNote = new JsonObject { ["salesforceId"] = $"500C{_run}", ["reason"] = "Goods returned", ["full"] = true };
            await SendAsync("createCreditNote", HttpMethod.Post, $"/api/{version}/invoices/999999/credit-notes", 404, creditNote, configure: IdempotencyKey(Guid.NewGuid().ToString()));
            creditNote["lines"] = new JsonArray(new JsonObject { ["sku"] = "DESK0005", ["quantity"] = 1 });
            await SendAsync("createCreditNote", HttpMethod.Post, $"/api/{version}/invoices/{invoices[0]}/credit-notes", 400, creditNote, configure: IdempotencyKey(Guid.NewGuid().ToString()));
        }
    }

    /// <summary>Every page of a list, by <c>nextCursor</c>; the ids in <paramref name="idMember"/>.</summary>
    private async Task<List<string>> PageAsync(string operation, string target, string idMember)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await SendAsync(operation, HttpMethod.Get, cursor is null ? target : $"{target}&cursor={Uri.EscapeDataString(cursor)}", 200);
            ids.AddRange(page.Json?["items"]?.AsArray().Select(item => item![idMember]!.GetValue<string>()) ?? []);
            cursor = page.Json?["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return ids;
    }

    /// <summary>A change feed polled until <c>hasMore</c> is false.</summary>
    private async Task FeedAsync(string operation, string target)
    {
        string? cursor = null;
        for (var more = true; more;)
        {
            var page = await SendAsync(operation, HttpMethod.Get, cursor is null ? target : $"{target}&cursor={Uri.EscapeDataString(cursor)}", 200);
            cursor = page.Json?["nextCursor"]?.GetValue<string>();
            more = page.Json?["hasMore"]?.GetValue<bool>() == true;
        }
    }

    private static JsonObject Order(string salesforceId, string sku) => new()
    {
        ["salesforceId"] = salesforceId,
        ["customerId"] = "4",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 1 }),
    };

    private static JsonObject Quote(string salesforceId) => new()
    {
        ["salesforceId"] = salesforceId,
        ["customerId"] = "4",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = "DESK0005", ["quantity"] = 2 }),
    };

    private static Action<HttpRequestMessage> IdempotencyKey(string key) => request => request.Headers.Add("Idempotency-Key", key);

    private static string Id(Answer answer, string member) =>
        answer.Json?[member]?.GetValue<string>() ?? throw new InvalidOperationException($"No {member} in the answer ({answer.Status}).");

    public void Dispose() => _http.Dispose();
}

public sealed record Answer(int Status, HttpResponseHeaders Headers, JsonNode? Json);
