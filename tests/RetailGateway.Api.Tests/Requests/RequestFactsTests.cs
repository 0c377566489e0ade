using System.Net;
using RetailGateway.Api.Requests;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Requests;

/// <summary>One request, one set of facts: rate limiting, audit, idempotency and the exception queue agree on them.</summary>
public sealed class RequestFactsTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private const string AuditCategory = "RetailGateway.Audit";

    [Theory]
    [InlineData("GET", RequestKind.Read)]
    [InlineData("HEAD", RequestKind.Read)]
    [InlineData("OPTIONS", RequestKind.Read)]
    [InlineData("TRACE", RequestKind.Read)]
    [InlineData("POST", RequestKind.Write)]
    [InlineData("PUT", RequestKind.Write)]
    [InlineData("PATCH", RequestKind.Write)]
    [InlineData("DELETE", RequestKind.Write)]
    internal void SafeMethods_AreReads_EveryOtherMethodIsAWrite(string method, RequestKind expected) =>
        Assert.Equal(expected, RequestFacts.KindOf(method));

    [Theory]
    [InlineData("OPTIONS")]
    [InlineData("HEAD")]
    public async Task OptionsAndHead_SpendTheReadBudget_AndAreNotAudited_AsAGetIs(string method)
    {
        var clientId = TestApi.Unique("sf-facts-");
        var client = gateway.Gateway.ClientFor(clientId, "Stock.Read", "Customers.Write");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/v1/stock/DESK0005"));
        var get = await client.GetAsync("/api/v1/stock/DESK0005");

        Assert.StartsWith("\"read\";", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        Assert.StartsWith("\"read\";", get.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        // Both requests spent from one read bucket: the GET after them sees one token fewer than a lone GET would.
        var remainingAfterFirst = ReadRemaining(response);
        Assert.Equal(remainingAfterFirst - 1, ReadRemaining(get));
        var created = await client.PostJsonAsync("/api/v1/customers", new { name = "After " + method + " Co" });
        Assert.StartsWith("\"write\";", created.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        await created.ExpectAsync(HttpStatusCode.Created);
        await gateway.Gateway.Logs.WaitForAsync(r => r.Category == AuditCategory && r["ClientId"] == clientId && r["Operation"] == "createCustomer");
        Assert.Single(gateway.Gateway.Logs.InCategory(AuditCategory), r => r["ClientId"] == clientId);
    }

    [Fact]
    public async Task ARefusedOrder_IsAuditedAndQueued_UnderTheSameOperationClientKeyAndVersion()
    {
        var clientId = TestApi.Unique("sf-facts-");
        var writer = gateway.Gateway.ClientFor(clientId, "Customers.Write", "Orders.Write");
        var customer = await (await writer.PostJsonAsync("/api/v1/customers", new { name = "Facts Orders Co" })).ExpectAsync(HttpStatusCode.Created);
        var salesforceId = TestApi.Unique("801");
        var order = new { salesforceId, customerId = customer["customerId"]!.GetValue<string>(), lines = new[] { new { sku = TestApi.Unique("NEW-"), quantity = 1 } } };
        var key = Guid.NewGuid().ToString("N");

        // Sent as an RFC 8941 quoted string: every consumer must see the key inside the quotes.
        await (await writer.SubmitOrderAsync(order, $"\"{key}\"")).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");

        var audit = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == AuditCategory && r["ClientId"] == clientId && r["Operation"] == "submitOrder");
        Assert.Equal(key, audit["IdempotencyKey"]);
        Assert.Equal("422", audit["Status"]);
        var operate = gateway.Client("Gateway.Operate");
        var page = await (await operate.GetAsync($"/api/v1/exceptions?clientId={clientId}&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var queued = Assert.Single(page["items"]!.AsArray(), e => e!["salesforceId"]?.GetValue<string>() == salesforceId)!;
        Assert.Equal("submitOrder", queued["operation"]!.GetValue<string>());
        Assert.Equal(clientId, queued["clientId"]!.GetValue<string>());
        Assert.Equal(key, queued["idempotencyKey"]!.GetValue<string>());
        Assert.Equal(1, queued["apiVersion"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnEmptyIdempotencyKey_IsRefusedByIdempotency_AndAuditedAsInvalid()
    {
        var clientId = TestApi.Unique("sf-facts-");
        var writer = gateway.Gateway.ClientFor(clientId, "Customers.Write");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(new { name = "Empty Key Co" }) };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", string.Empty);

        await (await writer.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_idempotency_key");

        var audit = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == AuditCategory && r["ClientId"] == clientId && r["Operation"] == "createCustomer");
        Assert.Equal("invalid", audit["IdempotencyKey"]);
        Assert.Equal("400", audit["Status"]);
    }

    private static int ReadRemaining(HttpResponseMessage response)
    {
        var header = response.Headers.GetValues("RateLimit").Single();
        var start = header.IndexOf(";r=", StringComparison.Ordinal) + 3;
        return int.Parse(header[start..header.IndexOf(';', start)], System.Globalization.CultureInfo.InvariantCulture);
    }
}
