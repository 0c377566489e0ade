using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Intake;

namespace RetailGateway.Api.Tests.Scopes;

/// <summary>
/// Two partner apps scoped to a customer tag each, and the retailer's org with all data, over every operation of
/// both API versions: a client sees, changes and replays only what is in its scope, and a record outside it is a
/// 404 exactly like a missing one.
/// </summary>
public abstract partial class DataScopeTests(ScopedGateway gateway)
{
    private const string Acme = ScopedGateway.Acme;
    private const string Globex = ScopedGateway.Globex;

    public static TheoryData<string> ScopedClients => [Acme, Globex];

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task OwnRecords_AreVisibleByIdToTheirClient_AndToTheFullClient(string clientId)
    {
        var world = await gateway.WorldAsync();
        var own = world.Of(clientId);
        foreach (var client in new[] { gateway.As(clientId), gateway.As(ScopedGateway.Retail) })
        {
            foreach (var version in new[] { 1, 2 })
            {
                foreach (var customer in own.Customers)
                {
                    await (await client.GetAsync($"/api/v{version}/customers/{customer}")).ExpectAsync(HttpStatusCode.OK);
                }

                foreach (var order in own.Orders)
                {
                    await (await client.GetAsync($"/api/v{version}/orders/{order}")).ExpectAsync(HttpStatusCode.OK);
                }

                var invoice = await (await client.GetAsync($"/api/v{version}/invoices/{own.Invoice}")).ExpectAsync(HttpStatusCode.OK);
                Assert.Equal(own.CustomerV1, invoice["customerId"]!.GetValue<string>());
            }
        }
    }

