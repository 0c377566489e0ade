using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Audit;

/// <summary>Every write leaves one audit event with who, what, key, outcome and trace id, and nothing personal.</summary>
public sealed class AuditTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private const string AuditCategory = "RetailGateway.Audit";

    private CapturedLogs Logs => gateway.Gateway.Logs;

    private Task<CapturedLog> AuditEventAsync(string clientId, string operation, int? nth = null) =>
        Logs.WaitForAsync(r => r.Category == AuditCategory && r["ClientId"] == clientId && r["Operation"] == operation
            && (nth is null || Logs.InCategory(AuditCategory).Count(e => e["ClientId"] == clientId && e["Operation"] == operation) >= nth));

    [Fact]
    public async Task CreateCustomer_IsAudited_WithIdsKeyOutcomeAndTrace_ButNoPersonalData()
    {
        var clientId = TestApi.Unique("sf-audit-");
        var salesforceId = TestApi.Unique("001");
        var email = $"{TestApi.Unique("jane.")}@example.com".ToLowerInvariant();
        var client = gateway.Gateway.ClientFor(clientId, "Customers.Write");
        var key = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { salesforceId, name = "Jane Privatename", email, phone = "+1 555 0199" }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var created = await (await client.SendAsync(request)).ExpectAsync(HttpStatusCode.Created);

        var audit = await AuditEventAsync(clientId, "createCustomer");
        Assert.Equal("201", audit["Status"]);
        Assert.Equal($"customerId={created["customerId"]} salesforceId={salesforceId}", audit["ResourceIds"]);
        Assert.Equal(key, audit["IdempotencyKey"]);
        Assert.Equal("False", audit["Replayed"]);
        Assert.False(string.IsNullOrEmpty(audit["TraceId"]));
        Assert.Single(Logs.InCategory(AuditCategory), r => r["ClientId"] == clientId);

        var everything = string.Join('\n', Logs.All.Select(r => r.Message + string.Join(' ', r.Values.Values)));
        Assert.DoesNotContain(email, everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Privatename", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("555 0199", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(client.DefaultRequestHeaders.Authorization!.Parameter!, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdsFromTheCaller_WithLineBreaksOrEscapes_AreEscapedInTheAuditLine()
    {
        var clientId = TestApi.Unique("sf-audit-");
        var client = gateway.Gateway.ClientFor(clientId, "Customers.Write");
        const string Forged = "1\r\ninfo: RetailGateway.Audit[4000]\u001b[2J";
        await client.SendJsonAsync(HttpMethod.Patch, "/api/v1/customers/" + Uri.EscapeDataString(Forged), new { phone = "+1 555 0142" });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/customers/by-salesforce-id/" + Uri.EscapeDataString(Forged), new { name = "Forged Co" });

        foreach (var operation in new[] { "updateCustomer", "upsertCustomerBySalesforceId" })
        {
            var audit = await AuditEventAsync(clientId, operation);
            Assert.DoesNotContain('\r', audit.Message);
            Assert.DoesNotContain('\n', audit.Message);
            Assert.DoesNotContain('\u001b', audit.Message);
            Assert.Contains(@"=1\r\ninfo: RetailGateway.Audit[4000]\u001b[2J", audit.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PatchAndUpsert_AreAudited_WithTheCustomersIds()
    {
        var clientId = TestApi.Unique("sf-audit-");
        var salesforceId = TestApi.Unique("001");
        var client = gateway.Gateway.ClientFor(clientId, "Customers.Write");
        var upserted = await (await client.SendJsonAsync(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{salesforceId}", new { name = "Upsert Co" }))
            .ExpectAsync(HttpStatusCode.Created);
        var customerId = upserted["customerId"]!.GetValue<string>();
        await (await client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/customers/{customerId}", new { phone = "+1 555 0142" })).ExpectAsync(HttpStatusCode.OK);

        var upsert = await AuditEventAsync(clientId, "upsertCustomerBySalesforceId");
        Assert.Equal("201", upsert["Status"]);
        Assert.Equal($"customerId={customerId} salesforceId={salesforceId}", upsert["ResourceIds"]);
        Assert.Equal("none", upsert["IdempotencyKey"]);
        var patch = await AuditEventAsync(clientId, "updateCustomer");
        Assert.Equal("200", patch["Status"]);
        Assert.Equal($"customerId={customerId} salesforceId={salesforceId}", patch["ResourceIds"]);
    }

    [Fact]
    public async Task SubmitReplayAndCancel_AreEachAudited()
    {
        var clientId = TestApi.Unique("sf-audit-");
        var client = gateway.Gateway.ClientFor(clientId, "Customers.Write", "Orders.Write");
        var customer = await (await client.PostJsonAsync("/api/v1/customers", new { name = "Audit Orders Co" })).ExpectAsync(HttpStatusCode.Created);
        var customerId = customer["customerId"]!.GetValue<string>();
        var salesforceId = TestApi.Unique("801");
        var order = new { salesforceId, customerId, lines = new[] { new { sku = "DESK0005", quantity = 1 } } };
        var key = Guid.NewGuid().ToString();

        var submitted = await (await client.SubmitOrderAsync(order, key)).ExpectAsync(HttpStatusCode.Created);
        var orderId = submitted["orderId"]!.GetValue<string>();
        var replay = await client.SubmitOrderAsync(order, key);
        await replay.ExpectAsync(HttpStatusCode.Created);
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        await (await client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);

        await AuditEventAsync(clientId, "submitOrder", nth: 2);
        var submits = Logs.InCategory(AuditCategory).Where(r => r["ClientId"] == clientId && r["Operation"] == "submitOrder").ToList();
        Assert.Equal(2, submits.Count);
        Assert.All(submits, e => Assert.Equal(key, e["IdempotencyKey"]));
        Assert.All(submits, e => Assert.Equal("201", e["Status"]));
        Assert.Equal(["False", "True"], submits.Select(e => e["Replayed"]).Order());
        Assert.Equal($"customerId={customerId} orderId={orderId} salesforceId={salesforceId}", submits.Single(e => e["Replayed"] == "False")["ResourceIds"]);
        var cancel = await AuditEventAsync(clientId, "cancelOrder");
        Assert.Equal("200", cancel["Status"]);
        Assert.Equal($"customerId={customerId} orderId={orderId} salesforceId={salesforceId}", cancel["ResourceIds"]);
    }

    [Fact]
    public async Task AFailedWrite_IsAuditedWithItsStatus_AndTheTraceIdOfItsProblem()
    {
        var clientId = TestApi.Unique("sf-audit-");
        var response = await gateway.Gateway.ClientFor(clientId, "Orders.Write").PostAsync("/api/v1/orders/99999999/cancel", null);
        var problem = await response.ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");

        var audit = await AuditEventAsync(clientId, "cancelOrder");
        Assert.Equal("404", audit["Status"]);
        Assert.Equal("orderId=99999999", audit["ResourceIds"]);
        Assert.Equal(problem["traceId"]!.GetValue<string>(), audit["TraceId"]);
    }

    [Fact]
    public async Task Reads_AreNotAudited()
    {
        var clientId = TestApi.Unique("sf-audit-");
        var client = gateway.Gateway.ClientFor(clientId, "Stock.Read", "Customers.Write");
        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        // A write after the read: once its event is there, the read's would have been too.
        await (await client.PostJsonAsync("/api/v1/customers", new { name = "After Read Co" })).ExpectAsync(HttpStatusCode.Created);
        await AuditEventAsync(clientId, "createCustomer");
        Assert.Single(Logs.InCategory(AuditCategory), r => r["ClientId"] == clientId);
    }
}
