using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Errors;

/// <summary>Bad input gets a clear problem response and changes nothing in Odoo.</summary>
public sealed class BadInputTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private readonly HttpClient _client = gateway.Client("Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read");

    [Theory]
    [InlineData("/api/v1/customers", "{\"name\": ")]
    [InlineData("/api/v1/customers", "[1,2,3]")]
    [InlineData("/api/v1/customers", "{\"name\": 42}")]
    // A member twice (I-JSON): which one counts is a guess, so neither does.
    [InlineData("/api/v2/customers", "{\"name\":\"Twice Ltd\",\"name\":\"Other Ltd\"}")]
    [InlineData("/api/v2/orders", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"customerId\":\"2\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":1}]}")]
    [InlineData("/api/v1/orders", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":1}")]
    [InlineData("/api/v1/orders", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"lines\":{\"sku\":\"DESK0005\"}}")]
    [InlineData("/api/v1/orders", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"orderDate\":\"27/11/2026\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":1}]}")]
    // Numbers as strings: MVC's web defaults would read them.
    [InlineData("/api/v1/orders", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":\"2\"}]}")]
    [InlineData("/api/v2/orders", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":2,\"unitPrice\":\"95\"}]}")]
    [InlineData("/api/v2/order-submissions", "{\"salesforceId\":\"801A\",\"customerId\":\"1\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":2,\"discountPercent\":\"10\"}]}")]
    // Text with a NUL: PostgreSQL under Odoo cannot store it, so Odoo would fail the call half-way.
    [InlineData("/api/v1/customers", "{\"name\":\"Nul\\u0000Ltd\"}")]
    [InlineData("/api/v2/orders", "{\"salesforceId\":\"801NUL\\u0000\",\"customerId\":\"1\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":1}]}")]
    [InlineData("/api/v2/order-submissions", "{\"salesforceId\":\"801NUL\",\"customerId\":\"1\",\"lines\":[{\"sku\":\"DESK\\u00000005\",\"quantity\":1}]}")]
    public async Task MalformedOrMistypedJson_Is400AndWritesNothing(string url, string body)
    {
        var writes = WriteCalls();
        await (await _client.PostRawAsync(url, body, idempotencyKey: Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(writes, WriteCalls());
    }

    [Fact]
    public async Task EmptyBody_Is400()
    {
        await (await _client.PostRawAsync("/api/v1/orders", string.Empty, idempotencyKey: "empty-body")).ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
    }

    [Fact]
    public async Task NonJsonContentType_Is415()
    {
        await (await _client.PostRawAsync("/api/v1/customers", "name=x", "application/x-www-form-urlencoded")).ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("/api/v1/customers")]
    [InlineData("/api/v2/orders")]
    [InlineData("/api/v2/order-submissions")]
    public async Task AnotherJsonMediaTypeOnPost_Is415AndWritesNothing(string url)
    {
        var writes = WriteCalls();
        var body = "[{\"op\":\"replace\",\"path\":\"/name\",\"value\":\"x\"}]";
        await (await _client.PostRawAsync(url, body, "application/json-patch+json", Guid.NewGuid().ToString()))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await _client.PostRawAsync(url, "{\"name\":\"x\"}", "application/merge-patch+json", Guid.NewGuid().ToString()))
            .ExpectProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        Assert.Equal(writes, WriteCalls());
    }

    [Theory]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xE0, 0x80, 0xAF })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task InvalidOrOverlongUtf8_Is400AndWritesNothing(byte[] bad)
    {
        var writes = WriteCalls();
        byte[] body = [.. "{\"salesforceId\":\"001UTF\",\"name\":\"A"u8, .. bad, .. "\"}"u8];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        await (await _client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
        Assert.Equal(writes, WriteCalls());
    }

    [Fact]
    public async Task OversizedBody_Is413AndWritesNothing()
    {
        var writes = WriteCalls();
        var body = "{\"name\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        // As a careful client sends a large body: the gateway answers 413 from Content-Length before the body is
        // sent. Without 100-continue the client may still be writing when the answer closes the connection.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/customers") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        await (await _client.SendAsync(request)).ExpectProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Equal(writes, WriteCalls());
    }

    [Theory]
    [InlineData("/api/v1/customers?cursor=garbage")]
    [InlineData("/api/v1/orders?cursor=djE6LTU")]
    [InlineData("/api/v1/invoices?cursor=%25%25")]
    [InlineData("/api/v1/stock?cursor=abc")]
    [InlineData("/api/v1/orders/changes?cursor=bm90LWEtY3Vyc29y")]
    // c1:253402300799:0, the last second of year 9999: no later second to read from.
    [InlineData("/api/v1/orders/changes?cursor=YzE6MjUzNDAyMzAwNzk5OjA&limit=5")]
    [InlineData("/api/v2/orders/changes?cursor=YzE6MjUzNDAyMzAwNzk5OjA&limit=5")]
    [InlineData("/api/v1/invoices/changes?cursor=YzE6MjUzNDAyMzAwNzk5OjA")]
    [InlineData("/api/v2/invoices/changes?cursor=YzE6MjUzNDAyMzAwNzk5OjA")]
    // c1:253402300800:0, a second beyond year 9999.
    [InlineData("/api/v2/orders/changes?cursor=YzE6MjUzNDAyMzAwODAwOjA")]
    public async Task ACursorTheGatewayDidNotIssue_Is400(string url)
    {
        var problem = await (await _client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "invalid_cursor");
        Assert.Equal(["cursor"], problem.ErrorFields());
    }

    [Theory]
    [InlineData("/api/v1/customers?limit=0")]
    [InlineData("/api/v1/orders?limit=201")]
    [InlineData("/api/v1/invoices?limit=abc")]
    [InlineData("/api/v1/orders?updatedSince=yesterday")]
    [InlineData("/api/v1/orders?customerId=abc")]
    [InlineData("/api/v1/invoices?orderId=-1")]
    // What MVC's own binding would read as something else (found by the bad-input sweep):
    [InlineData("/api/v1/orders?limit=0x10")]
    [InlineData("/api/v2/orders?limit=5&limit=6")]
    [InlineData("/api/v2/customers?limit=%20")]
    [InlineData("/api/v1/orders?customerId=")]
    [InlineData("/api/v2/invoices?customerId=%0D%0A")]
    [InlineData("/api/v1/orders?status=Confirmed")]
    [InlineData("/api/v1/orders?status=1")]
    [InlineData("/api/v2/invoices?status=posted&status=draft")]
    [InlineData("/api/v2/invoices?status=Posted")]
    [InlineData("/api/v2/orders?updatedSince=2026-11-27")]
    [InlineData("/api/v1/customers?updatedSince=2026-11-27T10:00:00")]
    [InlineData("/api/v1/customers?email=a@b.example&email=c@d.example")]
    [InlineData("/api/v1/customers?email=a%00@b.example")]
    [InlineData("/api/v2/orders?salesforceId=801%00")]
    public async Task ABadQuery_Is400(string url)
    {
        await (await _client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Theory]
    [InlineData("/api/v1/orders?status=confirmed&updatedSince=2026-11-27T10:00:00Z&limit=5")]
    [InlineData("/api/v2/invoices?status=posted&updatedSince=2026-11-27T10:00:00%2B01:00")]
    [InlineData("/api/v2/customers?limit=200&email=info@deco-addict.example.com")]
    public async Task AQueryAsDocumented_Is200(string url)
    {
        await (await _client.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/v1/orders?customerId=4%00")]
    [InlineData("/api/v2/invoices?orderId=1%00")]
    public async Task AnIdWithATrailingNul_Is400(string url)
    {
        await (await _client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
    }

    [Fact]
    public async Task AnOrderWhoseCustomerIdEndsInNul_Is400AndWritesNothing()
    {
        var writes = WriteCalls();
        var body = "{\"salesforceId\":\"801NUL\",\"customerId\":\"4\\u0000\",\"lines\":[{\"sku\":\"DESK0005\",\"quantity\":1}]}";
        foreach (var url in new[] { "/api/v1/orders", "/api/v2/orders", "/api/v2/order-submissions" })
        {
            var problem = await (await _client.PostRawAsync(url, body, idempotencyKey: Guid.NewGuid().ToString())).ExpectProblemAsync(HttpStatusCode.BadRequest, "malformed_request");
            Assert.Equal(["customerId"], problem.ErrorFields());
        }

        Assert.Equal(writes, WriteCalls());
    }

    [Fact]
    public async Task AnUnknownApiVersion_IsAProblem()
    {
        var response = await _client.GetAsync("/api/v9/customers/1");
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{response.StatusCode}");
        var problem = await response.ReadJsonAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(problem["errorCode"]);
    }

    [Fact]
    public async Task AnUnknownRoute_Is404Problem()
    {
        await (await _client.GetAsync("/api/v1/nothing-here")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Responses_ReportTheSupportedApiVersions()
    {
        var response = await _client.GetAsync("/api/v1/stock/DESK0005");
        Assert.True(response.Headers.TryGetValues("api-supported-versions", out var versions));
        Assert.Contains("1.0", versions!.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)));
    }

    private int WriteCalls() =>
        gateway.Sandbox.Calls.Creates("res.partner") + gateway.Sandbox.Calls.Count("res.partner", "write")
        + gateway.Sandbox.Calls.Creates("sale.order") + gateway.Sandbox.Calls.Count("sale.order", "action_confirm");
}
