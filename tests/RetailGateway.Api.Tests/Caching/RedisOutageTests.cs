using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Caching;

/// <summary>With Redis gone mid-run, the gateway keeps serving and still never duplicates an order.</summary>
public sealed class RedisOutageTests(RedisGateway gateway) : IClassFixture<RedisGateway>
{
    [Fact]
    public async Task WhenRedisStops_ReadsAndWritesContinue_AndARetryStillFindsTheOrder()
    {
        var client = gateway.Client("Stock.Read", "Customers.Write", "Orders.Write", "Orders.Read");
        var customer = await (await client.PostJsonAsync("/api/v1/customers", new { name = "Outage Co" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Healthy", await RedisCheckAsync());

        await gateway.Server.StopAsync();
        var salesforceId = TestApi.Unique("801");
        var order = new { salesforceId, customerId = customer["customerId"]!.GetValue<string>(), lines = new object[] { new { sku = "FURN_0006", quantity = 1 } } };
        var key = Guid.NewGuid().ToString();

        var stock = await client.GetAsync("/api/v1/stock?skus=FURN_0006");
        var first = await client.SubmitOrderAsync(order, key);
        var retry = await client.SubmitOrderAsync(order, key);
        var ready = await gateway.AnonymousClient().GetAsync("/health/ready");
        var redisCheck = await RedisCheckAsync();

        await stock.ExpectAsync(HttpStatusCode.OK);
        var created = await first.ExpectAsync(HttpStatusCode.Created);
        var found = await retry.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(created["orderId"]!.GetValue<string>(), found["orderId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Degraded", (await ready.ReadJsonAsync())["status"]!.GetValue<string>());
        Assert.Equal("Degraded", redisCheck);
    }

    private async Task<string> RedisCheckAsync()
    {
        var report = await (await gateway.AnonymousClient().GetAsync("/health/ready")).ReadJsonAsync();
        return report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "redis")!["status"]!.GetValue<string>();
    }
}
