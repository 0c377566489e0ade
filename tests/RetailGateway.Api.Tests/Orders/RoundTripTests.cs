using System.Globalization;
using System.Net;
using RetailGateway.Api.Tests.Hosting;
using Xunit.Abstractions;

namespace RetailGateway.Api.Tests.Orders;

/// <summary>
/// How many Odoo calls an operation costs, counted where Odoo receives them (the sandbox), after a warm-up that loads
/// what the gateway keeps (version probe, login, reference data). Prints the calls-per-operation table of the README.
/// </summary>
public abstract class RoundTripTests(GatewayFixture gateway, ITestOutputHelper output)
{
    private readonly HttpClient _client = gateway.Client("Orders.Read", "Orders.Write", "Customers.Write", "Customers.Read");

    [Fact]
    public async Task EachOperation_CostsTheOdooCallsOfTheTable()
    {
        // Warm-up: the first calls probe the server and load the reference data the gateway keeps for an hour.
        var customerId = await CreateCustomerV2Async(TestApi.Unique("001"));
        var orderId = await SubmitOrderAsync(customerId);

        var createCustomer = await CountAsync(() => CreateCustomerV2Async(TestApi.Unique("001")));
        var getCustomer = await CountAsync(async () => await (await _client.GetAsync($"/api/v2/customers/{customerId}")).ExpectAsync(HttpStatusCode.OK));
        var upsertedId = TestApi.Unique("001");
        var upsertCreate = await CountAsync(() => UpsertCustomerV2Async(upsertedId, "9 Dock Rd", HttpStatusCode.Created));
        var upsertReplace = await CountAsync(() => UpsertCustomerV2Async(upsertedId, "12 Pier Ave", HttpStatusCode.OK));
        var submit = await CountAsync(() => SubmitOrderAsync(customerId));
        var submitV2 = await CountAsync(() => SubmitOrderAsync(customerId, "/api/v2/orders"));
        var getOrder = await CountAsync(async () => await (await _client.GetAsync($"/api/v1/orders/{orderId}")).ExpectAsync(HttpStatusCode.OK));
        var listOrders = await CountAsync(async () =>
        {
            var page = await (await _client.GetAsync($"/api/v1/orders?customerId={customerId}&limit=1")).ExpectAsync(HttpStatusCode.OK);
            // A page with a next cursor and lines: the nested read served a full page.
            Assert.NotNull(page["nextCursor"]);
            Assert.NotEmpty(page["items"]![0]!["lines"]!.AsArray());
        });
        var cancel = await CountAsync(async () =>
        {
            var cancelled = await (await _client.PostAsync($"/api/v1/orders/{orderId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        });

        output.WriteLine($"Odoo {gateway.Sandbox.Options.Version}: calls per operation (after warm-up)");
        output.WriteLine("| Operation | Odoo calls |");
        output.WriteLine("|---|---|");
        foreach (var (operation, calls) in new[]
        {
            ("GET /api/v1/orders/{id}", getOrder),
            ("GET /api/v1/orders (a page)", listOrders),
            ("GET /api/v2/customers/{id}", getCustomer),
            ("POST /api/v2/customers (with shipping address)", createCustomer),
            ("PUT /api/v2/customers/by-salesforce-id/{id}, creating (with shipping address)", upsertCreate),
            ("PUT /api/v2/customers/by-salesforce-id/{id}, replacing (with shipping address)", upsertReplace),
            ("POST /api/v1/orders", submit),
            ("POST /api/v2/orders", submitV2),
            ("POST /api/v1/orders/{id}/cancel", cancel),
        })
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {operation} | {calls} |"));
        }

        Assert.Equal(1, getOrder);
        Assert.Equal(1, listOrders);
        Assert.Equal(1, getCustomer);
        Assert.InRange(createCustomer, 1, 3);
        Assert.InRange(upsertCreate, 1, 3);
        Assert.InRange(upsertReplace, 1, 3);
        Assert.InRange(submit, 1, 5);
        Assert.InRange(submitV2, 1, 5);
        Assert.InRange(cancel, 1, 3);
    }

    private async Task<int> CountAsync(Func<Task> operation)
    {
        gateway.Sandbox.Calls.Reset();
        await operation();
        return gateway.Sandbox.Calls.Total;
    }

    private async Task<string> CreateCustomerV2Async(string salesforceId)
    {
        var created = await (await _client.PostJsonAsync("/api/v2/customers", new
        {
            salesforceId,
            name = "Round Trip Co " + salesforceId,
            billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
            shippingAddress = new { street = "9 Dock Rd", city = "Springfield", postalCode = "62702", countryCode = "US" },
        })).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("9 Dock Rd", created["shippingAddress"]!["street"]!.GetValue<string>());
        return created["customerId"]!.GetValue<string>();
    }

    /// <summary>Creates or replaces the customer; the answer shows the shipping address written.</summary>
    private async Task UpsertCustomerV2Async(string salesforceId, string shippingStreet, HttpStatusCode status)
    {
        var upserted = await (await _client.SendJsonAsync(HttpMethod.Put, $"/api/v2/customers/by-salesforce-id/{salesforceId}", new
        {
            name = "Upsert Co " + salesforceId,
            billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
            shippingAddress = new { street = shippingStreet, city = "Springfield", postalCode = "62702", countryCode = "US" },
        })).ExpectAsync(status);
        Assert.Equal(shippingStreet, upserted["shippingAddress"]!["street"]!.GetValue<string>());
    }

    private async Task<string> SubmitOrderAsync(string customerId, string path = "/api/v1/orders")
    {
        var submitted = await (await _client.SubmitOrderAsync(
            new
            {
                salesforceId = TestApi.Unique("801"),
                customerId,
                orderDate = "2026-11-01",
                lines = new object[] { new { sku = "DESK0005", quantity = 2 } },
            },
            path: path)).ExpectAsync(HttpStatusCode.Created);
        // The caller's order date survived the confirmation, which stamps its own.
        Assert.Equal("2026-11-01", submitted["orderDate"]!.GetValue<string>());
        return submitted["orderId"]!.GetValue<string>();
    }
}

public sealed class RoundTripsOverJsonRpc(JsonRpcGateway gateway, ITestOutputHelper output) : RoundTripTests(gateway, output), IClassFixture<JsonRpcGateway>;

public sealed class RoundTripsOverJson2(Json2Gateway gateway, ITestOutputHelper output) : RoundTripTests(gateway, output), IClassFixture<Json2Gateway>;
