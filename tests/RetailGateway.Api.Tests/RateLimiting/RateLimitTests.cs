using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Api.Idempotency;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Observability;
using StackExchange.Redis;

namespace RetailGateway.Api.Tests.RateLimiting;

/// <summary>Per-client budgets: separate for reads and writes, overridable per client, one budget across instances with Redis.</summary>
public abstract class RateLimitTests(GatewayFixture gateway)
{
    public const int Reads = 5;
    public const int Writes = 3;
    public const string BigClient = "sf-org-production";

    public static void Budgets(IDictionary<string, string> settings)
    {
        // No replenishment within a test run: every request spends a token for good.
        settings["RateLimits:Read:TokenLimit"] = Reads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RateLimits:Read:TokensPerPeriod"] = "1";
        settings["RateLimits:Read:ReplenishmentPeriod"] = "01:00:00";
        settings["RateLimits:Write:TokenLimit"] = Writes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["RateLimits:Write:TokensPerPeriod"] = "1";
        settings["RateLimits:Write:ReplenishmentPeriod"] = "01:00:00";
        settings[$"RateLimits:Clients:{BigClient}:Read:TokenLimit"] = "50";
        settings[$"RateLimits:Clients:{BigClient}:Read:TokensPerPeriod"] = "1";
        settings[$"RateLimits:Clients:{BigClient}:Read:ReplenishmentPeriod"] = "01:00:00";
    }

    protected GatewayFixture Gateway => gateway;