    /// <summary>
    /// Driven by the served OpenAPI documents (the committed openapi.yaml and openapi.v1.yaml, which
    /// OpenApiDocumentTests holds equal to them): every GET addressed by an id in its path, so that an
    /// operation added later is covered, or fails here for want of an id to try.
    /// </summary>
    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task EveryIdAddressedGet_OfAnotherClientsRecord_Is404LikeAMissingOne(string clientId)
    {
        var world = await gateway.WorldAsync();
        var other = world.Other(clientId);
        var caller = gateway.As(clientId);
        var owner = gateway.As(other.ClientId);
        var tried = new List<string>();
        foreach (var version in new[] { "v1", "v2" })
        {
            var document = await (await gateway.AnonymousClient().GetAsync($"/swagger/{version}/swagger.json")).ExpectAsync(HttpStatusCode.OK);
            foreach (var (template, item) in document["paths"]!.AsObject())
            {
                if (item!["get"] is null || !IdParameter().IsMatch(template))
                {
                    continue;
                }

                var url = IdParameter().Replace(template, match => IdOf(other, version, match.Groups[1].Value)
                    ?? throw new InvalidOperationException($"GET {template} ({version}) is addressed by {{{match.Groups[1].Value}}}, which this test has no record for: add one to IdOf."));
                // The id is real: its owner reads it.
                await (await owner.GetAsync(url)).ExpectAsync(HttpStatusCode.OK);
                var problem = await (await caller.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
                Assert.DoesNotContain(other.ClientId, problem.ToJsonString(), StringComparison.Ordinal);
                tried.Add($"{version} {template}");
            }
        }

        // Customers, orders, invoices and exceptions in both versions, and order submissions.
        Assert.True(tried.Count >= 9, string.Join(", ", tried));
    }

    /// <summary>An id of <paramref name="owner"/>'s for a path parameter; null when the test knows none.</summary>
    private static string? IdOf(Holdings owner, string version, string parameter) => parameter switch
    {
        "customerId" => version == "v1" ? owner.CustomerV1 : owner.CustomerV2,
        "orderId" => version == "v1" ? owner.OrderV1 : owner.OrderV2,
        "invoiceId" => owner.Invoice,
        "submissionId" => owner.SubmissionV2,
        "exceptionId" => owner.ExceptionId,
        "quoteId" => owner.Quote,
        "returnId" => owner.Return,
        _ => null,
    };

    [GeneratedRegex(@"\{(\w+Id)\}")]
    private static partial Regex IdParameter();

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task AnotherClientsRecords_AreAbsentFromListsAndSearches(string clientId)
    {
        var world = await gateway.WorldAsync();
        var (own, other) = (world.Of(clientId), world.Other(clientId));
        var client = gateway.As(clientId);
        foreach (var version in new[] { 1, 2 })
        {
            var customers = await client.ReadAllPagesAsync($"/api/v{version}/customers", 200, "customerId");
            Assert.All(own.Customers, id => Assert.Contains(id, customers));
            Assert.All(other.Customers.Append(world.RetailCustomer), id => Assert.DoesNotContain(id, customers));
            // Seeded customers carry no tag: a scoped client sees none of them.
            Assert.DoesNotContain(gateway.Sandbox.Data.PartnerIdByRef("001xx000003DGb2AAG")!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), customers);

            Assert.Empty(await client.ReadAllPagesAsync($"/api/v{version}/customers?email={Uri.EscapeDataString(other.CustomerV1Email)}", 50, "customerId"));
            // The caller may have a customer of its own with the same Salesforce id (see the upsert test), never the other's.
            Assert.DoesNotContain(other.CustomerV1, await client.ReadAllPagesAsync($"/api/v{version}/customers?salesforceId={other.CustomerV1SalesforceId}", 50, "customerId"));
            Assert.Equal([own.CustomerV1], await client.ReadAllPagesAsync($"/api/v{version}/customers?email={Uri.EscapeDataString(own.CustomerV1Email)}", 50, "customerId"));

            var orders = await client.ReadAllPagesAsync($"/api/v{version}/orders", 200, "orderId");
            Assert.All(own.Orders, id => Assert.Contains(id, orders));
            Assert.All(other.Orders.Append(world.RetailOrder), id => Assert.DoesNotContain(id, orders));
            Assert.Empty(await client.ReadAllPagesAsync($"/api/v{version}/orders?customerId={other.CustomerV1}", 50, "orderId"));
            Assert.Empty(await client.ReadAllPagesAsync($"/api/v{version}/orders?salesforceId={other.OrderV1SalesforceId}", 50, "orderId"));
            Assert.Equal([own.OrderV1], await client.ReadAllPagesAsync($"/api/v{version}/orders?salesforceId={own.OrderV1SalesforceId}", 50, "orderId"));

            var invoices = await client.ReadAllPagesAsync($"/api/v{version}/invoices", 200, "invoiceId");
            Assert.Equal([own.Invoice], invoices);
            Assert.Empty(await client.ReadAllPagesAsync($"/api/v{version}/invoices?orderId={other.OrderV1}", 50, "invoiceId"));
            Assert.Empty(await client.ReadAllPagesAsync($"/api/v{version}/invoices?customerId={other.CustomerV1}", 50, "invoiceId"));
            Assert.Equal([own.Invoice], await client.ReadAllPagesAsync($"/api/v{version}/invoices?orderId={own.OrderV1}", 50, "invoiceId"));
        }
    }

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task ChangeFeeds_HandOutOnlyTheClientsOwnRecords(string clientId)
    {
        var world = await gateway.WorldAsync();
        var (own, other) = (world.Of(clientId), world.Other(clientId));
        foreach (var version in new[] { 1, 2 })
        {
            var orders = await ReadFeedAsync(gateway.As(clientId), $"/api/v{version}/orders/changes", "orderId");
            Assert.All(own.Orders, id => Assert.Contains(id, orders));
            Assert.All(other.Orders.Append(world.RetailOrder), id => Assert.DoesNotContain(id, orders));

            var invoices = await ReadFeedAsync(gateway.As(clientId), $"/api/v{version}/invoices/changes", "invoiceId");
            Assert.Equal([own.Invoice], invoices);

            // The full client's feed has everyone's.
            var all = await ReadFeedAsync(gateway.As(ScopedGateway.Retail), $"/api/v{version}/invoices/changes", "invoiceId");
            Assert.Contains(own.Invoice, all);
            Assert.Contains(other.Invoice, all);
            Assert.Contains(world.RetailInvoice, all);
        }
    }

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task WritesOnAnotherClientsRecords_Are404_AndChangeNothing(string clientId)
    {
        var world = await gateway.WorldAsync();
        var other = world.Other(clientId);
        var client = gateway.As(clientId);
        var before = await (await gateway.As(other.ClientId).GetAsync($"/api/v2/customers/{other.CustomerV2}")).ExpectAsync(HttpStatusCode.OK);

        await (await client.SendAsync(Write(HttpMethod.Patch, $"/api/v1/customers/{other.CustomerV1}", new { name = "Taken Over" }))).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.SendAsync(Write(HttpMethod.Patch, $"/api/v2/customers/{other.CustomerV2}", new { name = "Taken Over", shippingAddress = new { street = "1 Elsewhere", countryCode = "US" } })))
            .ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        foreach (var (version, order) in new[] { (1, other.OrderV1), (2, other.OrderV2) })
        {
            await (await client.SendAsync(Write(HttpMethod.Post, $"/api/v{version}/orders/{order}/cancel", null))).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
            Assert.Equal("sale", gateway.Sandbox.Data.OrderState(int.Parse(order, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var after = await (await gateway.As(other.ClientId).GetAsync($"/api/v2/customers/{other.CustomerV2}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task UpsertBySalesforceId_FindsOnlyInScope_AndCreatesTheClientsOwnCustomer(string clientId)
    {
        var world = await gateway.WorldAsync();
        var other = world.Other(clientId);
        // Another scope's customer with this Salesforce id is none of the caller's: the first upsert creates the caller's own (v1),
        // the next finds and replaces that one (v2).
        string? created = null;
        foreach (var (version, status) in new[] { (1, HttpStatusCode.Created), (2, HttpStatusCode.OK) })
        {
            var upserted = await (await gateway.As(clientId).SendAsync(Write(HttpMethod.Put, $"/api/v{version}/customers/by-salesforce-id/{other.CustomerV1SalesforceId}", new { name = "Same Account, Other Partner" })))
                .ExpectAsync(status);
            var id = upserted["customerId"]!.GetValue<string>();
            Assert.NotEqual(other.CustomerV1, id);
            Assert.Equal(created ?? id, id);
            created = id;
            Assert.Equal([TagOf(clientId)], gateway.Sandbox.Data.PartnerTags(int.Parse(id, System.Globalization.CultureInfo.InvariantCulture)));
        }

        var untouched = await (await gateway.As(other.ClientId).GetAsync($"/api/v1/customers/{other.CustomerV1}")).ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith("Scoped Co ", untouched["name"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task OrderForAnotherClientsCustomer_IsRefusedAsAnUnknownCustomer_AndCreatesNothing(string clientId)
    {
        var world = await gateway.WorldAsync();
        var other = world.Other(clientId);
        var client = gateway.As(clientId);
        object[] lines = [new { sku = "DESK0005", quantity = 1 }];

        var v1 = TestApi.Unique("801");
        await (await client.SubmitOrderAsync(new { salesforceId = v1, customerId = other.CustomerV1, lines })).ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");
        // Naming the other customer's real shipping address tells nothing either.
        var v2 = TestApi.Unique("801");
        await (await client.SubmitOrderAsync(new { salesforceId = v2, customerId = other.CustomerV2, shippingAddressId = other.ShippingAddressV2, lines }, path: "/api/v2/orders"))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");

        var queued = new List<string>();
        foreach (var version in new[] { 1, 2 })
        {
            var salesforceId = TestApi.Unique("801");
            queued.Add(salesforceId);
            var response = await client.QueueOrderAsync(new { salesforceId, customerId = other.CustomerV1, lines }, Guid.NewGuid().ToString(), version);
            await response.ExpectAsync(HttpStatusCode.Accepted);
            var status = await IntakeApi.WaitAsync(client, response.Headers.Location!.ToString());
            Assert.Equal("rejected", status["status"]!.GetValue<string>());
            Assert.Equal("unknown_customer", status["errorCode"]!.GetValue<string>());
        }

        Assert.All([v1, v2, .. queued], salesforceId => Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId)));
    }

    [Fact]
    public async Task CustomersAScopedClientCreates_CarryItsTagInOdoo_AndTheFullClientsCarryNone()
    {
        var world = await gateway.WorldAsync();
        foreach (var holdings in new[] { world.Acme, world.Globex })
        {
            foreach (var customer in holdings.Customers)
            {
                Assert.Equal([TagOf(holdings.ClientId)], gateway.Sandbox.Data.PartnerTags(int.Parse(customer, System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        Assert.Empty(gateway.Sandbox.Data.PartnerTags(int.Parse(world.RetailCustomer, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Invoices_FollowTheirCustomer()
    {
        var world = await gateway.WorldAsync();
        var retail = gateway.As(ScopedGateway.Retail);
        foreach (var holdings in new[] { world.Acme, world.Globex })
        {
            var other = world.Other(holdings.ClientId);
            await (await gateway.As(holdings.ClientId).GetAsync($"/api/v2/invoices/{holdings.Invoice}")).ExpectAsync(HttpStatusCode.OK);
            await (await gateway.As(other.ClientId).GetAsync($"/api/v2/invoices/{holdings.Invoice}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await retail.GetAsync($"/api/v2/invoices/{holdings.Invoice}")).ExpectAsync(HttpStatusCode.OK);
        }

        await (await gateway.As(Acme).GetAsync($"/api/v1/invoices/{world.RetailInvoice}")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task ExceptionQueue_ShowsAScopedClientOnlyItsOwnEntries(string clientId)
    {
        var world = await gateway.WorldAsync();
        var (own, other) = (world.Of(clientId), world.Other(clientId));
        var client = gateway.As(clientId);
        foreach (var version in new[] { 1, 2 })
        {
            var listed = await client.ReadAllPagesAsync($"/api/v{version}/exceptions", 200, "exceptionId");
            Assert.Contains(own.ExceptionId, listed);
            Assert.DoesNotContain(other.ExceptionId, listed);
            Assert.Empty(await client.ReadAllPagesAsync($"/api/v{version}/exceptions?clientId={other.ClientId}", 50, "exceptionId"));

            await (await client.SendAsync(Write(HttpMethod.Post, $"/api/v{version}/exceptions/{other.ExceptionId}/replay", null))).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
            await (await client.SendAsync(Write(HttpMethod.Post, $"/api/v{version}/exceptions/{other.ExceptionId}/resolve", new { reason = "not mine" })))
                .ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
        }

        var everyone = await gateway.As(ScopedGateway.Retail).ReadAllPagesAsync("/api/v2/exceptions", 200, "exceptionId");
        Assert.Contains(own.ExceptionId, everyone);
        Assert.Contains(other.ExceptionId, everyone);
        var entry = await (await gateway.As(ScopedGateway.Retail).GetAsync($"/api/v2/exceptions/{other.ExceptionId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("open", entry["status"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ScopedClients))]
    public async Task AReplayByTheFullClient_RunsUnderTheScopeOfTheEntrysClient(string clientId)
    {
        var world = await gateway.WorldAsync();
        var client = gateway.As(clientId);
        // A fresh refusal: the client ordered for a customer outside its scope.
        var salesforceId = TestApi.Unique("801");
        await (await client.SubmitOrderAsync(new { salesforceId, customerId = world.Other(clientId).CustomerV1, lines = new object[] { new { sku = "DESK0005", quantity = 1 } } }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");
        var entries = await (await client.GetAsync("/api/v2/exceptions?reason=unknown_customer&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var exceptionId = entries["items"]!.AsArray().Single(e => e!["salesforceId"]!.GetValue<string>() == salesforceId)!["exceptionId"]!.GetValue<string>();

        // Under the full client's own scope the customer would be found and the order created.
        var replayed = await (await gateway.As(ScopedGateway.Retail).SendAsync(Write(HttpMethod.Post, $"/api/v2/exceptions/{exceptionId}/replay", null))).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("refused", replayed["outcome"]!.GetValue<string>());
        Assert.Equal("unknown_customer", replayed["queuedException"]!["reason"]!.GetValue<string>());
        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
    }

    [Fact]
    public async Task AnUnlistedClient_IsRefused403OnEveryClientDataOperation_ButReadsStock()
    {
        var world = await gateway.WorldAsync();
        var client = gateway.As("forgotten-partner-app");
        var salesforceId = TestApi.Unique("801");
        object order = new { salesforceId, customerId = world.RetailCustomer, lines = new object[] { new { sku = "DESK0005", quantity = 1 } } };
        var requests = new List<Func<HttpRequestMessage>>
        {
            () => new(HttpMethod.Get, "/api/v2/customers"),
            () => new(HttpMethod.Get, $"/api/v1/customers/{world.RetailCustomer}"),
            () => Write(HttpMethod.Post, "/api/v2/customers", new { name = "Sneaky Co" }),
            () => Write(HttpMethod.Patch, $"/api/v1/customers/{world.RetailCustomer}", new { name = "Sneaky Co" }),
            () => Write(HttpMethod.Put, $"/api/v2/customers/by-salesforce-id/{TestApi.Unique("001")}", new { name = "Sneaky Co" }),
            () => new(HttpMethod.Get, "/api/v1/orders"),
            () => new(HttpMethod.Get, $"/api/v2/orders/{world.RetailOrder}"),
            () => Write(HttpMethod.Post, "/api/v1/orders", order),
            () => Write(HttpMethod.Post, "/api/v2/order-submissions", order),
            () => Write(HttpMethod.Post, $"/api/v1/orders/{world.RetailOrder}/cancel", null),
            () => new(HttpMethod.Get, "/api/v2/orders/changes"),
            () => new(HttpMethod.Get, "/api/v1/invoices"),
            () => new(HttpMethod.Get, $"/api/v2/invoices/{world.RetailInvoice}"),
            () => new(HttpMethod.Get, "/api/v1/invoices/changes"),
            () => new(HttpMethod.Get, $"/api/v2/order-submissions/{world.Acme.SubmissionV2}"),
            () => new(HttpMethod.Get, "/api/v2/exceptions"),
            () => new(HttpMethod.Get, $"/api/v2/exceptions/{world.Acme.ExceptionId}"),
            () => Write(HttpMethod.Post, $"/api/v2/exceptions/{world.Acme.ExceptionId}/replay", null),
        };
        foreach (var request in requests)
        {
            var sent = request();
            var problem = await (await client.SendAsync(sent)).ExpectProblemAsync(HttpStatusCode.Forbidden, "no_data_scope");
            Assert.Contains("DataScopes:Clients", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(0, gateway.Sandbox.Data.FindOrdersBySalesforceId(salesforceId));
        await (await client.GetAsync("/api/v2/stock?skus=DESK0005")).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AScopeWhoseTagIsMissingInOdoo_Is503NamingTheTag_NeverAllData()
    {
        const string ghost = "partner-ghost-app";
        await using var instance = await gateway.StartInstanceAsync(new Dictionary<string, string?> { [$"DataScopes:Clients:{ghost}:CustomerTag"] = "Partner: Ghost" });
        var client = instance.ClientFor(ghost, ScopedGateway.Everything);
        foreach (var url in new[] { "/api/v2/customers", "/api/v1/orders", "/api/v2/invoices/changes", "/api/v1/customers/1" })
        {
            var problem = await (await client.GetAsync(url)).ExpectProblemAsync(HttpStatusCode.ServiceUnavailable, "scope_unavailable");
            Assert.Contains("'Partner: Ghost'", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var warning = await instance.Logs.WaitForAsync(r => r.EventId.Id == 6001);
        Assert.Equal("Partner: Ghost", warning["Tag"]);
    }

    [Fact]
    public async Task TheAuditEventOfAWrite_NamesTheScope()
    {
        await gateway.WorldAsync();
        var acme = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == "RetailGateway.Audit" && r["ClientId"] == Acme && r["Operation"] == "createCustomer");
        Assert.Equal($"tag:{ScopedGateway.AcmeTag}", acme["Scope"]);
        var retail = await gateway.Gateway.Logs.WaitForAsync(r => r.Category == "RetailGateway.Audit" && r["ClientId"] == ScopedGateway.Retail && r["Operation"] == "createCustomer");
        Assert.Equal("all", retail["Scope"]);
    }

    private static string TagOf(string clientId) => clientId == Acme ? ScopedGateway.AcmeTag : ScopedGateway.GlobexTag;

    private static HttpRequestMessage Write(HttpMethod method, string url, object? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body, options: TestApi.JsonOptions);
        }

        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    /// <summary>Every id a change feed hands out, from the start to where it has no more.</summary>
    private static async Task<IReadOnlyList<string>> ReadFeedAsync(HttpClient client, string url, string idMember)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var page = await (await client.GetAsync($"{url}?limit=200" + (cursor is null ? string.Empty : $"&cursor={cursor}"))).ExpectAsync(HttpStatusCode.OK);
            ids.AddRange(page["items"]!.AsArray().Select(i => i![idMember]!.GetValue<string>()));
            cursor = page["nextCursor"]!.GetValue<string>();
            if (page["hasMore"]!.GetValue<bool>() is false)
            {
                return ids;
            }
        }

        throw new InvalidOperationException($"{url} did not reach its end in 1000 pages.");
    }
}

public sealed class DataScopesOverJsonRpc(ScopedJsonRpcGateway gateway) : DataScopeTests(gateway), IClassFixture<ScopedJsonRpcGateway>;

public sealed class DataScopesOverJson2(ScopedJson2Gateway gateway) : DataScopeTests(gateway), IClassFixture<ScopedJson2Gateway>;

/// <summary>A scope that names both all data and a tag, or neither, stops the start and names the client.</summary>
public sealed class DataScopeSettingsTests(JsonRpcGateway gateway) : IClassFixture<JsonRpcGateway>
{
    [Theory]
    [InlineData("true", "Partner: Acme")]
    [InlineData("false", null)]
    [InlineData(null, " ")]
    public async Task AClientScope_MustBeAllOrOneTag(string? all, string? tag)
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?>
        {
            ["DataScopes:Clients:half-configured-app:All"] = all,
            ["DataScopes:Clients:half-configured-app:CustomerTag"] = tag,
            // A section needs one value to exist at all.
            ["DataScopes:Clients:half-configured-app:Note"] = "set by a hurried admin",
        }));
        Assert.NotNull(error);
        Assert.Contains("DataScopes:Clients:half-configured-app must set exactly one of All (true) or CustomerTag", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownUnlistedClientsRule_StopsTheStart()
    {
        var error = await Record.ExceptionAsync(() => gateway.StartInstanceAsync(new Dictionary<string, string?> { ["DataScopes:UnlistedClients"] = "Some" }));
        Assert.NotNull(error);
        Assert.Contains("DataScopes", error.ToString(), StringComparison.Ordinal);
    }
}
