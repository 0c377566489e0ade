using System.Net;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Salesforce.SalesforceShapes;

namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// Consumer <c>SalesforceApex</c> on v1: the callouts deployed Apex classes make, with the answers they
/// branch on (the kit's v2 client is <see cref="SalesforceApexV2PactTests"/>). Each test plays the Apex
/// side against the engine's mock server and checks what Apex reads.
/// </summary>
public sealed class SalesforceApexPactTests : IDisposable
{
    private const string Consumer = "SalesforceApex";
    private static readonly Dictionary<string, string> C1 = new() { ["salesforceId"] = "001C1000000PACT1" };

    /// <summary>A partial update as Apex's <c>JSON.serialize</c> writes it: unset members are null.</summary>
    private static readonly object Patch = new { name = (string?)null, email = "orders@acme.example", phone = "+1 555 0199", isCompany = (bool?)null, vatNumber = (string?)null, billingAddress = (object?)null };

    private static readonly object Account = new { salesforceId = (string?)null, name = "Acme Retail", email = "buyer@acme.example", phone = (string?)null, isCompany = true, vatNumber = (string?)null, billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" } };

    private readonly PactV4 _pact = PactV4.WithHttpInteractions(Consumer, Provider);

    public void Dispose() => _pact.Dispose();

    [Fact]
    public async Task CreateCustomer_Answers201WithTheCustomer()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "510cd3c9eb2e06a7f5c1d88fd11e93fe";
        _pact.UponReceiving("a request to create a customer")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Post, "/api/v1/customers")
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(new
            {
                salesforceId = Match.FromProviderState("${newSalesforceId}", "001Dn00000NEWACC"),
                name = "Acme Retail",
                email = "buyer@acme.example",
                phone = (string?)null,
                isCompany = true,
                vatNumber = (string?)null,
                billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
            })
            .RespondsJson(HttpStatusCode.Created)
            .WithJsonBody(Customer(Id("44"), Match.FromProviderState("${newSalesforceId}", "001Dn00000NEWACC")));

