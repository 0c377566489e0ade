using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Caching;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Scopes;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Api.Tests.Caching;

/// <summary>
/// A GET answered wholly from the read cache is answered again from its snapshot, without MVC: the same body and
/// headers, while authentication, permissions, data scopes, rate limits, ETags and invalidation still apply.
/// </summary>
public sealed class ResponseSnapshotTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private const string Batch = "/api/v1/stock?skus=FURN_0006,DESK0005&warehouse=WH";

    private readonly HttpClient _client = gateway.Client("Stock.Read", "Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write");

    private int StockCalls => gateway.Sandbox.Calls.Count("product.product", "search_read");

    /// <summary>Drops every stock entry from the read cache itself, behind the snapshots' back: only a snapshot can answer then.</summary>
    private Task DropStockEntriesAsync() =>
        gateway.Gateway.Services.GetRequiredService<HybridCache>().RemoveByTagAsync(ResourceCache.StockTag).AsTask();

    [Fact]
    public async Task ARepeatedRead_IsAnsweredFromItsSnapshot_WithTheSameBodyAndHeaders_AndItsOwnRateLimitAndCorrelation()
    {
        var first = await _client.GetAsync(Batch);
        var firstBody = await first.Content.ReadAsStringAsync();
        await DropStockEntriesAsync();
        var calls = StockCalls;

        var second = await _client.GetAsync(Batch);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(calls, StockCalls);
        Assert.Equal(firstBody, await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Equal("application/json; charset=utf-8", second.Content.Headers.ContentType!.ToString());
        Assert.Equal(firstBody.Length, second.Content.Headers.ContentLength);
        foreach (var header in new[] { "api-supported-versions", "Deprecation", "Sunset", "Link" })
        {
            Assert.Equal(first.Headers.GetValues(header), second.Headers.GetValues(header));
        }

        Assert.NotEqual(first.Headers.GetValues("RateLimit").Single(), second.Headers.GetValues("RateLimit").Single());
        Assert.NotEqual(first.Headers.GetValues("X-Correlation-Id").Single(), second.Headers.GetValues("X-Correlation-Id").Single());
        Assert.False(second.Headers.Contains("Age"));
    }

    [Fact]
    public async Task IfNoneMatch_OnASnapshot_Answers304_WithTheETagAndVersionHeaders()
    {
        var first = await (await _client.GetAsync(Batch)).ExpectAsync(HttpStatusCode.OK);
        using var plain = await _client.GetAsync(Batch);
        await DropStockEntriesAsync();
        var calls = StockCalls;

        using var request = new HttpRequestMessage(HttpMethod.Get, Batch);
        request.Headers.IfNoneMatch.Add(plain.Headers.ETag!);
        using var conditional = await _client.SendAsync(request);

        Assert.NotNull(first);
        Assert.Equal(HttpStatusCode.NotModified, conditional.StatusCode);
        Assert.Equal(calls, StockCalls);
        Assert.Equal(plain.Headers.ETag, conditional.Headers.ETag);
        Assert.Equal(plain.Headers.GetValues("Deprecation"), conditional.Headers.GetValues("Deprecation"));
        Assert.Empty(await conditional.Content.ReadAsByteArrayAsync());

        using var other = new HttpRequestMessage(HttpMethod.Get, Batch);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"another\""));
        using var changed = await _client.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(await plain.Content.ReadAsStringAsync(), await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASnapshot_StillNeedsAValidTokenAndThePermission()
    {
        await (await _client.GetAsync(Batch)).ExpectAsync(HttpStatusCode.OK);
        await (await _client.GetAsync(Batch)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.AnonymousClient().GetAsync(Batch)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client("Orders.Read").GetAsync(Batch)).StatusCode);
    }

    [Fact]
    public async Task ASnapshot_StillSpendsTheClientsReadBudget()
    {
        var limited = await gateway.StartInstanceAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Read:TokenLimit"] = "3",
            ["RateLimits:Read:TokensPerPeriod"] = "1",
            ["RateLimits:Read:ReplenishmentPeriod"] = "01:00:00",
        });
        var client = limited.Client("Stock.Read");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add((await client.GetAsync(Batch)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task AWrite_EndsTheSnapshotsOfWhatItChanged()
    {
        var url = "/api/v1/stock/FURN_0001?warehouse=WH";
        var before = (await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["available"]!.GetValue<decimal>();
        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var customer = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Snapshot Co" })).ExpectAsync(HttpStatusCode.Created);

        await (await _client.SubmitOrderAsync(new
        {
            salesforceId = TestApi.Unique("801"),
            customerId = customer["customerId"]!.GetValue<string>(),
            lines = new object[] { new { sku = "FURN_0001", quantity = 1 } },
        })).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(before - 1, (await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["available"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task ACustomerRenamedThroughTheGateway_IsReadRenamed()
    {
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Before Snapshot" })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/customers/{created["customerId"]}";
        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

        await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { name = "After Snapshot" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("After Snapshot", (await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["name"]!.GetValue<string>());
    }
}

/// <summary>A snapshot is made for one client under one data scope: another partner asking the same URL is never answered from it.</summary>
public sealed class ResponseSnapshotScopeTests(ScopedJsonRpcGateway gateway) : IClassFixture<ScopedJsonRpcGateway>
{
    [Fact]
    public async Task APartnersSnapshot_NeverAnswersAnotherPartner()
    {
        var world = await gateway.WorldAsync();
        var url = $"/api/v2/orders/{world.Of(ScopedGateway.Acme).Orders[0]}";
        var acme = gateway.As(ScopedGateway.Acme);
        await (await acme.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        await (await acme.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.As(ScopedGateway.Globex).GetAsync(url)).StatusCode);
        await (await gateway.As(ScopedGateway.Retail).GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
    }

    /// <summary>A scoped read checks the record's tag in Odoo every time, so it is never answered from a snapshot.</summary>
    [Fact]
    public async Task ATagRemovedInOdoo_EndsAPartnersAccessAtOnce_EvenAfterRepeatedReads()
    {
        var acme = gateway.As(ScopedGateway.Acme);
        var created = await (await acme.PostJsonAsync("/api/v2/customers", new { name = "Untagged Later" })).ExpectAsync(HttpStatusCode.Created);
        var id = created["customerId"]!.GetValue<string>();
        var url = $"/api/v1/customers/{id}";
        await (await acme.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        await (await acme.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

        using (var scope = gateway.Gateway.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<IOdooClient>().WriteAsync(
                "res.partner", [long.Parse(id, CultureInfo.InvariantCulture)], new JsonObject { ["category_id"] = new JsonArray(new JsonArray(6, 0, new JsonArray())) }, CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await acme.GetAsync(url)).StatusCode);
        await (await gateway.As(ScopedGateway.Retail).GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
    }
}
