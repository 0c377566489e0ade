using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Observability;

namespace RetailGateway.Api.Tests.Caching;

/// <summary>Reads are served from cache without hammering Odoo; writes through the gateway invalidate them; ETags work.</summary>
public abstract class CachingTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Stock.Read", "Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Invoices.Read");

    protected GatewayFixture Gateway => gateway;

    protected HttpClient Http => _client;

    [Fact]
    public async Task ConcurrentIdenticalStockMisses_MakeOneOdooCall()
    {
        await _client.GetAsync("/api/v1/stock?skus=DESK0005&warehouse=WH");
        var before = gateway.Sandbox.Calls.Count("product.product", "search_read");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _client.GetAsync("/api/v1/stock?skus=FURN_0002,FURN_0006&warehouse=CHIC1")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 1, gateway.Sandbox.Calls.Count("product.product", "search_read"));
    }

    [Fact]
    public async Task Lookups_AreCountedAsMissThenHit_ByKind_AndScraped()
    {
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Counted Co" })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/customers/{created["customerId"]}";
        using var lookups = new MetricCollector<long>(gateway.Gateway.Services.GetRequiredService<IMeterFactory>(), ObservabilitySetup.GatewayMeterName, "retailgateway.cache.lookups");

        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var first = Assert.Single(lookups.GetMeasurementSnapshot(clear: true));
        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var second = Assert.Single(lookups.GetMeasurementSnapshot());

        Assert.Equal(("customer", "miss", 1L), ((string)first.Tags["cache.kind"]!, (string)first.Tags["cache.result"]!, first.Value));
        Assert.Equal(("customer", "hit", 1L), ((string)second.Tags["cache.kind"]!, (string)second.Tags["cache.result"]!, second.Value));
        Assert.True(await gateway.Gateway.SampleAsync("retailgateway_cache_lookups_total", "cache_kind=\"customer\"", "cache_result=\"hit\"") >= 1);
        Assert.True(await gateway.Gateway.SampleAsync("retailgateway_cache_lookups_total", "cache_kind=\"customer\"", "cache_result=\"miss\"") >= 1);
    }

    [Fact]
    public async Task RepeatedReads_AreServedFromCache_UntilAnOrderChangesStock()
    {
        var customer = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Cache Co" })).ExpectAsync(HttpStatusCode.Created);
        var url = "/api/v1/stock/FURN_0001?warehouse=WH";
        var first = await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        var calls = gateway.Sandbox.Calls.Count("product.product", "search_read");

        for (var i = 0; i < 5; i++)
        {
            await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal(calls, gateway.Sandbox.Calls.Count("product.product", "search_read"));

        await (await _client.SubmitOrderAsync(new
        {
            salesforceId = TestApi.Unique("801"),
            customerId = customer["customerId"]!.GetValue<string>(),
            lines = new object[] { new { sku = "FURN_0001", quantity = 3 } },
        })).ExpectAsync(HttpStatusCode.Created);
        var after = await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

        Assert.True(gateway.Sandbox.Calls.Count("product.product", "search_read") > calls);
        Assert.Equal(first["available"]!.GetValue<decimal>() - 3, after["available"]!.GetValue<decimal>());
    }

    /// <summary>The SKU the stock tests order, another SKU, and batch lookups with and without the ordered one.</summary>
    protected const string Ordered = "/api/v1/stock/FURN_0001?warehouse=WH";
    protected const string Other = "/api/v1/stock/DESK0005?warehouse=WH";
    protected const string BatchWithOrdered = "/api/v1/stock?skus=FURN_0006,FURN_0001&warehouse=WH";
    protected const string BatchWithoutOrdered = "/api/v1/stock?skus=FURN_0006,DESK0005&warehouse=WH";

    protected int StockCalls => gateway.Sandbox.Calls.Count("product.product", "search_read");

    protected async Task<string> OrderAsync(string sku, int quantity)
    {
        var customer = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Stock Tags Co" })).ExpectAsync(HttpStatusCode.Created);
        var order = await (await _client.SubmitOrderAsync(new
        {
            salesforceId = TestApi.Unique("801"),
            customerId = customer["customerId"]!.GetValue<string>(),
            lines = new object[] { new { sku, quantity } },
        })).ExpectAsync(HttpStatusCode.Created);
        return order["orderId"]!.GetValue<string>();
    }

    protected static async Task<decimal> AvailableAsync(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["available"]!.GetValue<decimal>();

    [Fact]
    public async Task AnOrder_ReloadsTheStockOfItsOwnSku_WhileOtherSkusAreServedFromCache()
    {
        var before = await AvailableAsync(_client, Ordered);
        await AvailableAsync(_client, Other);
        await (await _client.GetAsync(BatchWithOrdered)).ExpectAsync(HttpStatusCode.OK);
        await (await _client.GetAsync(BatchWithoutOrdered)).ExpectAsync(HttpStatusCode.OK);

        await OrderAsync("FURN_0001", 2);
        var calls = StockCalls;
        await AvailableAsync(_client, Other);
        await (await _client.GetAsync(BatchWithoutOrdered)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(calls, StockCalls);

        Assert.Equal(before - 2, await AvailableAsync(_client, Ordered));
        Assert.Equal(calls + 1, StockCalls);
        await (await _client.GetAsync(BatchWithOrdered)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(calls + 2, StockCalls);
    }

    [Fact]
    public async Task ACancel_ReloadsTheStockOfItsOwnSku_WhileOtherSkusAreServedFromCache()
    {
        var orderId = await OrderAsync("FURN_0001", 2);
        var reserved = await AvailableAsync(_client, Ordered);
        await AvailableAsync(_client, Other);
        await (await _client.GetAsync(BatchWithoutOrdered)).ExpectAsync(HttpStatusCode.OK);

        await (await _client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        var calls = StockCalls;
        await AvailableAsync(_client, Other);
        await (await _client.GetAsync(BatchWithoutOrdered)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(calls, StockCalls);

        Assert.Equal(reserved + 2, await AvailableAsync(_client, Ordered));
        Assert.Equal(calls + 1, StockCalls);
    }

    /// <summary>A batch of the most SKUs a lookup takes, the ordered one among them: one tag per SKU on one entry.</summary>
    protected static readonly string HundredSkus =
        "/api/v1/stock?warehouse=WH&skus=" + string.Join(',', Enumerable.Range(0, 99).Select(i => $"BULK{i:D3}").Append("FURN_0001"));

    [Fact]
    public async Task AHundredSkuBatch_IsServedFromCache_UntilAnOrderForOneOfItsSkus()
    {
        await (await _client.GetAsync(HundredSkus)).ExpectAsync(HttpStatusCode.OK);
        var calls = StockCalls;
        await (await _client.GetAsync(HundredSkus)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(calls, StockCalls);

        await OrderAsync("FURN_0001", 1);
        calls = StockCalls;
        await (await _client.GetAsync(HundredSkus)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(calls + 1, StockCalls);
    }

    [Fact]
    public async Task Get_AnswersWithAnETag_AndIfNoneMatchGets304WithoutBody()
    {
        var response = await _client.GetAsync("/api/v1/invoices/1");
        await response.ExpectAsync(HttpStatusCode.OK);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag!.IsWeak);

        var conditional = new HttpRequestMessage(HttpMethod.Get, "/api/v1/invoices/1");
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await _client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Patch_WithAStaleIfMatch_Is412_AndWithTheCurrentOne_Succeeds()
    {
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "ETag Co", phone = "+1 555 0100" })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/customers/{created["customerId"]}";
        var read = await _client.GetAsync(url);
        var etag = read.Headers.ETag!;
        await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { phone = "+1 555 0101" })).ExpectAsync(HttpStatusCode.OK);

        var stale = new HttpRequestMessage(HttpMethod.Patch, url) { Content = System.Net.Http.Json.JsonContent.Create(new { phone = "+1 555 0102" }) };
        stale.Headers.IfMatch.Add(etag);
        await (await _client.SendAsync(stale)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");

        var fresh = await _client.GetAsync(url);
        var current = new HttpRequestMessage(HttpMethod.Patch, url) { Content = System.Net.Http.Json.JsonContent.Create(new { phone = "+1 555 0103" }) };
        current.Headers.IfMatch.Add(fresh.Headers.ETag!);
        var updated = await (await _client.SendAsync(current)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("+1 555 0103", updated["phone"]!.GetValue<string>());
        Assert.NotEqual(etag, fresh.Headers.ETag);
    }

    [Fact]
    public async Task Upsert_WithIfMatchForACustomerThatDoesNotExist_Is412()
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{TestApi.Unique("001")}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { name = "Nobody" }),
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"abc\""));
        await (await _client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task Patch_InvalidatesTheCachedCustomer()
    {
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Stale Co" })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/customers/{created["customerId"]}";
        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

        await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { name = "Fresh Co" })).ExpectAsync(HttpStatusCode.OK);
        var read = await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Fresh Co", read["name"]!.GetValue<string>());
    }
}

public sealed class CachingInMemory(JsonRpcGateway gateway) : CachingTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class CachingWithRedis(RedisGateway gateway) : CachingInRedisTests(gateway), IClassFixture<RedisGateway>;

/// <summary>Pub/sub on a cluster: a publish on any node reaches the subscribers on every node.</summary>
[Collection(RedisClusterGroup.Name)]
public sealed class CachingOnRedisCluster(RedisClusterGateway gateway) : CachingInRedisTests(gateway), IClassFixture<RedisClusterGateway>;

public abstract class CachingInRedisTests(RedisGateway gateway) : CachingTests(gateway)
{
    [Fact]
    public async Task AWriteOnOneInstance_InvalidatesTheCacheOfAnother()
    {
        var second = await gateway.StartInstanceAsync();
        var reader = second.Client("Customers.Read");
        var created = await (await Http.PostJsonAsync("/api/v1/customers", new { name = "Before" })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v1/customers/{created["customerId"]}";
        Assert.Equal("Before", (await (await reader.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["name"]!.GetValue<string>());

        await (await Http.SendJsonAsync(HttpMethod.Patch, url, new { name = "After" })).ExpectAsync(HttpStatusCode.OK);

        // Pub/sub delivery to the other instance is asynchronous; it takes milliseconds, the cache TTL is minutes.
        string? name = null;
        for (var attempt = 0; attempt < 50 && name != "After"; attempt++)
        {
            name = (await (await reader.GetAsync(url)).ExpectAsync(HttpStatusCode.OK))["name"]!.GetValue<string>();
            await Task.Delay(20);
        }

        Assert.Equal("After", name);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnOrderOrCancelOnOneInstance_ReloadsOnlyItsSkusStockOnAnother(bool cancel)
    {
        var second = await gateway.StartInstanceAsync();
        var reader = second.Client("Stock.Read");
        var orderId = cancel ? await OrderAsync("FURN_0001", 1) : null;
        var before = await AvailableAsync(reader, Ordered);
        await AvailableAsync(reader, Other);

        if (orderId is null)
        {
            await OrderAsync("FURN_0001", 1);
        }
        else
        {
            await (await Http.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
        }

        // Pub/sub delivery to the other instance is asynchronous; once it reloads the ordered SKU, the message has arrived.
        var expected = before + (cancel ? 1 : -1);
        var available = before;
        for (var attempt = 0; attempt < 50 && available != expected; attempt++)
        {
            available = await AvailableAsync(reader, Ordered);
            await Task.Delay(20);
        }

        Assert.Equal(expected, available);
        var calls = StockCalls;
        await AvailableAsync(reader, Other);
        Assert.Equal(calls, StockCalls);
    }

    [Fact]
    public async Task AnotherInstance_ReadsAHundredSkuBatchFromTheSharedCache()
    {
        var second = await gateway.StartInstanceAsync();
        await (await Http.GetAsync(HundredSkus)).ExpectAsync(HttpStatusCode.OK);
        var calls = StockCalls;

        await (await second.Client("Stock.Read").GetAsync(HundredSkus)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(calls, StockCalls);
    }

    [Fact]
    public async Task AnotherInstance_ReadsFromTheSharedCache()
    {
        var second = await gateway.StartInstanceAsync();
        await (await Http.GetAsync("/api/v1/invoices/2")).ExpectAsync(HttpStatusCode.OK);
        var calls = gateway.Sandbox.Calls.Count("account.move", "read");

        await (await second.Client("Invoices.Read").GetAsync("/api/v1/invoices/2")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(calls, gateway.Sandbox.Calls.Count("account.move", "read"));
    }
}
