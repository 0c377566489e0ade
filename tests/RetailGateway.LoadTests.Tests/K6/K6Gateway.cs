using System.Globalization;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.LoadTests.Tests.K6;

/// <summary>
/// The gateway the k6 scenarios load: real Kestrel on loopback in front of an Odoo 17 sandbox,
/// taking Entra ID tokens from the stand-in, as the functional tests run it. Two clients get small
/// read budgets so that seconds of load meet the rate limiter: the greedy client of rate-limit.js
/// and the client that drives spike.js. Every other client keeps the test default (no limit met).
/// </summary>
public sealed class K6Gateway : GatewayFixture, IAsyncLifetime
{
    public const string GreedyClient = "k6-greedy";
    public const string SpikeClient = "k6-spike";

    /// <summary>Units delivered for peak-mix's returns: its short run and the threshold-failure run take about 15.</summary>
    private const int ReturnableUnits = 60;

    /// <summary>Both small budgets are 10 reads a second, a token every 100 ms.</summary>
    public const int ReadsPerSecond = 10;

    private static readonly string[] Roles = ["Stock.Read", "Orders.Read", "Orders.Write", "Customers.Write", "Invoices.Read", "Products.Read", "Quotes.Read", "Quotes.Write", "Returns.Read", "Returns.Write"];

    protected override int OdooVersion => 17;

    /// <summary><c>TOKENS</c> for the scenarios: <c>name=jwt,...</c>, one client (<c>azp</c>) per name, with every role the scenarios use.</summary>
    public static string Tokens(params string[] clients) => string.Join(",", clients.Select(client => $"{client}={Token(Roles, client)}"));

    /// <summary><c>MEMORY_TOKEN</c> for the soak's reads of <c>/metrics</c>: the scraper's own client, with <c>Metrics.Read</c> only.</summary>
    public static string MetricsToken() => Token(["Metrics.Read"], "k6-prometheus");

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await WarmUpAsync();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync();

    /// <summary>
    /// Every path the scenarios take, a few times, before the first run: a run of a few seconds
    /// would otherwise hold the first calls' JIT against a p95 of a few dozen requests.
    /// </summary>
    private async Task WarmUpAsync()
    {
        using var client = Client(Roles);
        using var scraper = ClientWithToken(MetricsToken());
        for (var i = 0; i < 3; i++)
        {
            var order = $$"""{"salesforceId": "801K6WARM{{i}}", "customerId": "4", "lines": [{"sku": "DESK0005", "quantity": 1}]}""";
            await Expect(client.GetAsync(new Uri("api/v1/stock?skus=DESK0005,E-COM06", UriKind.Relative)));
            await Expect(client.GetAsync(new Uri("api/v1/orders?customerId=4&limit=20", UriKind.Relative)));
            await Expect(client.GetAsync(new Uri("api/v1/invoices?customerId=4&limit=20", UriKind.Relative)));
            await Expect(client.PutAsync(
                new Uri($"api/v1/customers/by-salesforce-id/001K6WARM{i}", UriKind.Relative),
                Json($$"""{"name": "Warm-up {{i}}", "email": "warm{{i}}@loadtest.example", "isCompany": true}""")));
            await Expect(Send(client, "api/v1/orders", order));
            await Expect(Send(client, "api/v2/order-submissions", order.Replace("801K6WARM", "801K6WARMQ", StringComparison.Ordinal)));
            await Expect(client.GetAsync(new Uri("api/v2/products?limit=20", UriKind.Relative)));
            await Expect(client.GetAsync(new Uri("api/v2/products/DESK0005", UriKind.Relative)));
            // A Quote id is 0Q0 and 12 or 15 letters or digits.
            await Expect(Send(client, "api/v2/quotes", order.Replace("801K6WARM", "0Q0K6WARM00000", StringComparison.Ordinal)));
            await Expect(scraper.GetAsync(new Uri("metrics", UriKind.Relative)));
            await Expect(client.GetAsync(new Uri("health/ready", UriKind.Relative)));
        }

        await DeliverForReturnsAsync(client);
    }

    /// <summary>
    /// The goods peak-mix's returns take back (its setup finds them on the customers' orders): an order of customer 4
    /// for <see cref="ReturnableUnits"/> units, delivered in the sandbox as the warehouse would.
    /// </summary>
    private async Task DeliverForReturnsAsync(HttpClient client)
    {
        var order = $$"""{"salesforceId": "801K6RETURNS", "customerId": "4", "lines": [{"sku": "DESK0005", "quantity": {{ReturnableUnits}}}]}""";
        Sandbox.Data.SetStock("DESK0005", "WH", ReturnableUnits + 20);
        using var response = await Send(client, "api/v1/orders", order);
        var created = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        var orderId = created?["orderId"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Warm-up: the order to return goods of answered {(int)response.StatusCode}: {created}");
        Sandbox.Data.ShipOrder(int.Parse(orderId, CultureInfo.InvariantCulture));
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = Json(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        return await client.SendAsync(request);
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private static async Task Expect(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Warm-up: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    protected override void AddSettings(IDictionary<string, string> settings)
    {
        // Bursts of 2 for the greedy client, so its excess is refused from the first second. A second's worth
        // for the spike's client: its baseline and recovery requests, bunched by a busy machine, must still pass.
        ReadBudget(settings, GreedyClient, tokenLimit: 2);
        ReadBudget(settings, SpikeClient, tokenLimit: ReadsPerSecond);
    }

    private static void ReadBudget(IDictionary<string, string> settings, string client, int tokenLimit)
    {
        var budget = $"RateLimits:Clients:{client}:Read:";
        settings[budget + "TokenLimit"] = tokenLimit.ToString(CultureInfo.InvariantCulture);
        settings[budget + "TokensPerPeriod"] = "1";
        settings[budget + "ReplenishmentPeriod"] = TimeSpan.FromSeconds(1.0 / ReadsPerSecond).ToString("c", CultureInfo.InvariantCulture);
    }
}

/// <summary>The k6 runs share one gateway and run alone: their latency thresholds must not measure other tests' load.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class K6Runs : ICollectionFixture<K6Gateway>, ICollectionFixture<K6Engine>
{
    public const string Name = "k6";
}
