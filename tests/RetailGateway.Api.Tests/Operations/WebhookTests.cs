using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Operations;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Observability;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace RetailGateway.Api.Tests.Operations;

/// <summary>
/// The exception queue tells the owning team through a webhook per reason: signed, retried with backoff under one
/// delivery id until the receiver takes it, and dead-lettered (counted in /metrics) when it never does. The
/// receivers are WireMock.Net servers on loopback; the gateway is a real host in front of the sandbox.
/// </summary>
public sealed class WebhookTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>, IAsyncLifetime
{
    private const string CatalogSecret = "catalog-team-secret-0123456789abcdef";
    private const string SalesSecret = "sales-team-secret-0123456789abcdef!!";
    private const int MaxAttempts = 3;

    private WireMockServer _receiver = null!;
    private GatewayInstance _instance = null!;

    public async Task InitializeAsync()
    {
        _receiver = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        // The catalog team's receiver fails twice, then takes the delivery.
        _receiver.Given(Request.Create().WithPath("/catalog").UsingPost()).InScenario("flaky").WillSetStateTo("failed once")
            .RespondWith(Response.Create().WithStatusCode(500));
        _receiver.Given(Request.Create().WithPath("/catalog").UsingPost()).InScenario("flaky").WhenStateIs("failed once").WillSetStateTo("failed twice")
            .RespondWith(Response.Create().WithStatusCode(503));
        _receiver.Given(Request.Create().WithPath("/catalog").UsingPost()).InScenario("flaky").WhenStateIs("failed twice")
            .RespondWith(Response.Create().WithStatusCode(204));
        // The operations team hears of everything.
        _receiver.Given(Request.Create().WithPath("/all").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        // The sales team's receiver is down for good.
        _receiver.Given(Request.Create().WithPath("/sales").UsingPost()).RespondWith(Response.Create().WithStatusCode(502));

        var receiver = _receiver.Urls[0];
        _instance = await gateway.StartInstanceAsync(new Dictionary<string, string?>
        {
            ["Operations:Webhooks:MaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Operations:Webhooks:FirstRetryDelay"] = "00:00:00.050",
            ["Operations:Webhooks:Routes:catalog:Url"] = $"{receiver}/catalog",
            ["Operations:Webhooks:Routes:catalog:Secret"] = CatalogSecret,
            ["Operations:Webhooks:Routes:catalog:Reasons:0"] = "unknown_sku",
            ["Operations:Webhooks:Routes:sales:Url"] = $"{receiver}/sales",
            ["Operations:Webhooks:Routes:sales:Secret"] = SalesSecret,
            ["Operations:Webhooks:Routes:sales:Reasons:0"] = "unknown_customer",
            ["Operations:Webhooks:Routes:operations:Url"] = $"{receiver}/all",
            ["Operations:Webhooks:Routes:operations:Secret"] = SalesSecret,
            ["Operations:Webhooks:Routes:operations:Reasons:0"] = "*",
        });
    }

    public async Task DisposeAsync()
    {
        await _instance.DisposeAsync();
        _receiver.Dispose();
    }

    [Fact]
    public async Task UnknownSku_ReachesTheCatalogTeamOnce_SignedAndUnderOneDeliveryId_AfterTwoFailures()
    {
        using var writer = _instance.Client("Orders.Write");
        using var operate = _instance.Client("Gateway.Operate");
        var salesforceId = TestApi.Unique("801");
        var order = new { salesforceId, customerId = "4", lines = new[] { new { sku = TestApi.Unique("NEW-"), quantity = 1 } } };
        await (await writer.SubmitOrderAsync(order, Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_sku");

        var tries = await TriesAsync("/catalog", 3);
        Assert.Equal([500, 503, 204], tries.Select(t => t.ResponseMessage.StatusCode is int status ? status : 0));
        var deliveryId = Assert.Single(tries.Select(t => Header(t, ExceptionNotifier.DeliveryHeader)).Distinct());
        foreach (var attempt in tries)
        {
            var timestamp = Header(attempt, ExceptionNotifier.TimestampHeader);
            Assert.Equal(ExceptionNotifier.Signature(CatalogSecret, timestamp, attempt.RequestMessage.BodyAsBytes), Header(attempt, ExceptionNotifier.SignatureHeader));
            Assert.NotEqual(ExceptionNotifier.Signature(SalesSecret, timestamp, attempt.RequestMessage.BodyAsBytes), Header(attempt, ExceptionNotifier.SignatureHeader));
        }

        var notification = JsonNode.Parse(tries[0].RequestMessage.Body!)!;
        var exceptionId = notification["exception"]!["exceptionId"]!.GetValue<string>();
        Assert.Equal($"{exceptionId}.catalog", deliveryId);
        Assert.Equal(deliveryId, notification["deliveryId"]!.GetValue<string>());
        Assert.Equal("exception.opened", notification["event"]!.GetValue<string>());
        Assert.Equal(salesforceId, notification["exception"]!["salesforceId"]!.GetValue<string>());
        Assert.Equal("unknown_sku", notification["exception"]!["reason"]!.GetValue<string>());
        Assert.Null(notification["exception"]!["body"]);
        var queued = await (await operate.GetAsync(notification["exception"]!["url"]!.GetValue<string>())).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(salesforceId, queued["salesforceId"]!.GetValue<string>());

        // Taken: no further try, and the sales team heard nothing of it.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(3, Tries("/catalog").Count);
        Assert.DoesNotContain(Tries("/sales"), t => Header(t, ExceptionNotifier.DeliveryHeader).StartsWith(exceptionId, StringComparison.Ordinal));
        Assert.True(await _instance.SampleAsync("retailgateway_webhooks_delivered_total", "route=\"catalog\"") >= 1);
    }

    [Fact]
    public async Task AReceiverThatNeverTakesIt_GetsEveryTry_ThenTheDeliveryIsDeadLettered_AndCounted()
    {
        using var writer = _instance.Client("Orders.Write");
        var order = new { salesforceId = TestApi.Unique("801"), customerId = "987654", lines = new[] { new { sku = "DESK0005", quantity = 1 } } };
        await (await writer.SubmitOrderAsync(order, Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");

        var tries = await TriesAsync("/sales", MaxAttempts);
        Assert.Single(tries.Select(t => Header(t, ExceptionNotifier.DeliveryHeader)).Distinct());
        Assert.All(tries, t => Assert.Equal(502, t.ResponseMessage.StatusCode));
        await _instance.Logs.WaitForAsync(log => log.EventId.Id == 5003 && log.Message.Contains("route sales", StringComparison.Ordinal));
        Assert.Equal(1, await _instance.SampleAsync("retailgateway_webhooks_dead_letters_total", "route=\"sales\""));
    }

    [Fact]
    public async Task AnAsyncOrderRejectedByTheIntake_IsNotified_WithItsSubmissionId()
    {
        using var writer = _instance.Client("Orders.Write", "Orders.Read");
        var salesforceId = TestApi.Unique("801");
        var order = new { salesforceId, customerId = "4", lines = new[] { new { sku = TestApi.Unique("NEW-"), quantity = 1 } } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/order-submissions")
        {
            Content = System.Net.Http.Json.JsonContent.Create(order),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
        };
        var accepted = await (await writer.SendAsync(request)).ExpectAsync(HttpStatusCode.Accepted);

        JsonNode? notification = null;
        for (var waited = 0; waited < 200 && notification is null; waited++)
        {
            notification = Tries("/all").Select(t => JsonNode.Parse(t.RequestMessage.Body!)!)
                .FirstOrDefault(n => n["exception"]!["salesforceId"]?.GetValue<string>() == salesforceId);
            await Task.Delay(100);
        }

        Assert.NotNull(notification);
        Assert.Equal(accepted["submissionId"]!.GetValue<string>(), notification["exception"]!["submissionId"]!.GetValue<string>());
        Assert.Equal("unknown_sku", notification["exception"]!["reason"]!.GetValue<string>());
        Assert.EndsWith(".operations", notification["deliveryId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARouteWithAShortSecret_StopsTheGatewayFromStarting()
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?>
        {
            ["Operations:Webhooks:Routes:finance:Url"] = "https://finance.example/hooks",
            ["Operations:Webhooks:Routes:finance:Secret"] = "short",
            ["Operations:Webhooks:Routes:finance:Reasons:0"] = "odoo_rejected",
        }));

        Assert.Contains("Operations:Webhooks:Routes:finance:Secret", error?.ToString() ?? "", StringComparison.Ordinal);
    }

    private List<ILogEntry> Tries(string path) => _receiver.LogEntries.Where(e => e.RequestMessage.Path == path).OrderBy(e => e.RequestMessage.DateTime).ToList();

    /// <summary>Waits (up to 20 s) until the receiver has logged <paramref name="count"/> tries on <paramref name="path"/>.</summary>
    private async Task<List<ILogEntry>> TriesAsync(string path, int count)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (Tries(path) is { } tries && tries.Count >= count)
            {
                return tries;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"{path} got {Tries(path).Count} tries, not {count}.");
    }

    private static string Header(ILogEntry entry, string name) =>
        entry.RequestMessage.Headers is { } headers && headers.TryGetValue(name, out var values) ? values.ToString() : "";
}
