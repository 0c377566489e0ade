using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Api.Observability;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Scopes;
using RetailGateway.OdooSandbox;

namespace RetailGateway.Api.Tests.Caching;

/// <summary>Stale-read settings: customers, orders and invoices uncached (TTL 0), stock cached for one second, fast Odoo budgets.</summary>
internal static class StaleReads
{
    public static void AddSettings(IDictionary<string, string> settings)
    {
        foreach (var (key, value) in FaultyOdooGateway.TestResilience)
        {
            settings[key] = value!;
        }

        settings["Odoo:Resilience:CircuitBreakDuration"] = "00:00:01";
        settings["Caching:StockTtl"] = "00:00:01";
        settings["Caching:CustomerTtl"] = "00:00:00";
        settings["Caching:OrderTtl"] = "00:00:00";
        settings["Caching:InvoiceTtl"] = "00:00:00";
    }

    /// <summary>Every Odoo call answers 503 (Odoo restarting behind its proxy) until the returned scope ends; then waits until reads pass again.</summary>
    public static IAsyncDisposable OdooDown(OdooSandboxServer sandbox, HttpClient client)
    {
        sandbox.Faults.SetRate(SandboxFaultKind.ServiceUnavailable, 1);
        return new Restore(sandbox, client);
    }

    public static void AssertMarkedStale(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Age is { } age && age >= TimeSpan.Zero, "Age header");
        var asOf = DateTimeOffset.Parse(Assert.Single(response.Headers.GetValues("X-RetailGateway-Stale")), CultureInfo.InvariantCulture);
        Assert.InRange(asOf, DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow);
    }

    public static void AssertMarkedStaleInBody(HttpResponseMessage response, JsonNode body)
    {
        Assert.True(body["stale"]!.GetValue<bool>());
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-RetailGateway-Stale")), body["asOf"]!.GetValue<string>());
    }

    public static void AssertFresh(HttpResponseMessage response, JsonNode body)
    {
        Assert.Null(response.Headers.Age);
        Assert.False(response.Headers.Contains("X-RetailGateway-Stale"));
        Assert.Null(body["stale"]);
        Assert.Null(body["asOf"]);
    }

    private sealed class Restore(OdooSandboxServer sandbox, HttpClient client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            sandbox.Faults.SetRate(SandboxFaultKind.ServiceUnavailable, 0);
            for (var attempt = 0; attempt < 40; attempt++)
            {
                // A customer that does not exist is a 404 only once Odoo answers again.
                if ((await client.GetAsync("/api/v1/customers/999999999")).StatusCode == HttpStatusCode.NotFound)
                {
                    return;
                }

                await Task.Delay(250);
            }
        }
    }
}

/// <summary>A gateway with stale-read settings over Odoo 17, in memory.</summary>
public sealed class StaleReadsGateway : GatewayFixture
{
    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings) => StaleReads.AddSettings(settings);
}

/// <summary>Two gateway instances with stale-read settings sharing one Redis.</summary>
public sealed class StaleReadsRedisGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        StaleReads.AddSettings(settings);
    }
}

/// <summary>While Odoo is down, GETs read before are answered from their last known copy, marked; writes never are.</summary>
public sealed class StaleReadsTests(StaleReadsGateway gateway) : IClassFixture<StaleReadsGateway>
{
    private readonly HttpClient _client = gateway.Client("Stock.Read", "Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Invoices.Read");

