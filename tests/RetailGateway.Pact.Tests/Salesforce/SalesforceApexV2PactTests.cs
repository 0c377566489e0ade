using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Salesforce.SalesforceShapes;

namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// Consumer <c>SalesforceApex</c> on v2: every callout the kit's <c>RetailGatewayClient</c> makes, as it
/// makes it (bodies without null members, the query names it sends), with the answers its tests read.
/// The kit's Apex tests answer from these interactions by description (the RetailGatewayPact static
/// resource), and its callout mock requires each callout's method, path and query names to be the interaction's.
/// </summary>
public sealed class SalesforceApexV2PactTests : IDisposable
{
    private const string Consumer = "SalesforceApex";
    private static readonly Dictionary<string, string> C1 = new() { ["salesforceId"] = "001C1000000PACT1" };

    /// <summary>The customer the kit's tests build: what Apex sends once null members are left out.</summary>
    private static readonly object Account = new { name = "Acme Retail", email = "buyer@acme.example", isCompany = true, billingAddress = new { countryCode = "US" } };

    private static readonly object Patch = new { email = "orders@acme.example", phone = "+1 555 0199" };

    private readonly PactV4 _pact = PactV4.WithHttpInteractions(Consumer, Provider);

    public void Dispose() => _pact.Dispose();

