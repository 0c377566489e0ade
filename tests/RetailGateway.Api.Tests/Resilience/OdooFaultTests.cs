using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.OdooSandbox;
using WireMock.ResponseBuilders;

namespace RetailGateway.Api.Tests.Resilience;

/// <summary>
/// Every fault Odoo is known for, through the real host: what the caller sees (status and problem),
/// how many calls Odoo received (reads retried a bounded number of times, writes never), and that
/// the answer comes within the configured budget (asserted with a generous margin).
/// Reads are <c>GET /api/v1/stock/{sku}</c> (one <c>product.product search_read</c>); writes are
/// <c>POST /api/v1/orders</c>, faulted at the <c>sale.order web_save</c> that creates the order (17 and 19).
/// </summary>
public sealed class OdooFaultTests : IClassFixture<OdooFaultsFixture>
{
    private const string StockModel = "product.product";
    private const string ReadMethod = "search_read";
    private const string OrderModel = "sale.order";
    private const string CreateMethod = "web_save";

    /// <summary>Room for a loaded build machine on top of the budget; the point is "not after Odoo's own timeout".</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(4);

    private readonly OdooFaultsFixture _fixture;

    public OdooFaultTests(OdooFaultsFixture fixture)
    {
        _fixture = fixture;
        fixture.Gateway(17).Reset();
        fixture.Gateway(19).Reset();
    }