        await VerifyAsync(async apex =>
        {
            var (status, customer, _) = await apex.SendAsync(HttpMethod.Post, "/api/v1/customers", new
            {
                salesforceId = "001Dn00000NEWACC",
                name = "Acme Retail",
                email = "buyer@acme.example",
                phone = (string?)null,
                isCompany = true,
                vatNumber = (string?)null,
                billingAddress = new { street = "1 Market St", city = "Springfield", postalCode = "62701", stateCode = "IL", countryCode = "US" },
            }, idempotencyKey);
            Assert.Equal(201, status);
            Assert.Equal("001Dn00000NEWACC", customer["salesforceId"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(customer["customerId"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task CreateCustomer_WithoutName_Answers400NamingTheField()
    {
        _pact.UponReceiving("a request to create a customer without a name")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Post, "/api/v1/customers")
            .WithJson(new { salesforceId = "001Dn00000NONAME", name = (string?)null, email = "buyer@acme.example" })
            .RespondsProblem(HttpStatusCode.BadRequest)
            .WithJsonBody(ValidationProblem("name"));

        await VerifyAsync(async apex =>
        {
            var (status, problem, _) = await apex.SendAsync(HttpMethod.Post, "/api/v1/customers", new { salesforceId = "001Dn00000NONAME", name = (string?)null, email = "buyer@acme.example" });
            Assert.Equal(400, status);
            Assert.Equal("validation_failed", problem["errorCode"]!.GetValue<string>());
            Assert.NotEmpty(problem["errors"]!.AsArray());
        });
    }

    [Fact]
    public async Task GetCustomer_Answers200()
    {
        _pact.UponReceiving("a request for customer C1")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v1/customers/${customerId}", "/api/v1/customers/44"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Customer(Match.FromProviderState("${customerId}", "44"), Match.Type(C1["salesforceId"])));
        await VerifyAsync(async apex =>
        {
            var (status, customer, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/customers/44");
            Assert.Equal(200, status);
            Assert.Equal("44", customer["customerId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetCustomer_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("a request for a customer that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Get, $"/api/v1/customers/{ProviderStates.MissingId}")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await VerifyAsync(async apex =>
        {
            var (missing, problem, _) = await apex.SendAsync(HttpMethod.Get, $"/api/v1/customers/{ProviderStates.MissingId}");
            Assert.Equal(404, missing);
            Assert.Equal("not_found", problem["errorCode"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SearchCustomers_BySalesforceId_AnswersAPage()
    {
        _pact.UponReceiving("a search for customers by Salesforce id")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Get, "/api/v1/customers")
            .WithQuery("salesforceId", C1["salesforceId"])
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Customer(Id("44"), Match.Type(C1["salesforceId"])), 1), nextCursor = (string?)null });

        await VerifyAsync(async apex =>
        {
            var (status, page, _) = await apex.SendAsync(HttpMethod.Get, $"/api/v1/customers?salesforceId={C1["salesforceId"]}");
            Assert.Equal(200, status);
            Assert.Equal(C1["salesforceId"], page["items"]![0]!["salesforceId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task UpdateCustomer_WithApexNulls_ChangesOnlyWhatIsSet()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "bc0b58530768a38c5f662c680e472c55";
        _pact.UponReceiving("a partial update of customer C1 as Apex serializes it")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Patch, Match.PathFromProviderState("/api/v1/customers/${customerId}", "/api/v1/customers/44"))
            .WithIdempotencyKey(idempotencyKey)
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
        await VerifyAsync(async apex =>
        {
            var (status, customer, _) = await apex.SendAsync(HttpMethod.Patch, "/api/v1/customers/44", Patch, idempotencyKey);
            Assert.Equal(200, status);
            Assert.Equal("orders@acme.example", customer["email"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task UpdateCustomer_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("a partial update of a customer that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Patch, $"/api/v1/customers/{ProviderStates.MissingId}")
            .WithJson(Patch)
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await VerifyAsync(async apex =>
        {
            var (missing, _, _) = await apex.SendAsync(HttpMethod.Patch, $"/api/v1/customers/{ProviderStates.MissingId}", Patch);
            Assert.Equal(404, missing);
        });
    }

    [Fact]
    public async Task UpsertCustomer_OfANewAccount_Answers201()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "6dc069f45360b1c10d86ee30d6696275";
        _pact.UponReceiving("an upsert of a new Salesforce Account")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Put, Match.PathFromProviderState("/api/v1/customers/by-salesforce-id/${newSalesforceId}", "/api/v1/customers/by-salesforce-id/001Dn00000UPSERT"))
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(Account)
            .RespondsJson(HttpStatusCode.Created)
            .WithJsonBody(Customer(Id("45"), Match.FromProviderState("${newSalesforceId}", "001Dn00000UPSERT")));
        await VerifyAsync(async apex =>
        {
            var (created, _, _) = await apex.SendAsync(HttpMethod.Put, "/api/v1/customers/by-salesforce-id/001Dn00000UPSERT", Account, idempotencyKey);
            Assert.Equal(201, created);
        });
    }

    [Fact]
    public async Task UpsertCustomer_OfAKnownAccount_Answers200()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "620eed93d81264f1030968d742a9a017";
        _pact.UponReceiving("an upsert of the Salesforce Account of customer C1")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{C1["salesforceId"]}")
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(Account)
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Customer(Match.FromProviderState("${customerId}", "44"), Match.Type(C1["salesforceId"])));

        await VerifyAsync(async apex =>
        {
            var (replaced, customer, _) = await apex.SendAsync(HttpMethod.Put, $"/api/v1/customers/by-salesforce-id/{C1["salesforceId"]}", Account, idempotencyKey);
            Assert.Equal(200, replaced);
            Assert.Equal("44", customer["customerId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SubmitOrder_Answers201WithTheConfirmedOrder()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "5c9fee02bdd27afd1da9593ff25d5d34";
        _pact.UponReceiving("an order submission")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v1/orders")
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Location", Match.Regex("/api/v1/orders/27", "/api/v1/orders/[^/]+$"))
            .WithJsonBody(Order(Id("27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1")));

        await VerifyAsync(async apex =>
        {
            var (status, order, response) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders", OrderBodyExample("E-COM07", 2), idempotencyKey);
            Assert.Equal(201, status);
            Assert.Equal("confirmed", order["status"]!.GetValue<string>());
            Assert.EndsWith("/api/v1/orders/27", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SubmitOrder_RetriedWithTheSameKey_ReplaysTheSameOrder()
    {
        const string idempotencyKey = "0b7e5c1a4f2d49e8a3c6d5f7e9b1a2c4";
        var state = new Dictionary<string, string> { ["salesforceId"] = C1["salesforceId"], ["idempotencyKey"] = idempotencyKey };
        _pact.UponReceiving("a retried order submission that was answered already")
            .Given(ProviderStates.OrderSubmitted, state)
            .Callout(HttpMethod.Post, "/api/v1/orders")
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsJson(HttpStatusCode.Created)
            .WithHeader("Idempotent-Replayed", "true")
            .WithHeader("Location", Match.Regex("/api/v1/orders/27", "/api/v1/orders/[^/]+$"))
            .WithJsonBody(Order(Match.FromProviderState("${orderId}", "27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1")));

        await VerifyAsync(async apex =>
        {
            var (status, order, response) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders", OrderBodyExample("E-COM07", 2), idempotencyKey);
            Assert.Equal(201, status);
            Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
            Assert.Equal("27", order["orderId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SubmitOrder_WhileTheSameKeyIsRunning_Answers409WithRetryAfter()
    {
        const string idempotencyKey = "7d3f9a2b6c1e48d0b5a4e3f2c1d0b9a8";
        var state = new Dictionary<string, string> { ["salesforceId"] = C1["salesforceId"], ["idempotencyKey"] = idempotencyKey };
        _pact.UponReceiving("an order submission whose key is still running")
            .Given(ProviderStates.OrderSubmissionRunning, state)
            .Callout(HttpMethod.Post, "/api/v1/orders")
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(OrderBody("E-COM07", 2))
            .RespondsProblem(HttpStatusCode.Conflict)
            .WithHeader("Retry-After", Match.Regex("1", RetryAfterPattern))
            .WithJsonBody(Problem(HttpStatusCode.Conflict, "idempotency_key_in_flight"));

        await VerifyAsync(async apex =>
        {
            var (status, problem, response) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders", OrderBodyExample("E-COM07", 2), idempotencyKey);
            Assert.Equal(409, status);
            Assert.Equal("idempotency_key_in_flight", problem["errorCode"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        });
    }

    [Fact]
    public async Task Stock_OverTheClientsBudget_Answers429WithRetryAfter()
    {
        _pact.UponReceiving("a stock request after the client has used its read budget")
            .Given(ProviderStates.ReadBudgetUsed)
            .Callout(HttpMethod.Get, "/api/v1/stock/E-COM07")
            .WithQuery("warehouse", "WH")
            .RespondsProblem(HttpStatusCode.TooManyRequests)
            .WithHeader("Retry-After", Match.Regex("30", RetryAfterPattern))
            .WithJsonBody(Problem(HttpStatusCode.TooManyRequests, "quota_exceeded"));

        await VerifyAsync(async apex =>
        {
            var (status, problem, response) = await apex.SendAsync(HttpMethod.Get, "/api/v1/stock/E-COM07?warehouse=WH");
            Assert.Equal(429, status);
            Assert.Equal("quota_exceeded", problem["errorCode"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter!.Delta);
        });
    }

    [Fact]
    public async Task SubmitOrder_WithAnUnknownSku_Answers422_AndWithAZeroQuantity_Answers400()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "456e307f808cb9314f9ff1e1857eea0c";
        _pact.UponReceiving("an order submission with an unknown SKU")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v1/orders")
            .WithIdempotencyKey(idempotencyKey)
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
        _pact.UponReceiving("an order submission with a zero quantity")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Post, "/api/v1/orders")
            .WithIdempotencyKey(idempotencyKey)
            .WithJson(OrderBody("E-COM07", 0))
            .RespondsProblem(HttpStatusCode.BadRequest)
            .WithJsonBody(ValidationProblem("lines[0].quantity"));

        await VerifyAsync(async apex =>
        {
            var (refused, problem, _) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders", OrderBodyExample("NO-SUCH-SKU", 1), idempotencyKey);
            Assert.Equal(422, refused);
            Assert.Equal("unknown_sku", problem["errorCode"]!.GetValue<string>());
            var (invalid, validation, _) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders", OrderBodyExample("E-COM07", 0), idempotencyKey);
            Assert.Equal(400, invalid);
            Assert.Equal("lines[0].quantity", validation["errors"]![0]!["field"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetOrder_Answers200()
    {
        _pact.UponReceiving("a request for order O1")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v1/orders/${orderId}", "/api/v1/orders/27"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Order(Match.FromProviderState("${orderId}", "27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${orderSalesforceId}", "801Dn00000ORDER1")));
        await VerifyAsync(async apex =>
        {
            var (status, order, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/orders/27");
            Assert.Equal(200, status);
            Assert.Equal("E-COM07", order["lines"]![0]!["sku"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetOrder_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("a request for an order that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Get, $"/api/v1/orders/{ProviderStates.MissingId}")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");

        await VerifyAsync(async apex =>
        {
            var (missing, _, _) = await apex.SendAsync(HttpMethod.Get, $"/api/v1/orders/{ProviderStates.MissingId}");
            Assert.Equal(404, missing);
        });
    }

    [Fact]
    public async Task ListOrders_OfACustomer_AnswersAPage()
    {
        _pact.UponReceiving("a list of the orders of customer C1")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Get, "/api/v1/orders")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "44"))
            .WithQuery("limit", "50")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Order(Id("27"), Match.FromProviderState("${customerId}", "44"), Match.Type("801Dn00000ORDER1")), 1) });

        await VerifyAsync(async apex =>
        {
            var (status, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/orders?customerId=44&limit=50");
            Assert.Equal(200, status);
            Assert.Equal("44", page["items"]![0]!["customerId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task CancelOrder_Answers200WithTheCancelledOrder()
    {
        // A key per interaction: the gateway refuses one key reused for another request.
        const string idempotencyKey = "8f56f4c83d3ff5e36f77bdfcea52d097";
        _pact.UponReceiving("a cancellation of order O1")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Post, Match.PathFromProviderState("/api/v1/orders/${orderId}/cancel", "/api/v1/orders/27/cancel"))
            .WithIdempotencyKey(idempotencyKey)
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { orderId = Match.FromProviderState("${orderId}", "27"), status = "cancelled", updatedAt = DateTime("2026-11-27T11:09:16Z") });

        await VerifyAsync(async apex =>
        {
            var (status, order, _) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders/27/cancel", idempotencyKey: idempotencyKey);
            Assert.Equal(200, status);
            Assert.Equal("cancelled", order["status"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Stock_ForOneSku_AnswersItsFigures_ZeroWhenNoneIsFree_Or404()
    {
        _pact.UponReceiving("a stock request for a SKU with free units")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v1/stock/E-COM07")
            .WithQuery("warehouse", "WH")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(StockLevel("E-COM07", 25));
        _pact.UponReceiving("a stock request for a SKU with nothing free")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "FURN_7777", ["warehouse"] = "WH", ["available"] = "0" })
            .Callout(HttpMethod.Get, "/api/v1/stock/FURN_7777")
            .WithQuery("warehouse", "WH")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { sku = "FURN_7777", warehouseCode = "WH", available = 0.0m, forecast = Match.Number(0) });
        _pact.UponReceiving("a stock request for an unknown SKU")
            .Given(ProviderStates.SkuUnknown, new Dictionary<string, string> { ["sku"] = "NO-SUCH-SKU" })
            .Callout(HttpMethod.Get, "/api/v1/stock/NO-SUCH-SKU")
            .RespondsProblem(HttpStatusCode.NotFound, "unknown_sku");

        await VerifyAsync(async apex =>
        {
            var (status, level, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/stock/E-COM07?warehouse=WH");
            Assert.Equal(200, status);
            Assert.Equal(25m, level["available"]!.GetValue<decimal>());
            var (_, none, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/stock/FURN_7777?warehouse=WH");
            Assert.Equal(0m, none["available"]!.GetValue<decimal>());
            var (missing, problem, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/stock/NO-SUCH-SKU");
            Assert.Equal(404, missing);
            Assert.Equal("unknown_sku", problem["errorCode"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Stock_ForABatch_ListsFiguresAndUnknownSkus()
    {
        _pact.UponReceiving("a stock request for a batch of SKUs")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v1/stock")
            .WithQuery("skus", "E-COM07,NO-SUCH-SKU")
            .WithQuery("warehouse", "WH")
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = new[] { StockLevel("E-COM07", 25) }, unknownSkus = new[] { "NO-SUCH-SKU" } });

        await VerifyAsync(async apex =>
        {
            var (status, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/stock?skus=E-COM07,NO-SUCH-SKU&warehouse=WH");
            Assert.Equal(200, status);
            Assert.Equal("NO-SUCH-SKU", page["unknownSkus"]![0]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetInvoice_Answers200()
    {
        _pact.UponReceiving("a request for invoice I1")
            .Given(ProviderStates.InvoiceExists)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v1/invoices/${invoiceId}", "/api/v1/invoices/27"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(Invoice(Match.FromProviderState("${invoiceId}", "27")));
        await VerifyAsync(async apex =>
        {
            var (status, invoice, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/invoices/27");
            Assert.Equal(200, status);
            Assert.Equal("27", invoice["invoiceId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task GetInvoice_ThatDoesNotExist_Answers404()
    {
        _pact.UponReceiving("a request for an invoice that does not exist")
            .Given(ProviderStates.NothingWithId)
            .Callout(HttpMethod.Get, $"/api/v1/invoices/{ProviderStates.MissingId}")
            .RespondsProblem(HttpStatusCode.NotFound, "not_found");
        await VerifyAsync(async apex =>
        {
            var (missing, _, _) = await apex.SendAsync(HttpMethod.Get, $"/api/v1/invoices/{ProviderStates.MissingId}");
            Assert.Equal(404, missing);
        });
    }

    [Fact]
    public async Task ListInvoices_OfACustomer_AnswersAPage()
    {
        _pact.UponReceiving("a list of the invoices of the customer of invoice I1")
            .Given(ProviderStates.InvoiceExists)
            .Callout(HttpMethod.Get, "/api/v1/invoices")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "43"))
            .RespondsJson(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Invoice(Id("27")), 1) });

        await VerifyAsync(async apex =>
        {
            var (listed, page, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/invoices?customerId=43");
            Assert.Equal(200, listed);
            Assert.NotEmpty(page["items"]!.AsArray());
        });
    }

    /// <summary>Interactions without a provider state are the unauthenticated ones: the verifier replays them without its valid token.</summary>
    [Fact]
    public async Task WithoutAValidToken_Answers401WithAChallenge()
    {
        _pact.UponReceiving("an order submission with an expired token")
            .WithRequest(HttpMethod.Post, "/api/v1/orders")
            .WithHeader("Authorization", "Bearer expired")
            .WithJson(OrderBodyExample("E-COM07", 1))
            .RespondsProblem(HttpStatusCode.Unauthorized)
            .WithHeader("WWW-Authenticate", Match.Regex("Bearer", "^Bearer.*"))
            .WithJsonBody(Problem(HttpStatusCode.Unauthorized, "unauthenticated"));
        _pact.UponReceiving("a stock request without a token")
            .WithRequest(HttpMethod.Get, "/api/v1/stock/E-COM07")
            .RespondsProblem(HttpStatusCode.Unauthorized)
            .WithHeader("WWW-Authenticate", Match.Regex("Bearer", "^Bearer.*"))
            .WithJsonBody(Problem(HttpStatusCode.Unauthorized, "unauthenticated"));

        await VerifyAsync(async apex =>
        {
            var (expired, problem, response) = await apex.SendAsync(HttpMethod.Post, "/api/v1/orders", OrderBodyExample("E-COM07", 1), token: "expired");
            Assert.Equal(401, expired);
            Assert.Equal("unauthenticated", problem["errorCode"]!.GetValue<string>());
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            var (anonymous, _, _) = await apex.SendAsync(HttpMethod.Get, "/api/v1/stock/E-COM07", token: null);
            Assert.Equal(401, anonymous);
        });
    }

    private static object OrderBody(string sku, decimal quantity) => new
    {
        salesforceId = Match.FromProviderState("${newSalesforceId}", "801Dn00000ORDER1"),
        customerId = Match.FromProviderState("${customerId}", "44"),
        orderDate = (string?)null,
        notes = "Deliver to loading dock B",
        lines = new[] { new { sku, quantity, unitPrice = (decimal?)null, discountPercent = (decimal?)null } },
    };

    private static object OrderBodyExample(string sku, decimal quantity) => new
    {
        salesforceId = "801Dn00000ORDER1",
        customerId = "44",
        orderDate = (string?)null,
        notes = "Deliver to loading dock B",
        lines = new[] { new { sku, quantity, unitPrice = (decimal?)null, discountPercent = (decimal?)null } },
    };

    private Task VerifyAsync(Func<SalesforceCallout, Task> apex) => SalesforceCallout.VerifyAsync(_pact, isApex: true, apex);
}
