using System.Net;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.OdooSandbox;
using WireMock.ResponseBuilders;

namespace RetailGateway.Api.Tests.Resilience;

/// <summary>
/// Faults that need a gateway of their own: a connection reset by Odoo itself, an open circuit, and
/// a burst far above the concurrency limit. Each test starts its own host, so no state is shared.
/// </summary>
public sealed class OdooOverloadTests
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Read_WithConnectionsResetByOdoo_IsRetried_Then503(int odooVersion)
    {
        await using var gateway = await FaultyOdooGateway.StartAsync(odooVersion, direct: true);
        using var client = gateway.Client("Stock.Read");
        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        gateway.Reset();
        gateway.Sandbox.Faults.Enqueue(SandboxFaultKind.ConnectionAbort, 5);

        var (response, elapsed) = await FaultyOdooGateway.TimedAsync(() => client.GetAsync("/api/v1/stock/DESK0005"));

        await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        // Answered where the action failed (ProblemExceptionFilter), not by the exception handler, which clears these.
        Assert.True(response.Headers.Contains("RateLimit"));
        Assert.Equal(3, gateway.Calls("product.product", "search_read"));
        Assert.Equal(2, gateway.Sandbox.Faults.Pending);
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Write_WithTheConnectionResetByOdoo_Is503_AndNeverSentAgain(int odooVersion)
    {
        await using var gateway = await FaultyOdooGateway.StartAsync(odooVersion, direct: true);
        using var client = gateway.Client("Customers.Write", "Customers.Read");
        await (await client.PostJsonAsync("/api/v1/customers", new { name = TestApi.Unique("Warm ") })).ExpectAsync(HttpStatusCode.Created);
        gateway.Reset();
        gateway.Sandbox.Faults.Enqueue(SandboxFaultKind.ConnectionAbort, 3);

        var (response, elapsed) = await FaultyOdooGateway.TimedAsync(() => client.PostJsonAsync("/api/v1/customers", new { name = TestApi.Unique("Reset ") }));

        await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
        Assert.Equal(1, gateway.Calls("res.partner", "create"));
        Assert.Equal(2, gateway.Sandbox.Faults.Pending);
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Fact]
    public async Task Request_OfManySlowOdooCalls_Is504WithinTheRequestBudget_NotTheSumOfTheCallTimeouts()
    {
        var budget = TimeSpan.FromSeconds(2.5);
        await using var gateway = await FaultyOdooGateway.StartAsync(17, new Dictionary<string, string?>
        {
            ["Odoo:Resilience:RequestBudget"] = "00:00:02.500",
            ["Odoo:Resilience:TotalTimeout"] = "00:00:02",
            ["Odoo:Resilience:AttemptTimeout"] = "00:00:01.500",
        }, direct: true);
        using var client = gateway.Client("Orders.Write", "Customers.Write");
        var customer = await (await client.PostJsonAsync("/api/v1/customers", new { name = TestApi.Unique("Budget ") })).ExpectAsync(HttpStatusCode.Created);
        gateway.Reset();
        // Each call well inside its own timeouts; an order submission makes several in a row.
        gateway.Sandbox.Faults.ExtraLatency = TimeSpan.FromSeconds(1);

        var (response, elapsed) = await FaultyOdooGateway.TimedAsync(() => SubmitOrderAsync(client, customer["customerId"]!.GetValue<string>(), "DESK0005"));

        await response.ExpectProblemAsync(HttpStatusCode.GatewayTimeout, "odoo_timeout");
        Assert.InRange(elapsed, TimeSpan.Zero, budget + Margin);
        Assert.Equal(0, gateway.Calls("sale.order", "create"));
    }

    [Fact]
    public async Task RepeatedBadGateways_OpenTheCircuit_ThenCallsAreRefusedAtOnce_UntilOdooRecovers()
    {
        await using var gateway = await FaultyOdooGateway.StartAsync(17, new Dictionary<string, string?>
        {
            ["Odoo:Resilience:MaxRetries"] = "0",
            ["Odoo:Resilience:CircuitMinimumThroughput"] = "4",
            ["Odoo:Resilience:CircuitFailureRatio"] = "0.5",
            ["Odoo:Resilience:CircuitSamplingDuration"] = "00:01:00",
            ["Odoo:Resilience:CircuitBreakDuration"] = "00:00:02",
        });
        using var client = gateway.Client("Stock.Read");
        // A cold host's first call also fetches the token keys and Odoo's version: on a loaded machine it may
        // overrun the request budget, which is not what this test is about.
        Assert.True(
            await PollAsync(async () => (await client.GetAsync("/api/v1/stock/DESK0005")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20)),
            "The gateway never answered before any fault was injected.");
        gateway.Fault("product.product", "search_read", Response.Create().WithStatusCode(502).WithBody("<html>502 Bad Gateway</html>"));

        const int requests = 30;
        for (var i = 0; i < requests; i++)
        {
            var failed = await client.GetAsync("/api/v1/stock/DESK0005");
            await failed.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
            Assert.NotNull(failed.Headers.RetryAfter?.Delta);
        }

        // The circuit opened after a handful of failures: the rest never reached Odoo.
        Assert.InRange(gateway.Calls("product.product", "search_read"), 1, requests / 2);
        var ready = await client.GetAsync("/health/ready");
        var report = await ready.ExpectAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Open", report["checks"]![0]!["data"]!["circuit"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);

        gateway.Reset();
        var recovered = await PollAsync(async () => (await client.GetAsync("/api/v1/stock/DESK0005")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.True(recovered, "The circuit did not let calls through again after its break.");
        var readyAgain = await (await client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Closed", readyAgain["checks"]![0]!["data"]!["circuit"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReadBurst_FarAboveTheLimit_IsShedAtOnce_WhileAdmittedReadsSucceed()
    {
        var odooDelay = TimeSpan.FromSeconds(2);
        await using var gateway = await StartLimitedAsync(direct: true);
        using var client = gateway.Client("Stock.Read");
        await (await client.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        gateway.Reset();
        gateway.Sandbox.Faults.ExtraLatency = odooDelay;

        const int burst = 40;
        var results = await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => FaultyOdooGateway.TimedAsync(() => client.GetAsync("/api/v1/stock/DESK0005"))));

        var admitted = results.Where(r => r.Response.StatusCode == HttpStatusCode.OK).ToList();
        var shed = results.Where(r => r.Response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.Equal(burst, admitted.Count + shed.Count);
        Assert.InRange(admitted.Count, 2, burst / 2);
        Assert.InRange(shed.Count, burst / 2, burst);
        foreach (var (response, elapsed) in shed)
        {
            await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            // Refused without waiting on Odoo, let alone on a timeout.
            Assert.InRange(elapsed, TimeSpan.Zero, odooDelay);
        }

        Assert.All(admitted, r => Assert.InRange(r.Elapsed, odooDelay, gateway.TotalTimeout + Margin));
        // Shed calls never reached Odoo.
        Assert.Equal(admitted.Count, gateway.Calls("product.product", "search_read"));
    }

    [Fact]
    public async Task OrderSubmission_WhileStockReadsFillEveryReadSlot_UsesTheReservedCapacity()
    {
        await using var gateway = await StartLimitedAsync();
        using var reader = gateway.Client("Stock.Read");
        using var writer = gateway.Client("Orders.Write", "Orders.Read", "Customers.Write");
        var customer = await (await writer.PostJsonAsync("/api/v1/customers", new { name = TestApi.Unique("Priority ") })).ExpectAsync(HttpStatusCode.Created);
        await (await reader.GetAsync("/api/v1/stock/DESK0005")).ExpectAsync(HttpStatusCode.OK);
        gateway.Reset();
        gateway.Slow("product.product", "search_read", TimeSpan.FromSeconds(3), bodyContains: "qty_available");

        var burst = Task.WhenAll(Enumerable.Range(0, 30).Select(_ => reader.GetAsync("/api/v1/stock/DESK0005")));
        Assert.True(await PollAsync(() => Task.FromResult(gateway.Calls("product.product", "search_read") >= 2), TimeSpan.FromSeconds(10)), "The reads never filled the read slots.");

        var order = await (await SubmitOrderAsync(writer, customer["customerId"]!.GetValue<string>(), "DESK0006")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        var reads = await burst;
        Assert.Contains(reads, r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
    }

    /// <summary>Three Odoo calls at once, one of them only for writes, two more waiting: a small Odoo to overload.</summary>
    private static Task<FaultyOdooGateway> StartLimitedAsync(bool direct = false) => FaultyOdooGateway.StartAsync(17, new Dictionary<string, string?>
    {
        ["Odoo:Resilience:MaxConcurrentCalls"] = "3",
        ["Odoo:Resilience:ReservedForWrites"] = "1",
        ["Odoo:Resilience:QueueLimit"] = "2",
        ["Odoo:Resilience:AttemptTimeout"] = "00:00:06",
        ["Odoo:Resilience:TotalTimeout"] = "00:00:09",
    }, direct);

    private static async Task<HttpResponseMessage> SubmitOrderAsync(HttpClient client, string customerId, string sku)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new
            {
                salesforceId = TestApi.Unique("801"),
                customerId,
                lines = new[] { new { sku, quantity = 1 } },
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }

    private static async Task<bool> PollAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return false;
    }
}
