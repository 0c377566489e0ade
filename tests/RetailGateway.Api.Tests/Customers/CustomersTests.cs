using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Customers;

/// <summary>Customer endpoints through the real host, against the sandbox over each Odoo protocol.</summary>
public abstract class CustomersTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Customers.Read", "Customers.Write");

    private static object NewCustomer(string salesforceId, string? email = null) => new
    {
        salesforceId,
        name = "Acme Retail " + salesforceId,
        email = email ?? $"{salesforceId.ToLowerInvariant()}@acme.example",
        phone = "+1 555 0100",
        isCompany = true,
        vatNumber = "US123456789",
        billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
    };

    [Fact]
    public async Task Create_ThenGet_ReturnsTheCustomerWithLocation()
    {
        var salesforceId = TestApi.Unique("001");
        var response = await _client.PostJsonAsync("/api/v1/customers", NewCustomer(salesforceId));
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created["customerId"]!.GetValue<string>();
        Assert.Equal($"/api/v1/customers/{id}", response.Headers.Location?.OriginalString);

        var customer = await (await _client.GetAsync(response.Headers.Location)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(salesforceId, customer["salesforceId"]!.GetValue<string>());
        Assert.Equal("Acme Retail " + salesforceId, customer["name"]!.GetValue<string>());
        Assert.True(customer["isCompany"]!.GetValue<bool>());
        Assert.Equal("US123456789", customer["vatNumber"]!.GetValue<string>());
        var address = customer["billingAddress"]!;
        Assert.Equal("Springfield", address["city"]!.GetValue<string>());
        Assert.Equal("62701", address["postalCode"]!.GetValue<string>());
        Assert.Equal("IL", address["stateCode"]!.GetValue<string>());
        Assert.Equal("US", address["countryCode"]!.GetValue<string>());
        Assert.EndsWith("Z", customer["updatedAt"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithAnExistingSalesforceId_ReturnsTheExistingCustomerAndCreatesNothing()
    {
        var salesforceId = TestApi.Unique("001");
        var first = await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(salesforceId))).ExpectAsync(HttpStatusCode.Created);
        var creates = gateway.Sandbox.Calls.Creates("res.partner");

        var second = await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(salesforceId))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first["customerId"]!.GetValue<string>(), second["customerId"]!.GetValue<string>());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("res.partner"));
    }

    [Fact]
    public async Task Search_BySalesforceIdAndEmail_FindsOnlyThatCustomer()
    {
        var salesforceId = TestApi.Unique("001");
        var email = $"{salesforceId.ToLowerInvariant()}@search.example";
        var created = await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(salesforceId, email))).ExpectAsync(HttpStatusCode.Created);

        var bySalesforceId = await (await _client.GetAsync($"/api/v1/customers?salesforceId={salesforceId}")).ExpectAsync(HttpStatusCode.OK);
        var byEmail = await (await _client.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(email.ToUpperInvariant())}")).ExpectAsync(HttpStatusCode.OK);

        foreach (var page in new[] { bySalesforceId, byEmail })
        {
            var item = Assert.Single(page["items"]!.AsArray());
            Assert.Equal(created["customerId"]!.GetValue<string>(), item!["customerId"]!.GetValue<string>());
            Assert.Null(page["nextCursor"]);
        }
    }

    /// <summary>The email filter is an exact match: LIKE wildcards in it match themselves, so they enumerate nothing.</summary>
    [Theory]
    [InlineData("%")]
    [InlineData("%%")]
    [InlineData("%_@_%")]
    [InlineData("_%")]
    public async Task Search_ByAnEmailOfWildcards_AnswersAnEmptyPage(string email)
    {
        var page = await (await _client.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(email)}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Empty(page["items"]!.AsArray());
        Assert.Null(page["nextCursor"]);
    }

    [Fact]
    public async Task Search_ByAnEmailWithAnUnderscore_FindsThatCustomerAndNotOneAWildcardWouldMatch()
    {
        var salesforceId = TestApi.Unique("001");
        var email = $"{salesforceId.ToLowerInvariant()}_a@scope.example";
        var created = await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(salesforceId, email))).ExpectAsync(HttpStatusCode.Created);
        var lookalike = TestApi.Unique("001");
        await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(lookalike, email.Replace("_a@", "xa@", StringComparison.Ordinal)))).ExpectAsync(HttpStatusCode.Created);

        var page = await (await _client.GetAsync($"/api/v1/customers?email={Uri.EscapeDataString(email)}")).ExpectAsync(HttpStatusCode.OK);

        var item = Assert.Single(page["items"]!.AsArray());
        Assert.Equal(created["customerId"]!.GetValue<string>(), item!["customerId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_PagesWithCursor_VisitsEveryCustomerOnce()
    {
        var seen = await _client.ReadAllPagesAsync("/api/v1/customers", 2, "customerId");

        Assert.True(seen.Count >= 3, "The seeded sandbox has several customers.");
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var onePage = await (await _client.GetAsync("/api/v1/customers?limit=200")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(onePage["items"]!.AsArray().Select(i => i!["customerId"]!.GetValue<string>()), seen);
    }

    [Fact]
    public async Task Search_UpdatedSinceTheFuture_ReturnsEmptyItems()
    {
        var page = await (await _client.GetAsync("/api/v1/customers?updatedSince=2099-01-01T00:00:00Z")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
        Assert.Null(page["nextCursor"]);
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheGivenFields()
    {
        var salesforceId = TestApi.Unique("001");
        var created = await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(salesforceId))).ExpectAsync(HttpStatusCode.Created);
        var id = created["customerId"]!.GetValue<string>();

        var patched = await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v1/customers/{id}", new { phone = "+1 555 0199", vatNumber = "", name = (string?)null }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("+1 555 0199", patched["phone"]!.GetValue<string>());
        Assert.Null(patched["vatNumber"]);
        Assert.Equal(created["name"]!.GetValue<string>(), patched["name"]!.GetValue<string>());
        Assert.Equal(created["email"]!.GetValue<string>(), patched["email"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_CreatesThenReplaces()
    {
        var salesforceId = TestApi.Unique("001");
        var url = $"/api/v1/customers/by-salesforce-id/{salesforceId}";
        var first = await _client.SendJsonAsync(HttpMethod.Put, url, new { name = "Upsert Co", email = "a@upsert.example", billingAddress = new { countryCode = "US" } });
        var created = await first.ExpectAsync(HttpStatusCode.Created);
        Assert.NotNull(first.Headers.Location);

        var replaced = await (await _client.SendJsonAsync(HttpMethod.Put, url, new { name = "Upsert Co Renamed" })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(created["customerId"]!.GetValue<string>(), replaced["customerId"]!.GetValue<string>());
        Assert.Equal("Upsert Co Renamed", replaced["name"]!.GetValue<string>());
        Assert.Null(replaced["email"]);
        Assert.Null(replaced["billingAddress"]!["countryCode"]);
        Assert.Equal(salesforceId, replaced["salesforceId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_WithADifferentSalesforceIdInTheBody_IsRefused()
    {
        var response = await _client.SendJsonAsync(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{TestApi.Unique("001")}", new { salesforceId = "001OTHER", name = "X" });
        var problem = await response.ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("salesforceId", problem.ErrorFields());
    }

    [Fact]
    public async Task Get_UnknownCustomer_Is404()
    {
        await (await _client.GetAsync("/api/v1/customers/99999999")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1.5")]
    public async Task Get_IdOfTheWrongShape_Is400(string id)
    {
        var problem = await (await _client.GetAsync($"/api/v1/customers/{id}")).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("customerId", problem.ErrorFields());
    }

    [Fact]
    public async Task Create_WithoutName_Is400AndCreatesNothing()
    {
        var creates = gateway.Sandbox.Calls.Creates("res.partner");
        var problem = await (await _client.PostJsonAsync("/api/v1/customers", new { email = "x@example.com" })).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("name", problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("res.partner"));
    }

    [Fact]
    public async Task Create_WithInvalidFields_ListsEveryBadField()
    {
        var problem = await (await _client.PostJsonAsync("/api/v1/customers", new
        {
            name = "X",
            email = "not-an-email",
            billingAddress = new { countryCode = "USA" },
        })).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("email", problem.ErrorFields());
        Assert.Contains("billingAddress.countryCode", problem.ErrorFields());
    }

    [Fact]
    public async Task Create_WithUnknownCountry_Is400AndCreatesNothing()
    {
        var creates = gateway.Sandbox.Calls.Creates("res.partner");
        var problem = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "X", billingAddress = new { countryCode = "QQ" } }))
            .ExpectProblemAsync(HttpStatusCode.BadRequest, "unknown_country");
        Assert.Contains("billingAddress.countryCode", problem.ErrorFields());
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("res.partner"));
    }

    /// <summary>Every customer write path holds a field to the same rule: what POST refuses, PATCH and PUT refuse too, before Odoo.</summary>
    [Theory]
    [InlineData("POST", 1, "email", "not-an-email")]
    [InlineData("POST", 2, "email", "not-an-email")]
    [InlineData("PATCH", 1, "email", "not-an-email")]
    [InlineData("PATCH", 2, "email", "not-an-email")]
    [InlineData("PUT", 1, "email", "not-an-email")]
    [InlineData("PUT", 2, "email", "not-an-email")]
    [InlineData("PATCH", 1, "email", "two@at@signs.example")]
    [InlineData("PATCH", 2, "name", "")]
    [InlineData("PUT", 2, "name", "")]
    [InlineData("PATCH", 1, "phone", "a phone number longer than sixty-four characters is refused on every path")]
    public async Task Write_WithAValueAFieldsRuleRefuses_Is400OnEveryPath_AndNothingReachesOdoo(string method, int version, string field, string value)
    {
        var existing = await (await _client.PostJsonAsync("/api/v1/customers", NewCustomer(TestApi.Unique("001")))).ExpectAsync(HttpStatusCode.Created);
        var body = new Dictionary<string, object?> { ["name"] = "Rule Co", [field] = value };
        var url = method switch
        {
            "POST" => $"/api/v{version}/customers",
            "PATCH" => $"/api/v{version}/customers/{existing["customerId"]!.GetValue<string>()}",
            _ => $"/api/v{version}/customers/by-salesforce-id/{existing["salesforceId"]!.GetValue<string>()}",
        };
        var writes = gateway.Sandbox.Calls.Count("res.partner", "write");
        var creates = gateway.Sandbox.Calls.Creates("res.partner");

        var problem = await (await _client.SendJsonAsync(new HttpMethod(method), url, body)).ExpectProblemAsync(HttpStatusCode.BadRequest, "validation_failed");

        // A required name that is empty breaks two rules (present, and 1 to 256 characters): one field either way.
        Assert.Equal([field], problem.ErrorFields().Distinct());
        Assert.Equal(writes, gateway.Sandbox.Calls.Count("res.partner", "write"));
        Assert.Equal(creates, gateway.Sandbox.Calls.Creates("res.partner"));
    }

    [Fact]
    public async Task EmptyEmail_MeansNoneOnCreate_AndClearsOnPatch()
    {
        var created = await (await _client.PostJsonAsync("/api/v1/customers", new { name = "No Mail Co", email = "" })).ExpectAsync(HttpStatusCode.Created);
        Assert.Null(created["email"]);

        var id = (await (await _client.PostJsonAsync("/api/v2/customers", NewCustomer(TestApi.Unique("001")))).ExpectAsync(HttpStatusCode.Created))["customerId"]!.GetValue<string>();
        var patched = await (await _client.SendJsonAsync(HttpMethod.Patch, $"/api/v2/customers/{id}", new { email = "" })).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(patched["email"]);
    }

    [Fact]
    public async Task Patch_UnknownCustomer_Is404AndWritesNothing()
    {
        var writes = gateway.Sandbox.Calls.Count("res.partner", "write");
        await (await _client.SendJsonAsync(HttpMethod.Patch, "/api/v1/customers/99999999", new { phone = "1" })).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(writes, gateway.Sandbox.Calls.Count("res.partner", "write"));
    }
}

public sealed class CustomersOverJsonRpc(JsonRpcGateway gateway) : CustomersTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class CustomersOverJson2(Json2Gateway gateway) : CustomersTests(gateway), IClassFixture<Json2Gateway>;
