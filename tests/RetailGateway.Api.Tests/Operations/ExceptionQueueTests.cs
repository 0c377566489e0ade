using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Api.Operations;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Odoo.Client;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.Operations;

/// <summary>
/// Writes Odoo refuses land in the exception queue with their context, and operators list, replay
/// and resolve them through the real host and sandbox; in memory and in Redis.
/// </summary>
public abstract class ExceptionQueueTests(GatewayFixture gateway)
{
    private readonly HttpClient _writer = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write", "Customers.Read");
    private readonly HttpClient _operator = gateway.Client("Gateway.Operate");

    private async Task<string> NewCustomerAsync()
    {
        var salesforceId = TestApi.Unique("001");
        var created = await (await _writer.PostJsonAsync("/api/v1/customers", new { salesforceId, name = "Exception Co " + salesforceId }))
            .ExpectAsync(HttpStatusCode.Created);
        return created["customerId"]!.GetValue<string>();
    }

    /// <summary>Submits an order for a SKU Odoo does not know yet; returns its Salesforce id, SKU and the queued exception.</summary>
    private async Task<(string SalesforceId, string Sku, string IdempotencyKey, JsonNode Exception)> RefusedOrderAsync()
    {
        var customerId = await NewCustomerAsync();
        var salesforceId = TestApi.Unique("801");
        var sku = TestApi.Unique("NEW-");
        var key = Guid.NewGuid().ToString();
        var order = new { salesforceId, customerId, lines = new object[] { new { sku, quantity = 2 }, new { sku = "DESK0005", quantity = 1 } } };
        await (await _writer.SubmitOrderAsync(order, key)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
        return (salesforceId, sku, key, await FindAsync(salesforceId, "?status=open&reason=unknown_sku"));
    }

    private Task<JsonNode> FindAsync(string salesforceId, string query) =>
        FindAsync(e => e["salesforceId"]?.GetValue<string>() == salesforceId, query, salesforceId);

    private async Task<JsonNode> FindAsync(Func<JsonNode, bool> match, string query, string what)
    {
        var url = "/api/v1/exceptions" + query;
        while (true)
        {
            var page = await (await _operator.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            var found = page["items"]!.AsArray().FirstOrDefault(e => match(e!));
            if (found is not null)
            {
                return found;
            }

            var next = page["nextCursor"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"No exception for {what} in {query}.");
            url = $"/api/v1/exceptions{query}&limit=2&cursor={Uri.EscapeDataString(next)}";
        }
    }

    private static string Id(JsonNode exception) => exception["exceptionId"]!.GetValue<string>();

    [Fact]
    public async Task UnknownSkuOrder_Is422_AndQueuedWithItsContext_ButItsBodyIsNeverLogged()
    {
        using var open = new MetricCollector<int>(gateway.Gateway.Services.GetRequiredService<IMeterFactory>(), ExceptionMetrics.MeterName, "retailgateway.exceptions.open");
        var (salesforceId, sku, key, listed) = await RefusedOrderAsync();

        var exception = await (await _operator.GetAsync($"/api/v2/exceptions/{Id(listed)}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("submitOrder", exception["operation"]!.GetValue<string>());
        Assert.Equal(1, exception["apiVersion"]!.GetValue<int>());
        Assert.Equal(GatewayFixture.DefaultClient, exception["clientId"]!.GetValue<string>());
        Assert.Equal(key, exception["idempotencyKey"]!.GetValue<string>());
        Assert.Equal("POST", exception["method"]!.GetValue<string>());
        Assert.Equal("/api/v1/orders", exception["path"]!.GetValue<string>());
        Assert.Equal(sku, exception["body"]!["lines"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal("unknown_sku", exception["reason"]!.GetValue<string>());
        Assert.Equal(["lines[0].sku"], exception.ErrorFields());
        Assert.Equal(1, exception["attempts"]!.GetValue<int>());
        Assert.Equal("open", exception["status"]!.GetValue<string>());
        Assert.True(DateTimeOffset.UtcNow - exception["occurredAt"]!.GetValue<DateTimeOffset>() < TimeSpan.FromMinutes(1));

        // Other filters leave it out; the client filter keeps it.
        var otherReason = await (await _operator.GetAsync("/api/v1/exceptions?reason=odoo_rejected&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(otherReason["items"]!.AsArray(), e => e!["salesforceId"]?.GetValue<string>() == salesforceId);
        await FindAsync(salesforceId, $"?clientId={GatewayFixture.DefaultClient}");

        Assert.DoesNotContain(gateway.Gateway.Logs.All, log => log.Message.Contains(sku, StringComparison.Ordinal));

        open.RecordObservableInstruments();
        Assert.Contains(open.GetMeasurementSnapshot(), m => Equals(m.Tags["reason"], "unknown_sku") && m.Value >= 1);
    }

    [Fact]
    public async Task OnlyOperators_SeeTheQueue()
    {
        await (await _writer.GetAsync("/api/v1/exceptions")).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _writer.PostJsonAsync("/api/v1/exceptions/0/resolve", new { reason = "no" })).ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await _operator.GetAsync("/api/v1/exceptions")).ExpectAsync(HttpStatusCode.OK);
        await (await _operator.GetAsync("/api/v2/exceptions")).ExpectAsync(HttpStatusCode.OK);
        await (await _operator.GetAsync("/api/v1/exceptions/0190c0de00007000800000000000000")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await _operator.GetAsync("/api/v1/exceptions?cursor=nonsense")).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
    }

    [Fact]
    public async Task Replay_AfterTheDataWasFixed_CreatesTheOrderOnce()
    {
        var (salesforceId, sku, _, listed) = await RefusedOrderAsync();
        var replayUrl = $"/api/v1/exceptions/{Id(listed)}/replay";

        // Still unknown: refused again, still open, one more attempt.
        var refused = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("refused", refused["outcome"]!.GetValue<string>());
        Assert.Equal("open", refused["queuedException"]!["status"]!.GetValue<string>());
        Assert.Equal(2, refused["queuedException"]!["attempts"]!.GetValue<int>());

        // The product is created in Odoo, as a merchandiser would.
        using (var scope = gateway.Gateway.Services.CreateScope())
        {
            var odoo = scope.ServiceProvider.GetRequiredService<IOdooClient>();
            await odoo.CreateAsync("product.product", new JsonObject { ["name"] = "New product " + sku, ["default_code"] = sku }, null, CancellationToken.None);
        }

        var replayed = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("created", replayed["outcome"]!.GetValue<string>());
        var orderId = replayed["resourceId"]!.GetValue<string>();
        Assert.Equal("replayed", replayed["queuedException"]!["status"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        var order = await (await _writer.GetAsync($"/api/v1/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", order["status"]!.GetValue<string>());

        var again = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("existing", again["outcome"]!.GetValue<string>());
        Assert.Equal(orderId, again["resourceId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));

        var open = await (await _operator.GetAsync("/api/v1/exceptions?status=open&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(open["items"]!.AsArray(), e => e!["salesforceId"]?.GetValue<string>() == salesforceId);
    }

    [Fact]
    public async Task Resolve_ClosesTheException_Once()
    {
        var (salesforceId, _, _, listed) = await RefusedOrderAsync();
        var url = $"/api/v1/exceptions/{Id(listed)}";

        var resolved = await (await _operator.PostJsonAsync(url + "/resolve", new { reason = "Order cancelled in Salesforce." })).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("resolved", resolved["status"]!.GetValue<string>());
        Assert.Equal("Order cancelled in Salesforce.", resolved["resolution"]!.GetValue<string>());
        Assert.Equal("resolved", (await (await _operator.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());
        await FindAsync(salesforceId, "?status=resolved");
        var open = await (await _operator.GetAsync("/api/v1/exceptions?status=open&limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(open["items"]!.AsArray(), e => e!["salesforceId"]?.GetValue<string>() == salesforceId);

        // Permanent conflicts: no retry changes them, so neither invites one.
        using var resolvedAgain = await _operator.PostJsonAsync(url + "/resolve", new { reason = "again" });
        await resolvedAgain.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Null(resolvedAgain.Headers.RetryAfter);
        using var replayed = await _operator.PostAsync(url + "/replay", null);
        await replayed.ExpectProblemAsync(HttpStatusCode.Conflict, "conflict");
        Assert.Null(replayed.Headers.RetryAfter);
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        await (await _operator.PostJsonAsync(url + "/resolve", new { })).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task V2Order_ToAnotherCustomersAddress_IsQueuedInV2_AndReplayIsRefusedAgain()
    {
        var customerId = await NewCustomerAsync();
        var stranger = await NewCustomerAsync();
        var salesforceId = TestApi.Unique("801");
        var order = new { salesforceId, customerId, shippingAddressId = stranger, lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };
        await (await _writer.SubmitOrderAsync(order, path: "/api/v2/orders")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_shipping_address");

        var exception = await FindAsync(salesforceId, "?reason=unknown_shipping_address");
        Assert.Equal(2, exception["apiVersion"]!.GetValue<int>());
        Assert.Equal("/api/v2/orders", exception["path"]!.GetValue<string>());
        Assert.Equal(stranger, exception["body"]!["shippingAddressId"]!.GetValue<string>());

        var replay = await (await _operator.PostAsync($"/api/v2/exceptions/{Id(exception)}/replay", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("refused", replay["outcome"]!.GetValue<string>());
        Assert.Equal("unknown_shipping_address", replay["queuedException"]!["reason"]!.GetValue<string>());
        Assert.Equal(2, replay["queuedException"]!["attempts"]!.GetValue<int>());
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
    }

    [Fact]
    public async Task OrderOdooRefuses_ForACreditHold_IsQueuedWithOdoosMessage_AndReplayedOnceAfterTheHoldIsLifted()
    {
        var customerId = await NewCustomerAsync();
        var partnerId = int.Parse(customerId, CultureInfo.InvariantCulture);
        var salesforceId = TestApi.Unique("801");
        var key = Guid.NewGuid().ToString();
        var order = new { salesforceId, customerId, lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };
        gateway.Sandbox.Data.HoldCredit(partnerId, true);
        try
        {
            var problem = await (await _writer.SubmitOrderAsync(order, key, "/api/v2/orders")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "odoo_rejected");
            var odooMessage = problem["detail"]!.GetValue<string>();
            Assert.Contains("is on credit hold", odooMessage, StringComparison.Ordinal);

            var listed = await FindAsync(salesforceId, "?status=open&reason=odoo_rejected");
            var exception = await (await _operator.GetAsync($"/api/v1/exceptions/{Id(listed)}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("submitOrder", exception["operation"]!.GetValue<string>());
            Assert.Equal(2, exception["apiVersion"]!.GetValue<int>());
            Assert.Equal(GatewayFixture.DefaultClient, exception["clientId"]!.GetValue<string>());
            Assert.Equal(key, exception["idempotencyKey"]!.GetValue<string>());
            Assert.Equal("POST", exception["method"]!.GetValue<string>());
            Assert.Equal("/api/v2/orders", exception["path"]!.GetValue<string>());
            Assert.Equal(customerId, exception["body"]!["customerId"]!.GetValue<string>());
            Assert.Equal("DESK0005", exception["body"]!["lines"]![0]!["sku"]!.GetValue<string>());
            Assert.Equal(odooMessage, exception["detail"]!.GetValue<string>());
            Assert.Equal(1, exception["attempts"]!.GetValue<int>());
            Assert.Equal("open", exception["status"]!.GetValue<string>());
            // Odoo created the order before refusing to confirm it: one draft, as in Odoo.
            Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));

            var replayUrl = $"/api/v1/exceptions/{Id(listed)}/replay";
            var refused = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("refused", refused["outcome"]!.GetValue<string>());
            Assert.Equal("odoo_rejected", refused["queuedException"]!["reason"]!.GetValue<string>());
            Assert.Contains("is on credit hold", refused["queuedException"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("open", refused["queuedException"]!["status"]!.GetValue<string>());
            Assert.Equal(2, refused["queuedException"]!["attempts"]!.GetValue<int>());
            Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));

            gateway.Sandbox.Data.HoldCredit(partnerId, false);

            // The replay confirms the draft the first attempt left, and there is still one order.
            var replayed = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("confirmed", replayed["outcome"]!.GetValue<string>());
            Assert.Equal("replayed", replayed["queuedException"]!["status"]!.GetValue<string>());
            Assert.Equal(3, replayed["queuedException"]!["attempts"]!.GetValue<int>());
            var orderId = replayed["resourceId"]!.GetValue<string>();
            Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
            Assert.Equal("sale", gateway.Sandbox.Data.OrderState(int.Parse(orderId, CultureInfo.InvariantCulture)));
            var confirmed = await (await _writer.GetAsync($"/api/v2/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("confirmed", confirmed["status"]!.GetValue<string>());
            Assert.Equal(salesforceId, confirmed["salesforceId"]!.GetValue<string>());

            var again = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("existing", again["outcome"]!.GetValue<string>());
            Assert.Equal(orderId, again["resourceId"]!.GetValue<string>());
            Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        }
        finally
        {
            gateway.Sandbox.Data.HoldCredit(partnerId, false);
        }
    }

    [Fact]
    public async Task QuoteRefusals_AreQueued_AndAnAcceptanceOdooRefusedIsReplayedOnceTheHoldIsLifted()
    {
        using var quotes = gateway.Client("Quotes.Read", "Quotes.Write");
        var customerId = await NewCustomerAsync();
        var partnerId = int.Parse(customerId, CultureInfo.InvariantCulture);
        var unknownSku = TestApi.Unique("0Q0");
        await (await quotes.SubmitOrderAsync(new { salesforceId = unknownSku, customerId, lines = new object[] { new { sku = "NO-SUCH-SKU", quantity = 1 } } }, path: "/api/v2/quotes"))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
        var refusedCreate = await FindAsync(unknownSku, "?status=open&reason=unknown_sku");
        Assert.Equal("createQuote", refusedCreate["operation"]!.GetValue<string>());

        var quoteId = (await (await quotes.SubmitOrderAsync(new { salesforceId = TestApi.Unique("0Q0"), customerId, lines = new object[] { new { sku = "DESK0005", quantity = 1 } } }, path: "/api/v2/quotes"))
            .ExpectAsync(HttpStatusCode.Created))["quoteId"]!.GetValue<string>();
        var key = Guid.NewGuid().ToString();
        gateway.Sandbox.Data.HoldCredit(partnerId, true);
        try
        {
            using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/v2/quotes/{quoteId}/accept") { Headers = { { "Idempotency-Key", key } } };
            await (await quotes.SendAsync(accept)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "odoo_rejected");
            var listed = await FindAsync(e => e["idempotencyKey"]?.GetValue<string>() == key, "?status=open&reason=odoo_rejected", key);
            Assert.Equal("acceptQuote", listed["operation"]!.GetValue<string>());
            Assert.Equal("draft", gateway.Sandbox.Data.OrderState(int.Parse(quoteId, CultureInfo.InvariantCulture)));

            gateway.Sandbox.Data.HoldCredit(partnerId, false);
            var replayUrl = $"/api/v2/exceptions/{Id(listed)}/replay";
            var replayed = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
            var again = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);

            Assert.Equal("confirmed", replayed["outcome"]!.GetValue<string>());
            Assert.Equal(quoteId, replayed["resourceId"]!.GetValue<string>());
            Assert.Equal("existing", again["outcome"]!.GetValue<string>());
            Assert.Equal("sale", gateway.Sandbox.Data.OrderState(int.Parse(quoteId, CultureInfo.InvariantCulture)));
        }
        finally
        {
            gateway.Sandbox.Data.HoldCredit(partnerId, false);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task CustomerUpdateOdooRefuses_IsQueued_AndReplayWritesItOnceFixed_WhateverItsIfMatch(int version)
    {
        var customerId = await NewCustomerAsync();
        var url = $"/api/v{version}/customers/{customerId}";
        var etag = (await _writer.GetAsync(url)).Headers.ETag ?? throw new Xunit.Sdk.XunitException("No ETag.");
        gateway.Sandbox.Data.VerifyVat(true);
        try
        {
            using var patch = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(new { vatNumber = "12-345", phone = "+1 555 0142" }) };
            patch.Headers.IfMatch.Add(etag);
            var problem = await (await _writer.SendAsync(patch)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "odoo_rejected");
            Assert.Contains("VAT number [12-345]", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            var listed = await FindAsync(e => e["targetId"]?.GetValue<string>() == customerId, "?status=open&reason=odoo_rejected", "customer " + customerId);
            Assert.Equal("updateCustomer", listed["operation"]!.GetValue<string>());
            Assert.Equal(version, listed["apiVersion"]!.GetValue<int>());
            Assert.Equal("PATCH", listed["method"]!.GetValue<string>());
            Assert.Equal(url, listed["path"]!.GetValue<string>());
            Assert.Equal("12-345", listed["body"]!["vatNumber"]!.GetValue<string>());
            Assert.Equal(problem["detail"]!.GetValue<string>(), listed["detail"]!.GetValue<string>());

            var replayUrl = $"/api/v1/exceptions/{Id(listed)}/replay";
            var refused = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("refused", refused["outcome"]!.GetValue<string>());
            Assert.Equal(2, refused["queuedException"]!["attempts"]!.GetValue<int>());

            // Meanwhile the customer changed (its ETag with it), and the company stopped verifying VAT numbers.
            await (await _writer.SendJsonAsync(HttpMethod.Patch, url, new { name = "Renamed Co " + customerId })).ExpectAsync(HttpStatusCode.OK);
            gateway.Sandbox.Data.VerifyVat(false);

            var replayed = await (await _operator.PostAsync(replayUrl, null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("updated", replayed["outcome"]!.GetValue<string>());
            Assert.Equal(customerId, replayed["resourceId"]!.GetValue<string>());
            Assert.Equal("replayed", replayed["queuedException"]!["status"]!.GetValue<string>());
            var customer = await (await _writer.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("12-345", customer["vatNumber"]!.GetValue<string>());
            Assert.Equal("+1 555 0142", customer["phone"]!.GetValue<string>());
            Assert.Equal("Renamed Co " + customerId, customer["name"]!.GetValue<string>());
        }
        finally
        {
            gateway.Sandbox.Data.VerifyVat(false);
        }
    }

    /// <summary>
    /// An entry recorded by a gateway that checked less (before the rules were the same on every path)
    /// is held to today's rules on replay: a 400 naming the field, nothing sent to Odoo, the entry left open.
    /// </summary>
    [Theory]
    [InlineData(ExceptionReplayer.UpdateCustomer, 1, "email")]
    [InlineData(ExceptionReplayer.UpdateCustomer, 2, "email")]
    [InlineData(ExceptionReplayer.UpsertCustomer, 2, "email")]
    [InlineData(ExceptionReplayer.SubmitOrder, 1, "lines[0].quantity")]
    [InlineData(ExceptionReplayer.SubmitOrder, 2, "lines[0].quantity")]
    public async Task Replay_OfARecordedBodyAFieldsRuleRefuses_Is400_AndNothingReachesOdoo(string operation, int version, string field)
    {
        var customerId = await NewCustomerAsync();
        var salesforceId = TestApi.Unique(operation == ExceptionReplayer.SubmitOrder ? "801" : "001");
        object body = operation == ExceptionReplayer.SubmitOrder
            ? new { salesforceId, customerId, lines = new object[] { new { sku = "DESK0005", quantity = 0 } } }
            : new { name = "Recorded Co", email = "not-an-email" };
        var now = DateTimeOffset.UtcNow;
        var entry = new QueuedException
        {
            ExceptionId = Guid.CreateVersion7(now).ToString("N"),
            Operation = operation,
            ApiVersion = version,
            ClientId = "recorded-client",
            SalesforceId = operation == ExceptionReplayer.UpdateCustomer ? null : salesforceId,
            TargetId = operation == ExceptionReplayer.UpdateCustomer ? customerId : null,
            Method = "POST",
            Path = $"/api/v{version}/recorded",
            Body = System.Text.Json.JsonSerializer.SerializeToElement(body, TestApi.JsonOptions),
            Reason = "odoo_rejected",
            Detail = "Recorded before the rule.",
            OccurredAt = now,
            UpdatedAt = now,
            Attempts = 1,
            Status = ExceptionStatus.Open,
        };
        await gateway.Gateway.Services.GetRequiredService<IExceptionStore>().AddAsync(entry, CancellationToken.None);
        var odooCalls = gateway.Sandbox.Calls.Total;

        var problem = await (await _operator.PostAsync($"/api/v1/exceptions/{entry.ExceptionId}/replay", null)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(odooCalls, gateway.Sandbox.Calls.Total);
        var kept = await (await _operator.GetAsync($"/api/v1/exceptions/{entry.ExceptionId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", kept["status"]!.GetValue<string>());
        Assert.Equal(1, kept["attempts"]!.GetValue<int>());
    }

    [Fact]
    public async Task ClosedExceptions_ExpireAfterTheRetention_OpenOnesNever()
    {
        var instance = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Operations:ClosedRetention"] = "00:00:01" });
        using var writer = instance.Client("Orders.Write", "Customers.Write");
        using var operate = instance.Client("Gateway.Operate");
        var customer = await (await writer.PostJsonAsync("/api/v1/customers", new { salesforceId = TestApi.Unique("001"), name = "Retention Co" })).ExpectAsync(HttpStatusCode.Created);
        var ids = new List<string>();
        foreach (var salesforceId in new[] { TestApi.Unique("801"), TestApi.Unique("801") })
        {
            var order = new { salesforceId, customerId = customer["customerId"]!.GetValue<string>(), lines = new object[] { new { sku = TestApi.Unique("GONE-"), quantity = 1 } } };
            await (await writer.SubmitOrderAsync(order)).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");
            var listed = await (await operate.GetAsync("/api/v1/exceptions?status=open&reason=unknown_sku&limit=200")).ExpectAsync(HttpStatusCode.OK);
            ids.Add(Id(listed["items"]!.AsArray().Single(e => e!["salesforceId"]!.GetValue<string>() == salesforceId)!));
        }

        var (closed, open) = (ids[0], ids[1]);
        await (await operate.PostJsonAsync($"/api/v1/exceptions/{closed}/resolve", new { reason = "Duplicate of another order." })).ExpectAsync(HttpStatusCode.OK);

        // Behaviour, not speed: the deadline only stops a broken expiry from hanging the run.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await operate.GetAsync($"/api/v1/exceptions/{closed}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "The resolved exception never expired.");
            await Task.Delay(100);
        }

        var all = await (await operate.GetAsync("/api/v1/exceptions?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(all["items"]!.AsArray(), e => Id(e!) == closed);
        await AssertNotIndexedAsync(closed);

        // Opened before the other was closed, so older than the retention by now: still there, still open.
        var kept = await (await operate.GetAsync($"/api/v1/exceptions/{open}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", kept["status"]!.GetValue<string>());
        Assert.Contains(all["items"]!.AsArray(), e => Id(e!) == open);
    }

    /// <summary>Where the store keeps an index, listing has dropped the expired entry's id from it.</summary>
    protected virtual Task AssertNotIndexedAsync(string exceptionId) => Task.CompletedTask;
}

public sealed class ExceptionQueueInMemory(JsonRpcGateway gateway) : ExceptionQueueTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class ExceptionQueueOverJson2(Json2Gateway gateway) : ExceptionQueueTests(gateway), IClassFixture<Json2Gateway>;

public sealed class ExceptionQueueWithRedis(RedisGateway gateway) : ExceptionQueueInRedisTests(gateway), IClassFixture<RedisGateway>;

[Collection(RedisClusterGroup.Name)]
public sealed class ExceptionQueueOnRedisCluster(RedisClusterGateway gateway) : ExceptionQueueInRedisTests(gateway), IClassFixture<RedisClusterGateway>;

public abstract class ExceptionQueueInRedisTests(RedisGateway gateway) : ExceptionQueueTests(gateway)
{
    protected override async Task AssertNotIndexedAsync(string exceptionId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(gateway.Redis.ConnectionString);
        var db = redis.GetDatabase();
        Assert.Null(await db.SortedSetScoreAsync("rg:{exceptions}:all", exceptionId));
        Assert.Null(await db.SortedSetScoreAsync("rg:{exceptions}:open", exceptionId));
        Assert.False(await db.KeyExistsAsync($"rg:{{exceptions}}:entry:{exceptionId}"));
    }
}