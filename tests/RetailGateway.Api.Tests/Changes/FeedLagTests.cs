using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Api.Changes;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Observability;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.Changes;

/// <summary>
/// Each page a client reads of a change feed moves that client's lag gauge: far behind while it reads
/// old changes, about the settle window once it has caught up. In memory and in Redis.
/// </summary>
public abstract class FeedLagTests(GatewayFixture gateway)
{
    private const string FeedLag = "retailgateway.changes.feed_lag";

    /// <summary>The default <c>ChangeFeed:SettleWindow</c>: a caught-up client is this far behind.</summary>
    private static readonly TimeSpan SettleWindow = TimeSpan.FromSeconds(10);

    protected GatewayFixture Gateway => gateway;

    protected static MetricCollector<double> Collect(GatewayInstance instance, string instrument) =>
        new(instance.Services.GetRequiredService<IMeterFactory>(), ObservabilitySetup.GatewayMeterName, instrument);

    /// <summary>The gauge's current value for one feed and client, or null when it has none.</summary>
    protected static double? Read(MetricCollector<double> gauge, string feed, string clientId)
    {
        gauge.RecordObservableInstruments();
        var reading = gauge.GetMeasurementSnapshot(clear: true)
            .Where(m => Equals(m.Tags["feed"], feed) && Equals(m.Tags["client.id"], clientId))
            .ToList();
        return reading.Count == 0 ? null : Assert.Single(reading).Value;
    }

    [Fact]
    public async Task ReadingAFeed_MovesItsLagGauge_TaggedByFeedAndClient()
    {
        var clientId = TestApi.Unique("sf-lag-");
        var client = gateway.Gateway.ClientFor(clientId, "Orders.Read", "Invoices.Read");
        using var lag = Collect(gateway.Gateway, FeedLag);
        using var fetchAge = Collect(gateway.Gateway, "retailgateway.changes.last_fetch_age");
        Assert.Null(Read(lag, "orders", clientId));

        // Every order last changed two hours ago, all in one second: the first page of one is far behind.
        var orderIds = await client.ReadAllPagesAsync("/api/v1/orders", 200, "orderId");
        Assert.True(orderIds.Count > 1, "The seed holds more than one order.");
        var twoHoursAgo = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddHours(-2).ToUnixTimeSeconds());
        gateway.Sandbox.Data.SetWriteDates("sale.order", orderIds.ToDictionary(id => int.Parse(id, CultureInfo.InvariantCulture), _ => twoHoursAgo));

        var first = await (await client.GetAsync("/api/v1/orders/changes?limit=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.True(first["hasMore"]!.GetValue<bool>());
        var behind = Read(lag, "orders", clientId);
        Assert.InRange(behind!.Value, TimeSpan.FromHours(2).TotalSeconds, TimeSpan.FromHours(2).TotalSeconds + 60);
        Assert.InRange(Read(fetchAge, "orders", clientId)!.Value, 0, 60);
        Assert.Null(Read(lag, "invoices", clientId));

        // Caught up: behind only by the settle window (and the time since the last page).
        var cursor = first["nextCursor"]!.GetValue<string>();
        while (true)
        {
            var page = await (await client.GetAsync($"/api/v1/orders/changes?limit=200&cursor={cursor}")).ExpectAsync(HttpStatusCode.OK);
            cursor = page["nextCursor"]!.GetValue<string>();
            if (!page["hasMore"]!.GetValue<bool>())
            {
                break;
            }
        }

        Assert.InRange(Read(lag, "orders", clientId)!.Value, SettleWindow.TotalSeconds, SettleWindow.TotalSeconds + 30);

        await (await client.GetAsync("/api/v1/invoices/changes?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(Read(lag, "invoices", clientId));
        Assert.Null(Read(lag, "orders", TestApi.Unique("sf-never-polled-")));

        var scraped = await gateway.Gateway.SampleAsync("retailgateway_changes_feed_lag_seconds", $"client_id=\"{clientId}\"", "feed=\"orders\"");
        Assert.InRange(scraped, SettleWindow.TotalSeconds, SettleWindow.TotalSeconds + 30);
    }

    [Fact]
    public async Task AClientThatStopsPolling_FallsFurtherBehind()
    {
        var clientId = TestApi.Unique("sf-stopped-");
        var client = gateway.Gateway.ClientFor(clientId, "Invoices.Read");
        using var lag = Collect(gateway.Gateway, FeedLag);
        await (await client.GetAsync("/api/v1/invoices/changes?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var before = Read(lag, "invoices", clientId)!.Value;

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.InRange(Read(lag, "invoices", clientId)!.Value, before + 1, before + 30);
    }
}

public sealed class FeedLagInMemory(JsonRpcGateway gateway) : FeedLagTests(gateway), IClassFixture<JsonRpcGateway>;

[Collection(RedisClusterGroup.Name)]
public sealed class FeedLagOnRedisCluster(RedisClusterGateway gateway) : FeedLagInRedisTests(gateway), IClassFixture<RedisClusterGateway>;

public abstract class FeedLagInRedisTests(RedisGateway gateway) : FeedLagTests(gateway)
{
    protected RedisGateway RedisGateway => gateway;

    [Fact]
    public async Task FeedPositions_AreKeptInRedis_AndSeenByEveryInstance()
    {
        var clientId = TestApi.Unique("sf-shared-lag-");
        await (await gateway.Gateway.ClientFor(clientId, "Orders.Read").GetAsync("/api/v1/orders/changes?limit=200")).ExpectAsync(HttpStatusCode.OK);

        var redis = gateway.Gateway.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        Assert.True(await redis.HashExistsAsync(RedisFeedConsumptions.Key, $"orders:{clientId}"));
        var second = await gateway.StartInstanceAsync();
        using var lag = Collect(second, "retailgateway.changes.feed_lag");
        Assert.NotNull(Read(lag, "orders", clientId));
    }
}

public sealed class FeedLagWithRedis(RedisGateway gateway) : FeedLagInRedisTests(gateway), IClassFixture<RedisGateway>
{
    [Fact]
    public async Task WithRedisDown_TheFeedIsStillServed()
    {
        var client = RedisGateway.Gateway.ClientFor(TestApi.Unique("sf-outage-"), "Orders.Read");
        await RedisGateway.Server.StopAsync();
        try
        {
            await (await client.GetAsync("/api/v1/orders/changes?limit=5")).ExpectAsync(HttpStatusCode.OK);
            using var lag = Collect(RedisGateway.Gateway, "retailgateway.changes.feed_lag");
            lag.RecordObservableInstruments();
            Assert.Empty(lag.GetMeasurementSnapshot());
        }
        finally
        {
            await RedisGateway.Server.RestartAsync();
        }
    }
}
