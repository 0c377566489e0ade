using System.Net;
using Asp.Versioning;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Versions;

/// <summary>v1 and v2 side by side: v2 adds shipping addresses, v1 is deprecated by configuration and keeps working.</summary>
public sealed class VersionTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    private readonly HttpClient _client = gateway.Client("Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Stock.Read", "Invoices.Read");

    [Fact]
    public async Task V1Responses_CarryDeprecationSunsetAndLink_AndV2DoesNot()
    {
        var v1 = await _client.GetAsync("/api/v1/stock/DESK0005");
        var v2 = await _client.GetAsync("/api/v2/stock/DESK0005");

        await v1.ExpectAsync(HttpStatusCode.OK);
        await v2.ExpectAsync(HttpStatusCode.OK);
        Assert.True(v1.Headers.Contains("Deprecation"), string.Join("; ", v1.Headers.Select(h => h.Key)));
        Assert.Contains("Wed, 30 Jun 2027", v1.Headers.GetValues("Sunset").Single(), StringComparison.Ordinal);
        Assert.Contains(v1.Headers.GetValues("Link"), l => l.StartsWith("</swagger/v2/swagger.json>", StringComparison.Ordinal));
        Assert.False(v2.Headers.Contains("Deprecation"));
        Assert.False(v2.Headers.Contains("Sunset"));
        Assert.Contains("2.0", v2.Headers.GetValues("api-supported-versions").Single(), StringComparison.Ordinal);
    }

    /// <summary>The fixture's gateway runs as Production: the link a deprecated version sends must lead somewhere there, without a token.</summary>
    [Fact]
    public async Task TheDeprecationAndSunsetLinks_LeadToADocumentServedInProduction()
    {
        using var v1 = await _client.GetAsync("/api/v1/stock/DESK0005");
        var links = LinkHeaderValue.ParseList([.. v1.Headers.GetValues("Link")], relative => new Uri(gateway.BaseAddress, relative));
        Assert.Contains(links, l => l.RelationType == "sunset");
        Assert.Contains(links, l => l.RelationType == "deprecation");

        using var anonymous = gateway.AnonymousClient();
        foreach (var link in links)
        {
            using var target = await anonymous.GetAsync(link.LinkTarget);
            Assert.True(target.StatusCode == HttpStatusCode.OK, $"{link.LinkTarget} ({link.RelationType}) answered {(int)target.StatusCode} in Production.");
        }
    }

    [Theory]
    [InlineData("customers?limit=1")]
    [InlineData("orders?limit=1")]
    [InlineData("stock/DESK0005")]
    [InlineData("invoices?limit=1")]
    public async Task EveryResource_InEveryVersion_ReportsEveryVersion(string path)
    {
        foreach (var version in new[] { 1, 2 })
        {
            using var response = await _client.GetAsync($"/api/v{version}/{path}");
            await response.ExpectAsync(HttpStatusCode.OK);
            Assert.Equal("1.0, 2.0", response.Headers.GetValues("api-supported-versions").Single());
        }
    }

    /// <summary>Also the endpoints no request above reaches: a resource split over two classes must still report both versions.</summary>
    [Fact]
    public void EveryVersionedEndpoint_ReportsEveryVersion()
    {
        var versioned = gateway.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<ApiVersionMetadata>())
            .OfType<ApiVersionMetadata>()
            .Where(m => !m.IsApiVersionNeutral)
            .ToList();

        // Quotes, prices and returns came with v2: v1, frozen, never had them.
        string[] sinceV2 = ["Products", "Quotes", "Prices", "Returns"];

        Assert.NotEmpty(versioned);
        Assert.All(versioned, m => Assert.Equal(
            sinceV2.Contains(m.Name) ? ["2.0"] : ["1.0", "2.0"],
            m.Map(ApiVersionMapping.Explicit | ApiVersionMapping.Implicit).SupportedApiVersions.Select(v => v.ToString())));
    }

    [Fact]
    public async Task AnUnknownVersion_Is400ListingTheSupportedOnes()
    {
        var problem = await (await _client.GetAsync("/api/v9/stock/DESK0005")).ExpectProblemAsync(HttpStatusCode.BadRequest, "unsupported_api_version");
        Assert.Contains("1", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("2", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2Customer_HasSeparateShippingAddress_ThatV1DoesNotShow()
    {
        var created = await (await _client.PostJsonAsync("/api/v2/customers", new
        {
            salesforceId = TestApi.Unique("001"),
            name = "Two Address Co",
            billingAddress = new { street = "1 Market St", city = "Springfield", countryCode = "US", stateCode = "IL" },
            shippingAddress = new { street = "9 Dock Rd", city = "Chicago", countryCode = "US", stateCode = "IL" },
        })).ExpectAsync(HttpStatusCode.Created);
        var id = created["customerId"]!.GetValue<string>();

        var v2 = await (await _client.GetAsync($"/api/v2/customers/{id}")).ExpectAsync(HttpStatusCode.OK);
        var v1 = await (await _client.GetAsync($"/api/v1/customers/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("1 Market St", v2["billingAddress"]!["street"]!.GetValue<string>());
        Assert.Equal("9 Dock Rd", v2["shippingAddress"]!["street"]!.GetValue<string>());
        Assert.Equal("Chicago", v2["shippingAddress"]!["city"]!.GetValue<string>());
        Assert.NotNull(v2["shippingAddress"]!["addressId"]);
        Assert.Null(v1["shippingAddress"]);
        Assert.Equal("1 Market St", v1["billingAddress"]!["street"]!.GetValue<string>());
    }

    [Fact]
    public async Task V2Patch_MovesTheShippingAddress_AndAnUnknownCountryChangesNothing()
    {
        var created = await (await _client.PostJsonAsync("/api/v2/customers", new { name = "Mover Co", shippingAddress = new { street = "Old Rd", countryCode = "US" } })).ExpectAsync(HttpStatusCode.Created);
        var url = $"/api/v2/customers/{created["customerId"]}";

        var moved = await (await _client.SendJsonAsync(HttpMethod.Patch, url, new { shippingAddress = new { street = "New Rd" } })).ExpectAsync(HttpStatusCode.OK);
        var writes = gateway.Sandbox.Calls.Count("res.partner", "write") + gateway.Sandbox.Calls.Creates("res.partner");
        var refused = await _client.SendJsonAsync(HttpMethod.Patch, url, new { phone = "+1 555 0100", shippingAddress = new { countryCode = "QQ" } });

        Assert.Equal("New Rd", moved["shippingAddress"]!["street"]!.GetValue<string>());
        Assert.Equal(created["shippingAddress"]!["addressId"]!.GetValue<string>(), moved["shippingAddress"]!["addressId"]!.GetValue<string>());
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.BadRequest, "unknown_country");
        Assert.Equal(["shippingAddress.countryCode"], problem.ErrorFields());
        Assert.Equal(writes, gateway.Sandbox.Calls.Count("res.partner", "write") + gateway.Sandbox.Calls.Creates("res.partner"));
    }

    [Fact]
    public async Task V2Order_NamesTheShippingAddress_AndAnotherCustomersAddressIsRefused()
    {
        var customer = await (await _client.PostJsonAsync("/api/v2/customers", new { name = "Ship Co", shippingAddress = new { street = "Dock 4", countryCode = "US" } })).ExpectAsync(HttpStatusCode.Created);
        var stranger = await (await _client.PostJsonAsync("/api/v2/customers", new { name = "Other Co", shippingAddress = new { street = "Elsewhere", countryCode = "US" } })).ExpectAsync(HttpStatusCode.Created);
        var addressId = customer["shippingAddress"]!["addressId"]!.GetValue<string>();
        var lines = new object[] { new { sku = "FURN_0002", quantity = 1 } };

        var order = await (await _client.SubmitOrderAsync(new { salesforceId = TestApi.Unique("801"), customerId = customer["customerId"]!.GetValue<string>(), shippingAddressId = addressId, lines }, path: "/api/v2/orders"))
            .ExpectAsync(HttpStatusCode.Created);
        var creates = gateway.Sandbox.Calls.Creates("sale.order");
        var refused = await _client.SubmitOrderAsync(
            new
            {
                salesforceId = TestApi.Unique("801"),
                customerId = customer["customerId"]!.GetValue<string>(),
                shippingAddressId = stranger["shippingAddress"]!["addressId"]!.GetValue<string>(),
                lines,
            },
            path: "/api/v2/orders");
        var v1 = await (await _client.GetAsync($"/api/v1/orders/{order["orderId"]}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(addressId, order["shippingAddressId"]!.GetValue<string>());
        var problem = await refused.ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_shipping_address");
        Assert.Equal(["shippingAddressId"], problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("sale.order"));
        Assert.Null(v1["shippingAddressId"]);
    }
}