    [Fact]
    public async Task WhileOdooIsDown_ReadsServedBefore_AreAnsweredStale_MarkedInV2BodiesAndInHeaders()
    {
        var customerId = (await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Stale Co" })).ExpectAsync(HttpStatusCode.Created))["customerId"]!.GetValue<string>();
        var order = await (await _client.SubmitOrderAsync(new
        {
            salesforceId = TestApi.Unique("801"),
            customerId,
            lines = new object[] { new { sku = "DESK0005", quantity = 1 } },
        })).ExpectAsync(HttpStatusCode.Created);
        var orderId = order["orderId"]!.GetValue<string>();
        var invoiceId = gateway.Sandbox.Data.InvoiceOrder(int.Parse(orderId, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        string[] reads =
        [
            $"/api/v2/customers/{customerId}", $"/api/v1/customers/{customerId}", $"/api/v2/orders/{orderId}", $"/api/v1/orders/{orderId}",
            $"/api/v2/invoices/{invoiceId}", "/api/v2/stock/FURN_0001", "/api/v2/stock?skus=FURN_0001,FURN_0006",
        ];
        var fresh = new Dictionary<string, (JsonNode Body, string ETag)>();
        foreach (var url in reads)
        {
            var response = await _client.GetAsync(url);
            var body = await response.ExpectAsync(HttpStatusCode.OK);
            StaleReads.AssertFresh(response, body);
            fresh[url] = (body, response.Headers.ETag!.Tag);
        }

        using var lookups = new MetricCollector<long>(gateway.Gateway.Services.GetRequiredService<IMeterFactory>(), ObservabilitySetup.GatewayMeterName, "retailgateway.cache.lookups");
        await using (StaleReads.OdooDown(gateway.Sandbox, _client))
        {
            // The stock entry's one-second TTL runs out: the cached read, too, falls back to its copy.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            foreach (var url in reads)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.TryAddWithoutValidation("If-None-Match", fresh[url].ETag);
                var response = await _client.SendAsync(request);
                StaleReads.AssertMarkedStale(response);
                var body = await response.ReadJsonAsync();
                if (url.StartsWith("/api/v2/", StringComparison.Ordinal))
                {
                    StaleReads.AssertMarkedStaleInBody(response, body);
                    body.AsObject().Remove("stale");
                    body.AsObject().Remove("asOf");
                    Assert.NotEqual(fresh[url].ETag, response.Headers.ETag!.Tag);
                }
                else
                {
                    Assert.Null(body["stale"]);
                    Assert.Equal(fresh[url].ETag, response.Headers.ETag!.Tag);
                }

                Assert.True(JsonNode.DeepEquals(fresh[url].Body, body), url);
            }

            // Writes are never answered from a copy.
            await (await _client.PostJsonAsync("/api/v1/customers", new { name = "Not Now Co" })).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
            var patch = await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/customers/{customerId}", new { phone = "+1 555 0100" });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, patch.StatusCode);
            Assert.NotNull(patch.Headers.RetryAfter);

            // Lists and feeds have no copy.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await _client.GetAsync($"/api/v2/orders?customerId={customerId}")).StatusCode);
        }

        Assert.Equal(reads.Length, lookups.GetMeasurementSnapshot().Where(m => (string?)m.Tags["cache.result"] == "stale").Sum(m => m.Value));
    }

    [Fact]
    public async Task WhileOdooIsDown_AReadOlderThanTheLimit_OrNeverRead_Is503WithRetryAfter()
    {
        var instance = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Caching:ServeStaleFor"] = "00:00:02" });
        var client = instance.Client("Customers.Read", "Customers.Write");
        var customerId = (await (await client.PostJsonAsync("/api/v1/customers", new { name = "Old Co" })).ExpectAsync(HttpStatusCode.Created))["customerId"]!.GetValue<string>();
        var unread = (await (await client.PostJsonAsync("/api/v2/customers", new { name = "Unread Co" })).ExpectAsync(HttpStatusCode.Created))["customerId"]!.GetValue<string>();
        await (await client.GetAsync($"/api/v1/customers/{customerId}")).ExpectAsync(HttpStatusCode.OK);

        await using (StaleReads.OdooDown(gateway.Sandbox, client))
        {
            StaleReads.AssertMarkedStale(await client.GetAsync($"/api/v1/customers/{customerId}"));
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            foreach (var url in new[] { $"/api/v1/customers/{customerId}", $"/api/v1/customers/{unread}" })
            {
                var response = await client.GetAsync(url);
                await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }
    }

    [Fact]
    public async Task WithServeStaleForZero_NoReadIsAnsweredStale()
    {
        var instance = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Caching:ServeStaleFor"] = "00:00:00" });
        var client = instance.Client("Customers.Read", "Customers.Write");
        var customerId = (await (await client.PostJsonAsync("/api/v1/customers", new { name = "Off Co" })).ExpectAsync(HttpStatusCode.Created))["customerId"]!.GetValue<string>();
        await (await client.GetAsync($"/api/v1/customers/{customerId}")).ExpectAsync(HttpStatusCode.OK);

        await using (StaleReads.OdooDown(gateway.Sandbox, client))
        {
            await (await client.GetAsync($"/api/v1/customers/{customerId}")).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
        }
    }
}

/// <summary>The copy one instance loaded answers on another through Redis.</summary>
public sealed class StaleReadsOverRedisTests(StaleReadsRedisGateway gateway) : IClassFixture<StaleReadsRedisGateway>
{
    [Fact]
    public async Task WhileOdooIsDown_AnotherInstance_AnswersTheCopyTheFirstLoaded()
    {
        var first = gateway.Client("Customers.Read", "Customers.Write");
        var customerId = (await (await first.PostJsonAsync("/api/v2/customers", new { name = "Shared Stale Co" })).ExpectAsync(HttpStatusCode.Created))["customerId"]!.GetValue<string>();
        var loaded = await (await first.GetAsync($"/api/v2/customers/{customerId}")).ExpectAsync(HttpStatusCode.OK);
        var second = (await gateway.StartInstanceAsync()).Client("Customers.Read");

        await using (StaleReads.OdooDown(gateway.Sandbox, first))
        {
            var response = await second.GetAsync($"/api/v2/customers/{customerId}");
            StaleReads.AssertMarkedStale(response);
            var body = await response.ReadJsonAsync();
            StaleReads.AssertMarkedStaleInBody(response, body);
            Assert.Equal(loaded["name"]!.GetValue<string>(), body["name"]!.GetValue<string>());
        }
    }
}

/// <summary>A stale copy is scoped like a fresh read: a partner never gets another partner's record from it.</summary>
public sealed class StaleReadsScopeTests(ScopedJsonRpcGateway gateway) : IClassFixture<ScopedJsonRpcGateway>
{
    [Fact]
    public async Task WhileOdooIsDown_APartner_NeverGetsAnotherPartnersCopy()
    {
        var world = await gateway.WorldAsync();
        var retail = gateway.As(ScopedGateway.Retail);
        var acme = gateway.As(ScopedGateway.Acme);
        string[] globexReads = [$"/api/v1/customers/{world.Globex.CustomerV1}", $"/api/v1/invoices/{world.Globex.Invoice}"];
        foreach (var url in globexReads)
        {
            await (await retail.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            await (await acme.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        await using (StaleReads.OdooDown(gateway.Sandbox, retail))
        {
            foreach (var url in globexReads)
            {
                // The scope check needs Odoo: without it the partner is refused, never served the copy the retailer's read left.
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await acme.GetAsync(url)).StatusCode);
                await (await retail.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
            }
        }
    }
}