    [Fact]
    public async Task CreateCustomer_Answers201WithTheCustomer()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a501";
        _pact.UponReceiving("v2: a request to create a customer")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Post, "/api/v2/customers")
            .WithIdempotencyKey(key)
            .WithJson(new { salesforceId = Match.FromProviderState("${newSalesforceId}", "001Dn00000NEWACC"), name = "Acme Retail", email = "buyer@acme.example", isCompany = true, billingAddress = new { countryCode = "US" } })
            .RespondsJson(HttpStatusCode.Created)
            .WithJsonBody(Customer(Id("44"), Match.FromProviderState("${newSalesforceId}", "001Dn00000NEWACC")));

        await PlayAsync(HttpMethod.Post, "/api/v2/customers", new { salesforceId = "001Dn00000NEWACC", name = "Acme Retail", email = "buyer@acme.example", isCompany = true, billingAddress = new { countryCode = "US" } }, key, (status, customer, _) =>
        {
            Assert.Equal(201, status);
            Assert.Equal("001Dn00000NEWACC", customer["salesforceId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task CreateCustomer_WithoutName_Answers400NamingTheField()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a502";
        var body = new { salesforceId = "001Dn00000NEWACC", email = "buyer@acme.example", isCompany = true, billingAddress = new { countryCode = "US" } };
        _pact.UponReceiving("v2: a request to create a customer without a name")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Post, "/api/v2/customers")
            .WithIdempotencyKey(key)
            .WithJson(body)
            .RespondsProblem(HttpStatusCode.BadRequest)
            .WithJsonBody(ValidationProblem("name"));

        await PlayAsync(HttpMethod.Post, "/api/v2/customers", body, key, (status, problem, _) =>
        {
            Assert.Equal(400, status);
            Assert.Equal("name", problem["errors"]![0]!["field"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetCustomer_Answers200()
    {
        _pact.UponReceiving("v2: a request for customer C1")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v2/customers/${customerId}", "/api/v2/customers/44"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Customer(Match.FromProviderState("${customerId}", "44"), Match.Type(C1["salesforceId"])));

        await PlayAsync(HttpMethod.Get, "/api/v2/customers/44", null, null, (status, customer, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal("44", customer["customerId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetCustomer_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("v2: a request for a customer that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Get, $"/api/v2/customers/{ProviderStates.MissingId}")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await PlayAsync(HttpMethod.Get, $"/api/v2/customers/{ProviderStates.MissingId}", null, null, (status, problem, _) =>
        {
            Assert.Equal(404, status);
            Assert.Equal("not_found", problem["errorCode"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SearchCustomers_BySalesforceId_AnswersAPage()
    {
        _pact.UponReceiving("v2: a search for customers by Salesforce id")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Get, "/api/v2/customers")
            .WithQuery("salesforceId", C1["salesforceId"])
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Customer(Id("44"), Match.Type(C1["salesforceId"])), 1), nextCursor = (string?)null });

        await PlayAsync(HttpMethod.Get, $"/api/v2/customers?salesforceId={C1["salesforceId"]}", null, null, (status, page, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal(C1["salesforceId"], page["items"]![0]!["salesforceId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task UpdateCustomer_ChangesOnlyTheMembersSent()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a503";
        _pact.UponReceiving("v2: a partial update of customer C1")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Patch, Match.PathFromProviderState("/api/v2/customers/${customerId}", "/api/v2/customers/44"))
            .WithIdempotencyKey(key)
            .WithJson(Patch)
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                customerId = Match.FromProviderState("${customerId}", "44"),
                name = Match.Type("Acme Retail"),
                email = "orders@acme.example",
                phone = "+1 555 0199",
                updatedAt = DateTime("2026-11-27T11:09:16Z"),
            });

        await PlayAsync(HttpMethod.Patch, "/api/v2/customers/44", Patch, key, (status, customer, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal("orders@acme.example", customer["email"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task UpdateCustomer_ThatDoesNotExist_Answers404()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a504";
        _pact.UponReceiving("v2: a partial update of a customer that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Patch, $"/api/v2/customers/{ProviderStates.MissingId}")
            .WithIdempotencyKey(key)
            .WithJson(Patch)
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await PlayAsync(HttpMethod.Patch, $"/api/v2/customers/{ProviderStates.MissingId}", Patch, key, (status, _, _) => Assert.Equal(404, status));
    }

    [Fact]
    public async Task UpsertCustomer_OfANewAccount_Answers201()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a505";
        _pact.UponReceiving("v2: an upsert of a new Salesforce Account")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Put, Match.PathFromProviderState("/api/v2/customers/by-salesforce-id/${newSalesforceId}", "/api/v2/customers/by-salesforce-id/001Dn00000UPSERT"))
            .WithIdempotencyKey(key)
            .WithJson(Account)
            .RespondsJson(HttpStatusCode.Created)
            .WithJsonBody(Customer(Id("45"), Match.FromProviderState("${newSalesforceId}", "001Dn00000UPSERT")));

        await PlayAsync(HttpMethod.Put, "/api/v2/customers/by-salesforce-id/001Dn00000UPSERT", Account, key, (status, _, _) => Assert.Equal(201, status));
    }

    [Fact]
    public async Task UpsertCustomer_OfAKnownAccount_Answers200()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a506";
        _pact.UponReceiving("v2: an upsert of the Salesforce Account of customer C1")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Put, $"/api/v2/customers/by-salesforce-id/{C1["salesforceId"]}")
            .WithIdempotencyKey(key)
            .WithJson(Account)
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Customer(Match.FromProviderState("${customerId}", "44"), Match.Type(C1["salesforceId"])));

        await PlayAsync(HttpMethod.Put, $"/api/v2/customers/by-salesforce-id/{C1["salesforceId"]}", Account, key, (status, customer, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal("44", customer["customerId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SubmitOrder_Answers201WithTheConfirmedOrder()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a507";
        _pact.UponReceiving("v2: an order submission")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v2/orders")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Location", Match.Regex("/api/v2/orders/27", "/api/v2/orders/[^/]+$"))
            .WithJsonBody(Order(Id("27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1")));

        await PlayAsync(HttpMethod.Post, "/api/v2/orders", OrderBodyExample("E-COM07", 2), key, (status, order, response) =>
        {
            Assert.Equal(201, status);
            Assert.Equal("confirmed", order["status"]!.GetValue<string>());
            Assert.EndsWith("/api/v2/orders/27", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SubmitOrder_RetriedWithTheSameKey_ReplaysTheSameOrder()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a508";
        _pact.UponReceiving("v2: a retried order submission that was answered already")
            .Given(ProviderStates.OrderSubmitted, new Dictionary<string, string> { ["salesforceId"] = C1["salesforceId"], ["idempotencyKey"] = key })
            .Callout(HttpMethod.Post, "/api/v2/orders")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Idempotent-Replayed", "true")
            .WithJsonBody(Order(Match.FromProviderState("${orderId}", "27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1")));

        await PlayAsync(HttpMethod.Post, "/api/v2/orders", OrderBodyExample("E-COM07", 2), key, (status, order, response) =>
        {
            Assert.Equal(201, status);
            Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal("27", order["orderId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SubmitOrder_WhileTheSameKeyIsRunning_Answers409WithRetryAfter()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a509";
        _pact.UponReceiving("v2: an order submission whose key is still running")
            .Given(ProviderStates.OrderSubmissionRunning, new Dictionary<string, string> { ["salesforceId"] = C1["salesforceId"], ["idempotencyKey"] = key })
            .Callout(HttpMethod.Post, "/api/v2/orders")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsProblem(HttpStatusCode.Conflict)
            .WithHeader("Retry-After", Match.Regex("1", RetryAfterPattern))
            .WithJsonBody(Problem(HttpStatusCode.Conflict, "idempotency_key_in_flight"));

        await PlayAsync(HttpMethod.Post, "/api/v2/orders", OrderBodyExample("E-COM07", 2), key, (status, problem, response) =>
        {
            Assert.Equal(409, status);
            Assert.Equal("idempotency_key_in_flight", problem["errorCode"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        });
    }

    [Fact]
    public async Task SubmitOrder_WithAnUnknownSku_Answers422_AndWithAZeroQuantity_Answers400()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a510";
        _pact.UponReceiving("v2: an order submission with an unknown SKU")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v2/orders")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("NO-SUCH-SKU", 1))
            .RespondsProblem(HttpStatusCode.UnprocessableEntity)
            .WithJsonBody(new
            {
                title = Match.Type("The request was refused."),
                status = 422,
                errorCode = "unknown_sku",
                detail = Match.Type("Some SKUs are not known to Odoo; nothing was created."),
                errors = Match.Type(Array.Empty<object>()),
            });
        _pact.UponReceiving("v2: an order submission with a zero quantity")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v2/orders")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 0))
            .RespondsProblem(HttpStatusCode.BadRequest)
            .WithJsonBody(ValidationProblem("lines[0].quantity"));

        await VerifyAsync(async apex =>
        {
            var (refused, problem, _) = await apex.SendAsync(HttpMethod.Post, "/api/v2/orders", OrderBodyExample("NO-SUCH-SKU", 1), key);
            Assert.Equal(422, refused);
            Assert.Equal("unknown_sku", problem["errorCode"]!.GetValue<string>());
            var (invalid, validation, _) = await apex.SendAsync(HttpMethod.Post, "/api/v2/orders", OrderBodyExample("E-COM07", 0), key);
            Assert.Equal(400, invalid);
            Assert.Equal("lines[0].quantity", validation["errors"]![0]!["field"]!.GetValue<string>());
        });
    }

    /// <summary>Interactions without a provider state are the unauthenticated ones: the verifier replays them without its valid token.</summary>
    [Fact]
    public async Task SubmitOrder_WithAnExpiredToken_Answers401WithAChallenge()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a515";
        _pact.UponReceiving("v2: an order submission with an expired token")
            .WithRequest(HttpMethod.Post, "/api/v2/orders")
            .WithHeader("Authorization", "Bearer expired")
            .WithIdempotencyKey(key)
            .WithJson(OrderBodyExample("E-COM07", 2))
            .RespondsProblem(HttpStatusCode.Unauthorized)
            .WithHeader("WWW-Authenticate", Match.Regex("Bearer", "^Bearer.*"))
            .WithJsonBody(Problem(HttpStatusCode.Unauthorized, "unauthenticated"));

        await PlayAsync(HttpMethod.Post, "/api/v2/orders", OrderBodyExample("E-COM07", 2), key, (status, problem, response) =>
        {
            Assert.Equal(401, status);
            Assert.Equal("unauthenticated", problem["errorCode"]!.GetValue<string>());
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }, token: "expired");
    }

    [Fact]
    public async Task GetOrder_Answers200()
    {
        _pact.UponReceiving("v2: a request for order O1")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v2/orders/${orderId}", "/api/v2/orders/27"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Order(Match.FromProviderState("${orderId}", "27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${orderSalesforceId}", "801Dn00000ORDER1")));

        await PlayAsync(HttpMethod.Get, "/api/v2/orders/27", null, null, (status, order, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal("E-COM07", order["lines"]![0]!["sku"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetOrder_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("v2: a request for an order that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Get, $"/api/v2/orders/{ProviderStates.MissingId}")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await PlayAsync(HttpMethod.Get, $"/api/v2/orders/{ProviderStates.MissingId}", null, null, (status, _, _) => Assert.Equal(404, status));
    }

    [Fact]
    public async Task ListOrders_OfACustomer_AnswersAPage_AndCancelAnswersTheCancelledOrder()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a511";
        _pact.UponReceiving("v2: a list of the orders of customer C1")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Get, "/api/v2/orders")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "44"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Order(Id("27"), Match.FromProviderState("${customerId}", "44"), Match.Type("801Dn00000ORDER1")), 1) });
        _pact.UponReceiving("v2: a cancellation of order O1")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/orders/${orderId}/cancel", "/api/v2/orders/27/cancel"))
            .WithIdempotencyKey(key)
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { orderId = Match.FromProviderState("${orderId}", "27"), status = "cancelled", updatedAt = DateTime("2026-11-27T11:09:16Z") });

        await VerifyAsync(async apex =>
        {
            var (_, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/orders?customerId=44");
            Assert.Equal("44", page["items"]![0]!["customerId"]!.GetValue<string>());
            var (_, cancelled, _) = await apex.SendAsync(HttpMethod.Post, "/api/v2/orders/27/cancel", idempotencyKey: key);
            Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task QueueOrder_Answers202WithTheSubmission()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a512";
        _pact.UponReceiving("v2: a queued order")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v2/order-submissions")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsJson(HttpStatusCode.Accepted)
            .WithJsonBody(new
            {
                submissionId = Match.Type("S1"),
                status = OneOf("queued", "queued", "submitted"),
                apiVersion = 2,
                salesforceId = Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1"),
                queuedAt = Match.Type("2026-11-27T11:09:16Z"),
            });

        await PlayAsync(HttpMethod.Post, "/api/v2/order-submissions", OrderBodyExample("E-COM07", 2), key, (status, submission, _) =>
        {
            Assert.Equal(202, status);
            Assert.Equal("S1", submission["submissionId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task QueueOrder_WhileTheSameKeyIsRunning_Answers409WithRetryAfter()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a513";
        _pact.UponReceiving("v2: a queued order whose key is still running")
            .Given(ProviderStates.OrderSubmissionRunning, new Dictionary<string, string> { ["salesforceId"] = C1["salesforceId"], ["idempotencyKey"] = key })
            .Callout(HttpMethod.Post, "/api/v2/order-submissions")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsProblem(HttpStatusCode.Conflict)
            .WithHeader("Retry-After", Match.Regex("1", RetryAfterPattern))
            .WithJsonBody(Problem(HttpStatusCode.Conflict, "idempotency_key_in_flight"));

        await PlayAsync(HttpMethod.Post, "/api/v2/order-submissions", OrderBodyExample("E-COM07", 2), key, (status, problem, response) =>
        {
            Assert.Equal(409, status);
            Assert.Equal("idempotency_key_in_flight", problem["errorCode"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        });
    }

    [Fact]
    public async Task QueueOrder_WithAZeroQuantity_Answers400AndQueuesNothing()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a514";
        _pact.UponReceiving("v2: a queued order with a zero quantity")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v2/order-submissions")
            .WithIdempotencyKey(key)
            .WithJson(OrderBody("E-COM07", 0))
            .RespondsProblem(HttpStatusCode.BadRequest)
            .WithJsonBody(ValidationProblem("lines[0].quantity"));

        await PlayAsync(HttpMethod.Post, "/api/v2/order-submissions", OrderBodyExample("E-COM07", 0), key, (status, problem, _) =>
        {
            Assert.Equal(400, status);
            Assert.Equal("validation_failed", problem["errorCode"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetOrderSubmission_OfASubmittedOrder_AnswersItsOrder()
    {
        _pact.UponReceiving("v2: a request for the submission of a queued order that was submitted")
            .Given(ProviderStates.OrderQueuedAndSubmitted, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v2/order-submissions/${submissionId}", "/api/v2/order-submissions/S1"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                submissionId = Match.FromProviderState("${submissionId}", "S1"),
                status = "submitted",
                apiVersion = 2,
                salesforceId = Match.FromProviderState("${orderSalesforceId}", "801Dn00000ORDER1"),
                queuedAt = Match.Type("2026-11-27T11:09:16Z"),
                orderId = Match.FromProviderState("${orderId}", "27"),
            });

        await PlayAsync(HttpMethod.Get, "/api/v2/order-submissions/S1", null, null, (status, submission, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal("27", submission["orderId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Stock_ForOneSku_AnswersItsFigures()
    {
        _pact.UponReceiving("v2: a stock request for a SKU with free units")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v2/stock/E-COM07")
            .WithQuery("warehouse", "WH")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(StockLevel("E-COM07", 25));

        await PlayAsync(HttpMethod.Get, "/api/v2/stock/E-COM07?warehouse=WH", null, null, (_, level, _) => Assert.Equal(25m, level["available"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Stock_ForAnUnknownSku_Answers404()
    {
        _pact.UponReceiving("v2: a stock request for an unknown SKU")
            .Given(ProviderStates.SkuUnknown, new Dictionary<string, string> { ["sku"] = "NO-SUCH-SKU" })
            .Callout(HttpMethod.Get, "/api/v2/stock/NO-SUCH-SKU")
            .RespondsProblem(HttpStatusCode.NotFound, "unknown_sku");

        await PlayAsync(HttpMethod.Get, "/api/v2/stock/NO-SUCH-SKU", null, null, (status, problem, _) =>
        {
            Assert.Equal(404, status);
            Assert.Equal("unknown_sku", problem["errorCode"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Stock_WithoutAToken_Answers401()
    {
        _pact.UponReceiving("v2: a stock request without a token")
            .WithRequest(HttpMethod.Get, "/api/v2/stock/E-COM07")
            .WithQuery("warehouse", "WH")
            .RespondsProblem(HttpStatusCode.Unauthorized)
            .WithHeader("WWW-Authenticate", Match.Regex("Bearer", "^Bearer.*"))
            .WithJsonBody(Problem(HttpStatusCode.Unauthorized, "unauthenticated"));

        await PlayAsync(HttpMethod.Get, "/api/v2/stock/E-COM07?warehouse=WH", null, null, (status, _, _) => Assert.Equal(401, status), token: null);
    }

    [Fact]
    public async Task Stock_OverTheClientsBudget_Answers429WithRetryAfter()
    {
        _pact.UponReceiving("v2: a stock request after the client has used its read budget")
            .Given(ProviderStates.ReadBudgetUsed)
            .Callout(HttpMethod.Get, "/api/v2/stock/E-COM07")
            .WithQuery("warehouse", "WH")
            .RespondsProblem(HttpStatusCode.TooManyRequests)
            .WithHeader("Retry-After", Match.Regex("30", RetryAfterPattern))
            .WithJsonBody(Problem(HttpStatusCode.TooManyRequests, "quota_exceeded"));

        await PlayAsync(HttpMethod.Get, "/api/v2/stock/E-COM07?warehouse=WH", null, null, (status, _, response) =>
        {
            Assert.Equal(429, status);
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter!.Delta);
        });
    }

    [Fact]
    public async Task Stock_ForABatch_ListsFiguresAndUnknownSkus()
    {
        _pact.UponReceiving("v2: a stock request for a batch of SKUs")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v2/stock")
            .WithQuery("skus", "E-COM07,NO-SUCH-SKU")
            .WithQuery("warehouse", "WH")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = new[] { StockLevel("E-COM07", 25) }, unknownSkus = new[] { "NO-SUCH-SKU" } });

        await PlayAsync(HttpMethod.Get, "/api/v2/stock?skus=E-COM07,NO-SUCH-SKU&warehouse=WH", null, null, (_, page, _) => Assert.Equal("NO-SUCH-SKU", page["unknownSkus"]![0]!.GetValue<string>()));
    }

    /// <summary>The Flow's stock check asks for an Order's SKUs across the company (no warehouse); WH is its only stocked one here.</summary>
    [Theory]
    [InlineData("v2: a stock request for the SKUs of an order", 25)]
    [InlineData("v2: a stock request for the SKUs of an order with one free unit", 1)]
    public async Task Stock_ForTheSkusOfAnOrder_AnswersTheirFigures(string description, int available)
    {
        _pact.UponReceiving(description)
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = available.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Callout(HttpMethod.Get, "/api/v2/stock")
            .WithQuery("skus", "E-COM07")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = new[] { StockLevel("E-COM07", available, warehouseCode: null) }, unknownSkus = Array.Empty<string>() });

        await PlayAsync(HttpMethod.Get, "/api/v2/stock?skus=E-COM07", null, null, (_, page, _) => Assert.Equal((decimal)available, page["items"]![0]!["available"]!.GetValue<decimal>()));
    }

    [Fact]
    public async Task Stock_ForTheSkusOfAnOrderThatOdooDoesNotKnow_ListsThemAsUnknown()
    {
        _pact.UponReceiving("v2: a stock request for the SKUs of an order that Odoo does not know")
            .Given(ProviderStates.SkuUnknown, new Dictionary<string, string> { ["sku"] = "NO-SUCH-SKU" })
            .Callout(HttpMethod.Get, "/api/v2/stock")
            .WithQuery("skus", "NO-SUCH-SKU")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Array.Empty<object>(), unknownSkus = new[] { "NO-SUCH-SKU" } });

        await PlayAsync(HttpMethod.Get, "/api/v2/stock?skus=NO-SUCH-SKU", null, null, (_, page, _) => Assert.Empty(page["items"]!.AsArray()));
    }

    [Fact]
    public async Task Stock_ForTheSkusOfAnOrder_OverTheClientsBudget_Answers429()
    {
        _pact.UponReceiving("v2: a stock request for the SKUs of an order after the client has used its read budget")
            .Given(ProviderStates.ReadBudgetUsed)
            .Callout(HttpMethod.Get, "/api/v2/stock")
            .WithQuery("skus", "E-COM07")
            .RespondsProblem(HttpStatusCode.TooManyRequests)
            .WithHeader("Retry-After", Match.Regex("30", RetryAfterPattern))
            .WithJsonBody(Problem(HttpStatusCode.TooManyRequests, "quota_exceeded"));

        await PlayAsync(HttpMethod.Get, "/api/v2/stock?skus=E-COM07", null, null, (status, _, _) => Assert.Equal(429, status));
    }

    [Fact]
    public async Task GetInvoice_Answers200_AndListInvoicesAPage()
    {
        _pact.UponReceiving("v2: a request for invoice I1")
            .Given(ProviderStates.InvoiceExists)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v2/invoices/${invoiceId}", "/api/v2/invoices/27"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Invoice(Match.FromProviderState("${invoiceId}", "27")));
        _pact.UponReceiving("v2: a list of the invoices of the customer of invoice I1")
            .Given(ProviderStates.InvoiceExists)
            .Callout(HttpMethod.Get, "/api/v2/invoices")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "43"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Invoice(Id("27")), 1) });

        await VerifyAsync(async apex =>
        {
            var (_, invoice, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/invoices/27");
            Assert.Equal("27", invoice["invoiceId"]!.GetValue<string>());
            var (_, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/invoices?customerId=43");
            Assert.NotEmpty(page["items"]!.AsArray());
        });
    }

    [Fact]
    public async Task GetInvoice_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("v2: a request for an invoice that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Get, $"/api/v2/invoices/{ProviderStates.MissingId}")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await PlayAsync(HttpMethod.Get, $"/api/v2/invoices/{ProviderStates.MissingId}", null, null, (status, _, _) => Assert.Equal(404, status));
    }

    /// <summary>
    /// The poller asks for 200 changes from its stored cursor. hasMore is matched as a boolean: the
    /// second interaction's example is true, so the Apex test of chaining answers from the contract too.
    /// </summary>
    [Theory]
    [InlineData("v2: a poll of the order change feed after order O1 was shipped", false)]
    [InlineData("v2: a poll of the order change feed that has more pages", true)]
    public async Task OrderChanges_FromACursor_ListTheChangedOrders(string description, bool hasMore)
    {
        _pact.UponReceiving(description)
            .Given(ProviderStates.OrderShippedAfterCursor, C1)
            .Callout(HttpMethod.Get, "/api/v2/orders/changes")
            .WithQuery("cursor", Match.FromProviderState("${cursor}", "c1"))
            .WithQuery("limit", "200")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(ShippedOrder(), 1), nextCursor = Match.Type("c2"), hasMore = Match.Type(hasMore) });

        await PlayAsync(HttpMethod.Get, "/api/v2/orders/changes?cursor=c1&limit=200", null, null, (_, page, _) =>
        {
            Assert.Equal("1Z999AA10123456784", page["items"]![0]!["shipments"]![0]!["trackingReference"]!.GetValue<string>());
            Assert.Equal(hasMore, page["hasMore"]!.GetValue<bool>());
        });
    }

    [Fact]
    public async Task OrderChanges_WithAnExpiredToken_Answers401()
    {
        _pact.UponReceiving("v2: a poll of the order change feed with an expired token")
            .WithRequest(HttpMethod.Get, "/api/v2/orders/changes")
            .WithHeader("Authorization", "Bearer expired")
            .WithQuery("cursor", "c1")
            .WithQuery("limit", "200")
            .RespondsProblem(HttpStatusCode.Unauthorized)
            .WithHeader("WWW-Authenticate", Match.Regex("Bearer", "^Bearer.*"))
            .WithJsonBody(Problem(HttpStatusCode.Unauthorized, "unauthenticated"));

        await PlayAsync(HttpMethod.Get, "/api/v2/orders/changes?cursor=c1&limit=200", null, null, (status, _, _) => Assert.Equal(401, status), token: "expired");
    }

    [Fact]
    public async Task InvoiceChanges_FromACursor_ListTheChangedInvoices()
    {
        _pact.UponReceiving("v2: a poll of the invoice change feed after order O1 was invoiced")
            .Given(ProviderStates.OrderInvoicedAfterCursor, C1)
            .Callout(HttpMethod.Get, "/api/v2/invoices/changes")
            .WithQuery("cursor", Match.FromProviderState("${cursor}", "i1"))
            .WithQuery("limit", "200")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                items = Match.MinType(
                    new
                    {
                        invoiceId = Id("28"),
                        kind = "invoice",
                        status = "posted",
                        paymentStatus = OneOf("notPaid", "notPaid", "partiallyPaid", "inPayment", "paid"),
                        customerId = Match.FromProviderState("${customerId}", "44"),
                        orderId = Match.FromProviderState("${orderId}", "27"),
                        amountTotal = Match.Number(736.00m),
                        amountResidual = Match.Number(736.00m),
                        updatedAt = DateTime("2026-11-27T11:09:16Z"),
                    },
                    1),
                nextCursor = Match.Type("i2"),
                hasMore = Match.Type(false),
            });

        await PlayAsync(HttpMethod.Get, "/api/v2/invoices/changes?cursor=i1&limit=200", null, null, (_, page, _) => Assert.Equal("27", page["items"]![0]!["orderId"]!.GetValue<string>()));
    }

    /// <summary>Order O1 as the change feed lists it once shipped with a tracking reference.</summary>
    private static object ShippedOrder() => new
    {
        orderId = Match.FromProviderState("${orderId}", "27"),
        salesforceId = Match.FromProviderState("${orderSalesforceId}", "801Dn00000ORDER1"),
        customerId = Match.FromProviderState("${customerId}", "44"),
        status = "confirmed",
        deliveryStatus = "full",
        paymentStatus = OneOf("notInvoiced", "notInvoiced", "notPaid", "partiallyPaid", "inPayment", "paid"),
        shipments = Match.MinType(new { shipmentId = Id("27"), shipmentNumber = Match.Type("WH/OUT/00014"), status = "shipped", trackingReference = "1Z999AA10123456784" }, 1),
        updatedAt = DateTime("2026-11-27T11:09:16Z"),
    };

    [Fact]
    public async Task Product_BySku_AnswersTheProduct()
    {
        _pact.UponReceiving("v2: a request for a product by SKU")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v2/products/E-COM07")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Product("E-COM07"));

        await PlayAsync(HttpMethod.Get, "/api/v2/products/E-COM07", null, null, (status, product, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal("storable", product["kind"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Product_ForAnUnknownSku_Answers404()
    {
        _pact.UponReceiving("v2: a request for a product by an unknown SKU")
            .Given(ProviderStates.SkuUnknown, new Dictionary<string, string> { ["sku"] = "NO-SUCH-SKU" })
            .Callout(HttpMethod.Get, "/api/v2/products/NO-SUCH-SKU")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await PlayAsync(HttpMethod.Get, "/api/v2/products/NO-SUCH-SKU", null, null, (status, problem, _) =>
        {
            Assert.Equal(404, status);
            Assert.Equal("not_found", problem["errorCode"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Products_WithASku_ListTheProductsCarryingIt()
    {
        _pact.UponReceiving("v2: a request for the products with a SKU")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v2/products")
            .WithQuery("sku", "E-COM07")
            .WithQuery("limit", "200")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Product("E-COM07"), 1) });

        await PlayAsync(HttpMethod.Get, "/api/v2/products?sku=E-COM07&limit=200", null, null, (_, page, _) => Assert.Equal("E-COM07", page["items"]![0]!["sku"]!.GetValue<string>()));
    }

    /// <summary>A catalog sync starts without a cursor; the items are matched on what every product has (a page mixes variants, services and archived products).</summary>
    [Fact]
    public async Task ProductChanges_FromTheStart_ListTheCatalog()
    {
        _pact.UponReceiving("v2: a poll of the product change feed from the start")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v2/products/changes")
            .WithQuery("limit", "200")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                items = Match.MinType(
                    new
                    {
                        sku = Match.Type("E-COM07"),
                        name = Match.Type("Large Cabinet"),
                        kind = OneOf("storable", "storable", "consumable", "service"),
                        listPrice = Match.Number(320),
                        currencyCode = Match.Regex("USD", "^[A-Z]{3}$"),
                        active = Match.Type(true),
                        updatedAt = DateTime("2026-11-27T11:02:33Z"),
                    },
                    1),
                nextCursor = Match.Type("p1"),
                hasMore = Match.Type(false),
            });

        await PlayAsync(HttpMethod.Get, "/api/v2/products/changes?limit=200", null, null, (_, page, _) => Assert.Equal("p1", page["nextCursor"]!.GetValue<string>()));
    }

    /// <summary>A product without variants, as the kit reads it; the members a product may leave null are not matched.</summary>
    private static object Product(string sku) => new
    {
        sku,
        name = Match.Type("Large Cabinet"),
        kind = OneOf("storable", "storable", "consumable", "service"),
        uom = Match.Type("Units"),
        listPrice = Match.Number(320),
        currencyCode = Match.Regex("USD", "^[A-Z]{3}$"),
        taxes = Match.MinType(new { name = Match.Type("15%") }, 0),
        attributes = Match.Type(new JsonArray()),
        active = Match.Type(true),
        updatedAt = DateTime("2026-11-27T11:02:33Z"),
    };

    [Fact]
    public async Task CreateQuote_Answers201WithOdoosPrices()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a530";
        _pact.UponReceiving("v2: a quote creation")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v2/quotes")
            .WithIdempotencyKey(key)
            .WithJson(new { salesforceId = Match.FromProviderState("${newQuoteId}", "0Q0Dn00000QUOTE1"), customerId = Match.FromProviderState("${customerId}", "44"), lines = new[] { new { sku = "E-COM07", quantity = 2m } } })
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Location", Match.Regex("/api/v2/quotes/28", "/api/v2/quotes/[^/]+$"))
            .WithJsonBody(Quote(Id("28"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${newQuoteId}", "0Q0Dn00000QUOTE1")));

        await PlayAsync(HttpMethod.Post, "/api/v2/quotes", new { salesforceId = "0Q0Dn00000QUOTE1", customerId = "44", lines = new[] { new { sku = "E-COM07", quantity = 2m } } }, key, (status, quote, _) =>
        {
            Assert.Equal(201, status);
            Assert.Equal("open", quote["status"]!.GetValue<string>());
            Assert.Equal(640m, quote["amountUntaxed"]!.GetValue<decimal>());
        });
    }

    [Fact]
    public async Task Quotes_AreReadListedAcceptedAndCancelled()
    {
        _pact.UponReceiving("v2: a request for quote Q1")
            .Given(ProviderStates.QuoteExists, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v2/quotes/${quoteId}", "/api/v2/quotes/28"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Quote(Match.FromProviderState("${quoteId}", "28"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${quoteSalesforceId}", "0Q0Dn00000QUOTE1")));
        _pact.UponReceiving("v2: a list of the quotes of customer C1")
            .Given(ProviderStates.QuoteExists, C1)
            .Callout(HttpMethod.Get, "/api/v2/quotes")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "44"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Quote(Id("28"), Match.FromProviderState("${customerId}", "44"), Match.Type("0Q0Dn00000QUOTE1")), 1) });
        _pact.UponReceiving("v2: an acceptance of quote Q1")
            .Given(ProviderStates.QuoteExists, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/quotes/${quoteId}/accept", "/api/v2/quotes/28/accept"))
            .WithIdempotencyKey("5e0f4c2a9b7d41c3a8e6f1d2c3b4a531")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Order(Match.FromProviderState("${quoteId}", "28"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${quoteSalesforceId}", "0Q0Dn00000QUOTE1")));
        _pact.UponReceiving("v2: a cancellation of quote Q1")
            .Given(ProviderStates.QuoteExists, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/quotes/${quoteId}/cancel", "/api/v2/quotes/28/cancel"))
            .WithIdempotencyKey("5e0f4c2a9b7d41c3a8e6f1d2c3b4a532")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { quoteId = Match.FromProviderState("${quoteId}", "28"), status = "cancelled", updatedAt = DateTime("2026-11-27T11:09:16Z") });

        await VerifyAsync(async apex =>
        {
            var (_, quote, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/quotes/28");
            Assert.Equal("E-COM07", quote["lines"]![0]!["sku"]!.GetValue<string>());
            var (_, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/quotes?customerId=44");
            Assert.Equal("44", page["items"]![0]!["customerId"]!.GetValue<string>());
            var (_, order, _) = await apex.SendAsync(HttpMethod.Post, "/api/v2/quotes/28/accept", idempotencyKey: "5e0f4c2a9b7d41c3a8e6f1d2c3b4a531");
            Assert.Equal("confirmed", order["status"]!.GetValue<string>());
            var (_, cancelled, _) = await apex.SendAsync(HttpMethod.Post, "/api/v2/quotes/28/cancel", idempotencyKey: "5e0f4c2a9b7d41c3a8e6f1d2c3b4a532");
            Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task CustomerPrices_AnswerOdoosPricePerSku()
    {
        _pact.UponReceiving("v2: the prices of SKUs for customer C1")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Get, "/api/v2/prices")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "44"))
            .WithQuery("skus", "E-COM07")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new
            {
                customerId = Match.FromProviderState("${customerId}", "44"),
                currencyCode = Match.Type("USD"),
                quantity = Match.Number(1),
                prices = new[]
                {
                    new { sku = "E-COM07", listPrice = Match.Number(320), unitPrice = Match.Number(320), discountPercent = Match.Number(0), subtotal = Match.Number(320), tax = Match.Number(48), total = Match.Number(368) },
                },
            });

        await PlayAsync(HttpMethod.Get, "/api/v2/prices?customerId=44&skus=E-COM07", null, null, (status, prices, _) =>
        {
            Assert.Equal(200, status);
            Assert.Equal(320m, prices["prices"]![0]!["unitPrice"]!.GetValue<decimal>());
        });
    }

    [Fact]
    public async Task CreateReturn_OfADeliveredOrder_Answers201AwaitingTheGoods()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a540";
        _pact.UponReceiving("v2: a return of delivered order O1")
            .Given(ProviderStates.OrderDelivered, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/orders/${orderId}/returns", "/api/v2/orders/27/returns"))
            .WithIdempotencyKey(key)
            .WithJson(CaseBody(1))
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Location", Match.Regex("/api/v2/returns/31", "/api/v2/returns/[^/]+$"))
            .WithJsonBody(Return(Id("31"), Match.FromProviderState("${newCaseId}", "500Dn00000CASE1")));

        await PlayAsync(HttpMethod.Post, "/api/v2/orders/27/returns", CaseBodyExample(1), key, (status, opened, response) =>
        {
            Assert.Equal(201, status);
            Assert.Equal("awaitingReceipt", opened["status"]!.GetValue<string>());
            Assert.Null(opened["receivedAt"]);
            Assert.EndsWith("/api/v2/returns/31", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task CreateReturn_OfMoreThanWasDelivered_Answers422NamingTheLine()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a541";
        _pact.UponReceiving("v2: a return of more than order O1 delivered")
            .Given(ProviderStates.OrderDelivered, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/orders/${orderId}/returns", "/api/v2/orders/27/returns"))
            .WithIdempotencyKey(key)
            .WithJson(CaseBody(3))
            .RespondsProblem(HttpStatusCode.UnprocessableEntity)
            .WithJsonBody(Refusal("return_exceeds_delivered", "lines[0].quantity"));

        await PlayAsync(HttpMethod.Post, "/api/v2/orders/27/returns", CaseBodyExample(3), key, (status, problem, _) =>
        {
            Assert.Equal(422, status);
            Assert.Equal("return_exceeds_delivered", problem["errorCode"]!.GetValue<string>());
            Assert.Equal("lines[0].quantity", problem["errors"]![0]!["field"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Returns_AreReadListedAndReceived()
    {
        _pact.UponReceiving("v2: a request for return R1")
            .Given(ProviderStates.ReturnAwaitingReceipt, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v2/returns/${returnId}", "/api/v2/returns/31"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Return(Match.FromProviderState("${returnId}", "31"), Match.FromProviderState("${returnCaseId}", "500Dn00000CASE1")));
        _pact.UponReceiving("v2: a list of the returns of order O1")
            .Given(ProviderStates.ReturnAwaitingReceipt, C1)
            .Callout(HttpMethod.Get, "/api/v2/returns")
            .WithQuery("orderId", Match.FromProviderState("${orderId}", "27"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Return(Match.FromProviderState("${returnId}", "31"), Match.FromProviderState("${returnCaseId}", "500Dn00000CASE1")), 1) });
        _pact.UponReceiving("v2: a receipt of return R1")
            .Given(ProviderStates.ReturnAwaitingReceipt, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/returns/${returnId}/receive", "/api/v2/returns/31/receive"))
            .WithIdempotencyKey("5e0f4c2a9b7d41c3a8e6f1d2c3b4a542")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Return(Match.FromProviderState("${returnId}", "31"), Match.FromProviderState("${returnCaseId}", "500Dn00000CASE1"), received: true));

        await VerifyAsync(async apex =>
        {
            var (_, read, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/returns/31");
            Assert.Equal("E-COM10", read["lines"]![0]!["sku"]!.GetValue<string>());
            var (_, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v2/returns?orderId=27");
            Assert.Equal("31", page["items"]![0]!["returnId"]!.GetValue<string>());
            var (_, received, _) = await apex.SendAsync(HttpMethod.Post, "/api/v2/returns/31/receive", idempotencyKey: "5e0f4c2a9b7d41c3a8e6f1d2c3b4a542");
            Assert.Equal("received", received["status"]!.GetValue<string>());
            Assert.NotNull(received["receivedAt"]);
        });
    }

    [Fact]
    public async Task CreateCreditNote_ForPartOfAnInvoice_Answers201WithTheDraftCreditNote()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a543";
        _pact.UponReceiving("v2: a credit note of part of invoice I1")
            .Given(ProviderStates.InvoicePosted, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/invoices/${invoiceId}/credit-notes", "/api/v2/invoices/29/credit-notes"))
            .WithIdempotencyKey(key)
            .WithJson(CaseBody(1))
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Location", Match.Regex("/api/v2/invoices/30", "/api/v2/invoices/[^/]+$"))
            .WithJsonBody(CreditNote(Id("30")));

        await PlayAsync(HttpMethod.Post, "/api/v2/invoices/29/credit-notes", CaseBodyExample(1), key, (status, note, _) =>
        {
            Assert.Equal(201, status);
            Assert.Equal("creditNote", note["kind"]!.GetValue<string>());
            Assert.Equal("29", note["reversesInvoiceId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task CreateCreditNote_ForMoreThanWasInvoiced_Answers422NamingTheLine()
    {
        const string key = "5e0f4c2a9b7d41c3a8e6f1d2c3b4a544";
        _pact.UponReceiving("v2: a credit note of more than invoice I1 invoiced")
            .Given(ProviderStates.InvoicePosted, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v2/invoices/${invoiceId}/credit-notes", "/api/v2/invoices/29/credit-notes"))
            .WithIdempotencyKey(key)
            .WithJson(CaseBody(3))
            .RespondsProblem(HttpStatusCode.UnprocessableEntity)
            .WithJsonBody(Refusal("refund_exceeds_invoiced", "lines[0].quantity"));

        await PlayAsync(HttpMethod.Post, "/api/v2/invoices/29/credit-notes", CaseBodyExample(3), key, (status, problem, _) =>
        {
            Assert.Equal(422, status);
            Assert.Equal("refund_exceeds_invoiced", problem["errorCode"]!.GetValue<string>());
            Assert.Equal("lines[0].quantity", problem["errors"]![0]!["field"]!.GetValue<string>());
        });
    }

    /// <summary>
    /// A return, or a partial refund, as a Case's flow sends it: the Case id, a reason and the lines; no shipmentId
    /// (the gateway picks the delivery), no full or post (the credit note stays draft for finance).
    /// </summary>
    private static object CaseBody(decimal quantity) => new
    {
        salesforceId = Match.FromProviderState("${newCaseId}", "500Dn00000CASE1"),
        reason = "Damaged in transit",
        lines = new[] { new { sku = "E-COM10", quantity } },
    };

    private static object CaseBodyExample(decimal quantity) => new
    {
        salesforceId = "500Dn00000CASE1",
        reason = "Damaged in transit",
        lines = new[] { new { sku = "E-COM10", quantity } },
    };

    /// <summary>An order as the kit's client sends it: no null members.</summary>
    private static object OrderBody(string sku, decimal quantity) => new
    {
        salesforceId = Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1"),
        customerId = Match.FromProviderState("${customerId}", "44"),
        notes = "Deliver to loading dock B",
        lines = new[] { new { sku, quantity } },
    };

    private static object OrderBodyExample(string sku, decimal quantity) => new
    {
        salesforceId = "801Dn00000ORDER1",
        customerId = "44",
        notes = "Deliver to loading dock B",
        lines = new[] { new { sku, quantity } },
    };

    private Task PlayAsync(HttpMethod method, string path, object? body, string? idempotencyKey, Action<int, JsonNode, HttpResponseMessage> check, string? token = SalesforceCallout.AccessToken) =>
        VerifyAsync(async apex =>
        {
            var (status, answer, response) = await apex.SendAsync(method, path, body, idempotencyKey, token);
            check(status, answer, response);
        });

    private Task VerifyAsync(Func<SalesforceCallout, Task> apex) => SalesforceCallout.VerifyAsync(_pact, isApex: true, apex);
}