    [Fact]
    public async Task AClientOverItsReadBudget_Gets429WithHeaders_WhileAnotherClientAndItsWritesAreUnaffected()
    {
        var greedy = gateway.Gateway.ClientFor("sf-greedy", "Stock.Read", "Customers.Write");
        var other = gateway.Gateway.ClientFor("sf-other", "Stock.Read");

        var remaining = new List<string>();
        for (var i = 0; i < Reads; i++)
        {
            var ok = await greedy.GetAsync("/api/v1/stock/DESK0005");
            await ok.ExpectAsync(HttpStatusCode.OK);
            remaining.Add(ok.Headers.GetValues("RateLimit").Single());
            Assert.Equal($"\"read\";q={Reads};w=18000", ok.Headers.GetValues("RateLimit-Policy").Single());
        }

        var refused = await greedy.GetAsync("/api/v1/stock/DESK0005");

        await refused.ExpectProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.StartsWith("\"read\";r=0;", refused.Headers.GetValues("RateLimit").Single(), StringComparison.Ordinal);
        Assert.Equal($"\"read\";r={Reads - 1};t=3600", remaining[0]);
        Assert.StartsWith("\"read\";r=0;", remaining[^1], StringComparison.Ordinal);
        await (await other.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        await (await greedy.PostJsonAsync("/api/v1/customers", new { name = "Still writing" })).ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Refusals_AreCountedByClientAndPolicy_AndScraped()
    {
        var clientId = TestApi.Unique("sf-counted-");
        var client = gateway.Gateway.ClientFor(clientId, "Stock.Read", "Customers.Write");
        using var rejections = new MetricCollector<long>(gateway.Gateway.Services.GetRequiredService<IMeterFactory>(), ObservabilitySetup.GatewayMeterName, "retailgateway.rate_limit.rejections");

        for (var i = 0; i < Reads; i++)
        {
            await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        }

        Assert.DoesNotContain(rejections.GetMeasurementSnapshot(), m => Equals(m.Tags["client.id"], clientId));
        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        for (var i = 0; i < Writes; i++)
        {
            await (await client.PostJsonAsync("/api/v1/customers", new { name = "Counted " + i })).ExpectAsync(HttpStatusCode.Created);
        }

        await (await client.PostJsonAsync("/api/v1/customers", new { name = "One too many" })).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");

        var mine = rejections.GetMeasurementSnapshot().Where(m => Equals(m.Tags["client.id"], clientId)).ToList();
        Assert.Equal(2, mine.Where(m => Equals(m.Tags["rate_limit.policy"], "read")).Sum(m => m.Value));
        Assert.Equal(1, mine.Where(m => Equals(m.Tags["rate_limit.policy"], "write")).Sum(m => m.Value));
        Assert.Equal(2, await gateway.Gateway.SampleAsync("retailgateway_rate_limit_rejections_total", $"client_id=\"{clientId}\"", "rate_limit_policy=\"read\""));
        Assert.Equal(1, await gateway.Gateway.SampleAsync("retailgateway_rate_limit_rejections_total", $"client_id=\"{clientId}\"", "rate_limit_policy=\"write\""));
    }

    [Fact]
    public async Task AClientWithAnOverride_HasItsOwnBudget()
    {
        var big = gateway.Gateway.ClientFor(BigClient, "Stock.Read");
        for (var i = 0; i < Reads + 5; i++)
        {
            var response = await big.GetAsync("/api/v1/stock/DESK0006");
            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.StartsWith("\"read\";q=50;", response.Headers.GetValues("RateLimit-Policy").Single(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RefusedTokens_SpendNothing_AndHealthIsNeverLimited()
    {
        var anonymous = gateway.AnonymousClient();
        for (var i = 0; i < Reads + 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/stock/DESK0005")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        }

        var forbidden = gateway.Gateway.ClientFor("sf-forbidden", "Invoices.Read");
        for (var i = 0; i < Reads + 2; i++)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await forbidden.GetAsync("/api/v1/stock/DESK0005")).StatusCode);
        }

        await (await gateway.Gateway.ClientFor("sf-forbidden", "Stock.Read").GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
    }
}

public sealed class RateLimitedGateway : GatewayFixture
{
    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings) => RateLimitTests.Budgets(settings);
}

public class RateLimitedRedisGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        RateLimitTests.Budgets(settings);
    }
}

public sealed class RateLimitsInMemory(RateLimitedGateway gateway) : RateLimitTests(gateway), IClassFixture<RateLimitedGateway>;

public sealed class RateLimitedRedisClusterGateway : RateLimitedRedisGateway
{
    protected override bool OnCluster => true;
}

public abstract class RateLimitsInRedisTests(RedisGateway gateway) : RateLimitTests(gateway)
{
    [Fact]
    public async Task TwoInstancesSharingRedis_EnforceOneBudget()
    {
        var second = await gateway.StartInstanceAsync();
        var clients = new[] { gateway.Gateway.ClientFor("sf-shared", "Stock.Read"), second.ClientFor("sf-shared", "Stock.Read") };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Reads * 2; i++)
        {
            statuses.Add((await clients[i % 2].GetAsync("/api/v1/stock/DESK0005")).StatusCode);
        }

        Assert.Equal(Reads, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(Reads, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}

public sealed class RateLimitsWithRedis(RateLimitedRedisGateway gateway) : RateLimitsInRedisTests(gateway), IClassFixture<RateLimitedRedisGateway>
{
    [Fact]
    public async Task WithRedisDown_LimitsFallBackToTheInstance()
    {
        var client = gateway.Gateway.ClientFor("sf-outage", "Stock.Read");
        await gateway.Server.StopAsync();
        try
        {
            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < Reads + 1; i++)
            {
                statuses.Add((await client.GetAsync("/api/v1/stock/DESK0005")).StatusCode);
            }

            Assert.Equal(Reads, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }
        finally
        {
            await gateway.Server.RestartAsync();
        }
    }
}

[Collection(RedisClusterGroup.Name)]
public sealed class RateLimitsOnRedisCluster(RateLimitedRedisClusterGateway gateway, RedisCluster cluster) : RateLimitsInRedisTests(gateway), IClassFixture<RateLimitedRedisClusterGateway>
{
    [Fact]
    public async Task AClientWhoseBucketsAndIdempotencyRecordAreOnThreeNodes_IsLimitedAndReplayedAsOnOneServer()
    {
        // A client whose read bucket, write bucket and idempotency record three different primaries hold.
        var idempotencyKey = Guid.NewGuid().ToString();
        string clientId;
        var attempt = 0;
        do
        {
            clientId = $"sf-spread-{attempt++}";
        }
        while ((await Task.WhenAll(KeysOf(clientId, idempotencyKey).Select(k => cluster.PortOfAsync(k)))).Distinct().Count() < 3);

        var client = gateway.Gateway.ClientFor(clientId, "Stock.Read", "Customers.Write");
        for (var i = 0; i < Reads; i++)
        {
            await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        }

        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        var customer = new { salesforceId = TestApi.Unique("001"), name = "Spread Co" };
        var created = await (await client.SendAsync(Post(customer, idempotencyKey))).ExpectAsync(HttpStatusCode.Created);
        using var retry = await client.SendAsync(Post(customer, idempotencyKey));
        var replayed = await retry.ExpectAsync(HttpStatusCode.Created);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(created["customerId"]!.ToString(), replayed["customerId"]!.ToString());
        for (var i = 2; i < Writes; i++)
        {
            await (await client.PostJsonAsync("/api/v1/customers", new { name = "Spread " + i })).ExpectAsync(HttpStatusCode.Created);
        }

        await (await client.PostJsonAsync("/api/v1/customers", new { name = "One too many" })).ExpectProblemAsync(HttpStatusCode.TooManyRequests, "quota_exceeded");
        // The keys are where the client was chosen for: each on its own node.
        var holders = new List<int>();
        foreach (var key in KeysOf(clientId, idempotencyKey))
        {
            Assert.Equal(1, await cluster.CountKeysAsync(key.ToString()));
            holders.Add(await cluster.PortOfAsync(key));
        }

        Assert.Equal(3, holders.Distinct().Count());
    }

    /// <summary>The read bucket, the write bucket (RedisRateLimiting's token bucket key) and the idempotency record.</summary>
    private static RedisKey[] KeysOf(string clientId, string idempotencyKey) =>
        [$"rl:tb:{{rg:rl:{clientId}:Read}}", $"rl:tb:{{rg:rl:{clientId}:Write}}", $"rg:idempotency:{IdempotencyKey.Scoped(clientId, idempotencyKey)}"];

    private static HttpRequestMessage Post(object body, string idempotencyKey) =>
        new(HttpMethod.Post, "/api/v1/customers") { Content = System.Net.Http.Json.JsonContent.Create(body), Headers = { { "Idempotency-Key", idempotencyKey } } };
}
