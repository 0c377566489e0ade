using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using RetailGateway.Api.Intake;
using RetailGateway.Api.Operations;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Intake;

/// <summary>
/// Orders sent with <c>Prefer: respond-async</c> are answered 202 at once and submitted to Odoo by the
/// background workers, through the real host and sandbox; in memory and in Redis.
/// </summary>
public abstract class OrderIntakeTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Async_order_is_accepted_at_once_and_then_submitted(int version)
    {
        var order = await IntakeApi.NewOrderAsync(_client, "DESK0005");
        var creates = gateway.Sandbox.Calls.Count("sale.order", "create");
        var key = Guid.NewGuid().ToString();

        using var accepted = await _client.SubmitOrderAsyncPreferAsync(order, key, $"/api/v{version}/orders");
        var body = await accepted.ExpectAsync(HttpStatusCode.Accepted);
        var submissionId = body["submissionId"]!.GetValue<string>();
        Assert.Equal($"/api/v{version}/order-submissions/{submissionId}", accepted.Headers.Location?.OriginalString);
        Assert.Equal("queued", body["status"]!.GetValue<string>());

        // A retry with the same key gets the same 202, not a second queued order.
        using var retried = await _client.SubmitOrderAsyncPreferAsync(order, key, $"/api/v{version}/orders");
        Assert.Equal(submissionId, (await retried.ExpectAsync(HttpStatusCode.Accepted))["submissionId"]!.GetValue<string>());

        var done = await IntakeApi.WaitAsync(_client, accepted.Headers.Location!.OriginalString);
        Assert.Equal("submitted", done["status"]!.GetValue<string>());
        var orderId = done["orderId"]!.GetValue<string>();
        var read = await (await _client.GetAsync($"/api/v{version}/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(IntakeApi.SalesforceId(order), read["salesforceId"]!.GetValue<string>());
        Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
        Assert.True(gateway.Sandbox.Calls.Count("sale.order", "create") > creates);
    }

    [Fact]
    public async Task Bad_async_order_is_400_and_nothing_is_queued()
    {
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var before = store.ReadBacklog().Depth;
        var order = new { salesforceId = "not-a-salesforce-id", customerId = "1", lines = Array.Empty<object>() };

        await (await _client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders"))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(before, store.ReadBacklog().Depth);
    }

    [Fact]
    public async Task Async_order_for_an_unknown_sku_ends_rejected()
    {
        var order = await IntakeApi.NewOrderAsync(_client, TestApi.Unique("NOPE-"));

        using var accepted = await _client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders");
        await accepted.ExpectAsync(HttpStatusCode.Accepted);

        var done = await IntakeApi.WaitAsync(_client, accepted.Headers.Location!.OriginalString);
        Assert.Equal("rejected", done["status"]!.GetValue<string>());
        Assert.Equal("unknown_sku", done["errorCode"]!.GetValue<string>());
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(order)));
    }

    [Fact]
    public async Task Unknown_submission_is_404_and_status_needs_orders_read()
    {
        await (await _client.GetAsync("/api/v1/order-submissions/0000")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        using var writerOnly = gateway.Client("Orders.Write");
        Assert.Equal(HttpStatusCode.Forbidden, (await writerOnly.GetAsync("/api/v1/order-submissions/0000")).StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_intake_backlog()
    {
        using var anonymous = gateway.AnonymousClient();
        var report = JsonNode.Parse(await (await anonymous.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
        var intake = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "intake")!;
        Assert.Equal("Healthy", intake["status"]!.GetValue<string>());
        Assert.NotNull(intake["data"]!["queued"]);
    }
}

public sealed class IntakeInMemoryGateway : GatewayFixture
{
    protected override int OdooVersion => 17;

    protected override void AddSettings(IDictionary<string, string> settings) => IntakeApi.FastWorkers(settings);
}

public sealed class IntakeRedisGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        IntakeApi.FastWorkers(settings);
    }
}

public sealed class OrderIntakeInMemory(IntakeInMemoryGateway gateway) : OrderIntakeTests(gateway), IClassFixture<IntakeInMemoryGateway>;

public sealed class OrderIntakeWithRedis(IntakeRedisGateway gateway) : OrderIntakeTests(gateway), IClassFixture<IntakeRedisGateway>;

/// <summary>The first instance only accepts orders (no workers), so the test decides when work starts.</summary>
public sealed class IntakeAcceptOnlyRedisGateway : RedisGateway
{
    protected override void AddSettings(IDictionary<string, string> settings)
    {
        base.AddSettings(settings);
        IntakeApi.FastWorkers(settings);
        settings["Intake:Workers"] = "0";
    }
}

/// <summary>A worker that dies mid-batch loses nothing and duplicates nothing: another instance sharing Redis takes over.</summary>
public sealed class OrderIntakeResumeTests(IntakeAcceptOnlyRedisGateway gateway) : IClassFixture<IntakeAcceptOnlyRedisGateway>
{
    [Fact]
    public async Task Queued_work_resumes_on_another_instance_without_duplicates()
    {
        using var client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write");
        var orders = new List<object>();
        var locations = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var order = await IntakeApi.NewOrderAsync(client, "DESK0005");
            using var accepted = await client.SubmitOrderAsyncPreferAsync(order, Guid.NewGuid().ToString(), "/api/v1/orders");
            await accepted.ExpectAsync(HttpStatusCode.Accepted);
            orders.Add(order);
            locations.Add(accepted.Headers.Location!.OriginalString);
        }

        // A worker claims the oldest order, gets it into Odoo, and dies before recording that it did.
        var store = gateway.Gateway.Services.GetRequiredService<ISubmissionStore>();
        var now = DateTimeOffset.UtcNow;
        var claimed = await store.ClaimAsync(now, now.AddSeconds(2), CancellationToken.None);
        Assert.NotNull(claimed);
        Assert.Equal(locations[0], $"/api/v1/order-submissions/{claimed.Status.SubmissionId}");
        var direct = await (await client.SubmitOrderAsync(orders[0])).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(3, store.ReadBacklog().Depth);
        Assert.Equal("queued", (await (await client.GetAsync(locations[0])).ExpectAsync(HttpStatusCode.OK))["status"]!.GetValue<string>());

        // With nobody submitting, the backlog shows in the metrics and, past its bound, degrades readiness.
        var meters = gateway.Gateway.Services.GetRequiredService<IMeterFactory>();
        using var depth = new MetricCollector<long>(meters, ExceptionMetrics.MeterName, "retailgateway.intake.queued");
        using var age = new MetricCollector<double>(meters, ExceptionMetrics.MeterName, "retailgateway.intake.oldest_queued_age");
        depth.RecordObservableInstruments();
        age.RecordObservableInstruments();
        Assert.Equal(3, depth.LastMeasurement?.Value);
        Assert.True(age.LastMeasurement?.Value > 0);
        await using (var strict = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Intake:Workers"] = "0", ["Intake:MaxQueuedAge"] = "00:00:01" }))
        {
            await Task.Delay(TimeSpan.FromSeconds(1.1));
            using var anonymous = strict.AnonymousClient();
            var report = JsonNode.Parse(await (await anonymous.GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
            var intake = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "intake")!;
            Assert.Equal("Degraded", intake["status"]!.GetValue<string>());
            Assert.Equal("3", intake["data"]!["queued"]!.GetValue<string>());
        }

        await using var workers = await gateway.StartInstanceAsync(new Dictionary<string, string?> { ["Intake:Workers"] = "2" });

        var results = new List<JsonNode>();
        foreach (var location in locations)
        {
            results.Add(await IntakeApi.WaitAsync(client, location));
        }

        Assert.All(results, r => Assert.Equal("submitted", r["status"]!.GetValue<string>()));
        Assert.Equal(direct["orderId"]!.GetValue<string>(), results[0]["orderId"]!.GetValue<string>());
        Assert.All(orders, o => Assert.Equal(1, gateway.Sandbox.Data.FindOrdersBySalesforceId(IntakeApi.SalesforceId(o))));
        Assert.Equal(0, store.ReadBacklog().Depth);
    }
}

internal static class IntakeApi
{
    public static void FastWorkers(IDictionary<string, string> settings)
    {
        settings["Intake:PollInterval"] = "00:00:00.050";
        settings["Intake:RetryDelay"] = "00:00:00.200";
    }

    public static async Task<object> NewOrderAsync(HttpClient client, string sku)
    {
        var customerSalesforceId = TestApi.Unique("001");
        var customer = await (await client.PostJsonAsync("/api/v1/customers", new { salesforceId = customerSalesforceId, name = "Intake Co " + customerSalesforceId }))
            .ExpectAsync(HttpStatusCode.Created);
        return new { salesforceId = TestApi.Unique("801"), customerId = customer["customerId"]!.GetValue<string>(), lines = new object[] { new { sku, quantity = 1 } } };
    }

    public static string SalesforceId(object order) => (string)order.GetType().GetProperty("salesforceId")!.GetValue(order)!;

    public static Task<HttpResponseMessage> SubmitOrderAsyncPreferAsync(this HttpClient client, object order, string key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = System.Net.Http.Json.JsonContent.Create(order, options: TestApi.JsonOptions) };
        request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("Prefer", "respond-async");
        return client.SendAsync(request);
    }

    /// <summary>Polls the status URL until the order is no longer queued (30 s at most).</summary>
    public static async Task<JsonNode> WaitAsync(HttpClient client, string location)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var status = await (await client.GetAsync(location, timeout.Token)).ExpectAsync(HttpStatusCode.OK);
            if (status["status"]!.GetValue<string>() != "queued")
            {
                return status;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