    [Theory]
    [InlineData(17, 500, 1)]
    [InlineData(19, 500, 1)]
    [InlineData(17, 502, 3)]
    [InlineData(19, 502, 3)]
    [InlineData(17, 503, 3)]
    [InlineData(19, 503, 3)]
    [InlineData(17, 504, 3)]
    [InlineData(19, 504, 3)]
    public async Task Read_WithOdooAnswering5xx_Is503WithRetryAfter_AfterBoundedRetries(int odooVersion, int status, int expectedCalls)
    {
        var gateway = _fixture.Gateway(odooVersion);
        gateway.Fault(StockModel, ReadMethod, Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody($"<html><h1>{status}</h1></html>"));

        var (response, elapsed) = await ReadAsync(gateway);

        await ExpectUnavailableAsync(response);
        Assert.Equal(expectedCalls, gateway.Calls(StockModel, ReadMethod));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17, 500)]
    [InlineData(19, 500)]
    [InlineData(17, 502)]
    [InlineData(19, 502)]
    [InlineData(17, 503)]
    [InlineData(19, 503)]
    [InlineData(17, 504)]
    [InlineData(19, 504)]
    public async Task Write_WithOdooAnswering5xx_Is503_AndSentOnce(int odooVersion, int status)
    {
        var gateway = _fixture.Gateway(odooVersion);
        gateway.Fault(OrderModel, CreateMethod, Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/html").WithBody($"<html><h1>{status}</h1></html>"));

        var (response, elapsed) = await SubmitOrderAsync(odooVersion);

        await ExpectUnavailableAsync(response);
        Assert.Equal(1, gateway.Calls(OrderModel, CreateMethod));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Read_With429AndShortRetryAfter_WaitsItOutBetweenRetries_ThenPassesItOn(int odooVersion)
    {
        var gateway = _fixture.Gateway(odooVersion);
        gateway.Fault(StockModel, ReadMethod, Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithBody("slow down"));

        var (response, elapsed) = await ReadAsync(gateway);

        await ExpectUnavailableAsync(response, retryAfterSeconds: 1);
        Assert.Equal(3, gateway.Calls(StockModel, ReadMethod));
        // Two waits of Odoo's Retry-After: the retries did not come sooner than Odoo asked.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(1.8), gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17, false)]
    [InlineData(19, false)]
    [InlineData(17, true)]
    [InlineData(19, true)]
    public async Task With429AndLongRetryAfter_PassesOdoosRetryAfterOnAtOnce(int odooVersion, bool write)
    {
        var gateway = _fixture.Gateway(odooVersion);
        var (model, method) = write ? (OrderModel, CreateMethod) : (StockModel, ReadMethod);
        gateway.Fault(model, method, Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30").WithBody("slow down"));

        var (response, elapsed) = write ? await SubmitOrderAsync(odooVersion) : await ReadAsync(gateway);

        await ExpectUnavailableAsync(response, retryAfterSeconds: 30);
        Assert.Equal(1, gateway.Calls(model, method));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17, false, """{"jsonrpc": "2.0", "id": 4, "result": [{"id": 1, "default_code": "DESK""")]
    [InlineData(19, false, """[{"id": 1, "default_code": "DESK""")]
    [InlineData(17, false, "<html><body>Odoo is restarting</body></html>")]
    [InlineData(19, false, "<html><body>Odoo is restarting</body></html>")]
    [InlineData(17, true, """{"jsonrpc": "2.0", "id": 4, "res""")]
    [InlineData(19, true, "[4")]
    [InlineData(17, true, "<html><body>Odoo is restarting</body></html>")]
    [InlineData(19, true, "<html><body>Odoo is restarting</body></html>")]
    public async Task TruncatedOrMalformedJson_Is503_AndNotRetried(int odooVersion, bool write, string body)
    {
        var gateway = _fixture.Gateway(odooVersion);
        var (model, method) = write ? (OrderModel, CreateMethod) : (StockModel, ReadMethod);
        gateway.Fault(model, method, Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(body));

        var (response, elapsed) = write ? await SubmitOrderAsync(odooVersion) : await ReadAsync(gateway);

        var problem = await ExpectUnavailableAsync(response);
        Assert.DoesNotContain("<html>", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, gateway.Calls(model, method));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Read_SlowerThanTheAttemptTimeoutOnce_IsRetriedAndAnswered(int odooVersion)
    {
        var gateway = _fixture.Gateway(odooVersion);
        // The sandbox's queue delays only the next call that reaches it: the first attempt.
        gateway.Sandbox.Faults.Enqueue(new SandboxFault(SandboxFaultKind.Delay, TimeSpan.FromSeconds(4)));

        var (response, elapsed) = await ReadAsync(gateway);

        var stock = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("DESK0005", stock["sku"]!.GetValue<string>());
        Assert.Equal(2, gateway.Calls(StockModel, ReadMethod));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Read_SlowerThanTheTotalBudget_Is504WithinTheBudget(int odooVersion)
    {
        var gateway = _fixture.Gateway(odooVersion);
        gateway.Fault(StockModel, ReadMethod, Response.Create().WithStatusCode(200).WithBody("[]").WithDelay(TimeSpan.FromSeconds(15)));

        var (response, elapsed) = await ReadAsync(gateway);

        await response.ExpectProblemAsync(HttpStatusCode.GatewayTimeout, "odoo_timeout");
        Assert.InRange(gateway.Calls(StockModel, ReadMethod), 2, 3);
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Write_SlowerThanTheAttemptTimeout_Is504_AndSentOnce(int odooVersion)
    {
        var gateway = _fixture.Gateway(odooVersion);
        var created = odooVersion >= 19 ? "[999999]" : """{"jsonrpc": "2.0", "id": 1, "result": 999999}""";
        gateway.Fault(OrderModel, CreateMethod, Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(created).WithDelay(TimeSpan.FromSeconds(15)));

        var (response, elapsed) = await SubmitOrderAsync(odooVersion);

        await response.ExpectProblemAsync(HttpStatusCode.GatewayTimeout, "odoo_timeout");
        Assert.Equal(1, gateway.Calls(OrderModel, CreateMethod));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    public static TheoryData<int, bool, string, int, HttpStatusCode, string> OdooErrorKinds()
    {
        var data = new TheoryData<int, bool, string, int, HttpStatusCode, string>();
        foreach (var version in new[] { 17, 19 })
        {
            foreach (var write in new[] { false, true })
            {
                data.Add(version, write, "odoo.exceptions.ValidationError", 422, HttpStatusCode.UnprocessableEntity, "odoo_rejected");
                data.Add(version, write, "odoo.exceptions.UserError", 422, HttpStatusCode.UnprocessableEntity, "odoo_rejected");
                data.Add(version, write, "odoo.exceptions.AccessError", 403, HttpStatusCode.BadGateway, "odoo_credentials_refused");
                data.Add(version, write, "odoo.exceptions.AccessDenied", 401, HttpStatusCode.BadGateway, "odoo_credentials_refused");
                data.Add(version, write, "odoo.exceptions.MissingError", 404, HttpStatusCode.NotFound, "not_found");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OdooErrorKinds))]
    public async Task OdooError_IsTheMatchingProblem_SentOnce_WithoutTraceback(int odooVersion, bool write, string odooName, int json2Status, HttpStatusCode expected, string errorCode)
    {
        var gateway = _fixture.Gateway(odooVersion);
        var (model, method) = write ? (OrderModel, CreateMethod) : (StockModel, ReadMethod);
        const string message = "Fault injected: the record is not acceptable";
        gateway.Fault(model, method, gateway.OdooError(odooName, message, json2Status));

        var (response, elapsed) = write ? await SubmitOrderAsync(odooVersion) : await ReadAsync(gateway);

        var problem = await response.ExpectProblemAsync(expected, errorCode);
        if (expected == HttpStatusCode.UnprocessableEntity)
        {
            Assert.Equal(message, problem["detail"]!.GetValue<string>());
        }

        Assert.DoesNotContain("http.py", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, gateway.Calls(model, method));
        Assert.InRange(elapsed, TimeSpan.Zero, gateway.TotalTimeout + Margin);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SessionExpired_InsideHttp200_Is503WithRetryAfter_SentOnce(bool write)
    {
        var gateway = _fixture.Gateway(17);
        var (model, method) = write ? (OrderModel, CreateMethod) : (StockModel, ReadMethod);
        gateway.Fault(model, method, gateway.OdooError("odoo.http.SessionExpiredException", "Session expired", json2Status: 401, jsonRpcCode: 100));

        var (response, _) = write ? await SubmitOrderAsync(17) : await ReadAsync(gateway);

        await ExpectUnavailableAsync(response);
        Assert.Equal(1, gateway.Calls(model, method));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExpiredApiKey_OverJson2_Is502CredentialsRefused_SentOnce(bool write)
    {
        var gateway = _fixture.Gateway(19);
        var (model, method) = write ? (OrderModel, CreateMethod) : (StockModel, ReadMethod);
        gateway.Fault(model, method, gateway.OdooError("werkzeug.exceptions.Unauthorized", "Invalid apikey", json2Status: 401));

        var (response, _) = write ? await SubmitOrderAsync(19) : await ReadAsync(gateway);

        await response.ExpectProblemAsync(HttpStatusCode.BadGateway, "odoo_credentials_refused");
        Assert.Equal(1, gateway.Calls(model, method));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Readiness_WhileOdooAnswers_ReportsOdooAndAClosedCircuit(int odooVersion)
    {
        using var client = _fixture.Gateway(odooVersion).Client();

        var report = await (await client.GetAsync("/health/ready")).ExpectAsync(HttpStatusCode.OK);

        var odoo = report["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "odoo")!;
        Assert.Equal("Healthy", odoo["status"]!.GetValue<string>());
        // Anyone may read readiness: it says Odoo answered, not which version over which protocol.
        Assert.Equal("Odoo answered", odoo["description"]!.GetValue<string>());
        Assert.Equal("Closed", odoo["data"]!["circuit"]!.GetValue<string>());
    }

    private static async Task<JsonNode> ExpectUnavailableAsync(HttpResponseMessage response, int? retryAfterSeconds = null)
    {
        var problem = await response.ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "odoo_unavailable");
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        if (retryAfterSeconds is { } seconds)
        {
            Assert.Equal(TimeSpan.FromSeconds(seconds), retryAfter);
        }

        return problem;
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> ReadAsync(FaultyOdooGateway gateway)
    {
        using var client = gateway.Client("Stock.Read");
        return await FaultyOdooGateway.TimedAsync(() => client.GetAsync("/api/v1/stock/DESK0005"));
    }

    private async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> SubmitOrderAsync(int odooVersion)
    {
        using var client = _fixture.Gateway(odooVersion).Client("Orders.Write", "Orders.Read");
        var submission = new
        {
            salesforceId = TestApi.Unique("801"),
            customerId = _fixture.CustomerId(odooVersion),
            lines = new[] { new { sku = "DESK0005", quantity = 1 } },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/orders") { Content = System.Net.Http.Json.JsonContent.Create(submission) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return await FaultyOdooGateway.TimedAsync(() => client.SendAsync(request));
    }
}
