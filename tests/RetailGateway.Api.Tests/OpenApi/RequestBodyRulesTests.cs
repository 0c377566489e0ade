using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.OpenApi;

/// <summary>
/// What the request schemas promise, the gateway does: bodies as Apex's <c>JSON.serialize</c> writes them
/// (every unset member null) and bodies with members no schema names (ignored) are accepted on every write.
/// </summary>
public sealed class RequestBodyRulesTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private readonly HttpClient _client = gateway.Client("Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write");

    private static string ApexCustomer(string salesforceId) => $$"""
        {"salesforceId":"{{salesforceId}}","name":"Apex Nulls Ltd","email":null,"phone":null,"isCompany":null,"vatNumber":null,
         "billingAddress":null,"shippingAddress":null,"fax":"+1 555 0100"}
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Customer_writes_accept_apex_nulls_and_ignore_unknown_members(int version)
    {
        var salesforceId = TestApi.Unique("001");
        var created = await (await _client.PostRawAsync($"/api/v{version}/customers", ApexCustomer(salesforceId))).ExpectAsync(HttpStatusCode.Created);
        Assert.Null(created["fax"]);
        Assert.Null(created["email"]);
        var customerId = created["customerId"]!.GetValue<string>();

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v{version}/customers/{customerId}")
        {
            Content = new StringContent("""{"name":null,"email":null,"phone":"+1 555 0101","isCompany":null,"vatNumber":null,"billingAddress":null,"shippingAddress":null,"fax":null}""", System.Text.Encoding.UTF8, "application/json"),
        };
        var patched = await (await _client.SendAsync(patch)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Apex Nulls Ltd", patched["name"]!.GetValue<string>());
        Assert.Equal("+1 555 0101", patched["phone"]!.GetValue<string>());

        using var upsert = new HttpRequestMessage(HttpMethod.Put, $"/api/v{version}/customers/by-salesforce-id/{salesforceId}")
        {
            Content = new StringContent(ApexCustomer(salesforceId), System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal(customerId, (await (await _client.SendAsync(upsert)).ExpectAsync(HttpStatusCode.OK))["customerId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api/v1/orders", HttpStatusCode.Created)]
    [InlineData("/api/v2/orders", HttpStatusCode.Created)]
    [InlineData("/api/v2/order-submissions", HttpStatusCode.Accepted)]
    public async Task Order_submissions_accept_apex_nulls_and_ignore_unknown_members(string path, HttpStatusCode expected)
    {
        var customer = await (await _client.PostRawAsync("/api/v1/customers", ApexCustomer(TestApi.Unique("001")))).ExpectAsync(HttpStatusCode.Created);
        var shippingAddressId = path.Contains("v2", StringComparison.Ordinal) ? "\"shippingAddressId\":null," : string.Empty;
        var body = $$"""
            {"salesforceId":"{{TestApi.Unique("801")}}","customerId":"{{customer["customerId"]!.GetValue<string>()}}","orderDate":null,"notes":null,{{shippingAddressId}}
             "lines":[{"sku":"DESK0005","quantity":1,"unitPrice":null,"discountPercent":null,"lineNote":"x"}],"channel":"web"}
            """;

        var answer = await (await _client.PostRawAsync(path, body, idempotencyKey: Guid.NewGuid().ToString())).ExpectAsync(expected);

        Assert.Null(answer["channel"]);
    }
}
