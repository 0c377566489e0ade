using System.Net;
using RetailGateway.Pact.Tests.Engine;
using static RetailGateway.Pact.Tests.Salesforce.SalesforceShapes;

namespace RetailGateway.Pact.Tests.Salesforce;

/// <summary>
/// Consumer <c>SalesforceFlow</c>: the calls Flows make through the HTTP Callout action. Flow sends
/// the Named Credential's token and no custom header (so no <c>Idempotency-Key</c>); its writes are
/// safe through the Salesforce id (upsert by external id), and it cannot read response headers.
/// </summary>
public sealed class SalesforceFlowPactTests : IDisposable
{
    private const string Consumer = "SalesforceFlow";
    private static readonly Dictionary<string, string> C1 = new() { ["salesforceId"] = "001C1000000PACT1" };

    private readonly PactV4 _pact = PactV4.WithHttpInteractions(Consumer, Provider);

    public void Dispose() => _pact.Dispose();

    [Fact]
    public async Task UpsertCustomer_OfANewAccount_Answers201()
    {
        var account = new { name = "Acme Retail", email = "buyer@acme.example", isCompany = true, billingAddress = new { countryCode = "US" } };
        _pact.UponReceiving("an upsert of a new Salesforce Account from a Flow")
            .Given(ProviderStates.NewSalesforceRecord)
            .Callout(HttpMethod.Put, Match.PathFromProviderState("/api/v1/customers/by-salesforce-id/${newSalesforceId}", "/api/v1/customers/by-salesforce-id/001Dn00000FLOW01"))
            .WithJson(account)
            .WillRespond()
            .WithStatus(HttpStatusCode.Created)
            .WithJsonBody(Customer(Id("46"), Match.FromProviderState("${newSalesforceId}", "001Dn00000FLOW01")));

        await VerifyAsync(async flow =>
        {
            var (status, customer, _) = await flow.SendAsync(HttpMethod.Put, "/api/v1/customers/by-salesforce-id/001Dn00000FLOW01", account);
            Assert.Equal(201, status);
            Assert.Equal("001Dn00000FLOW01", customer["salesforceId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task SearchCustomers_BySalesforceId_AnswersAPage()
    {
        _pact.UponReceiving("a search for customers by Salesforce id from a Flow")
            .Given(ProviderStates.CustomerExists, C1)
            .Callout(HttpMethod.Get, "/api/v1/customers")
            .WithQuery("salesforceId", C1["salesforceId"])
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Customer(Id("44"), Match.Type(C1["salesforceId"])), 1) });

        await VerifyAsync(async flow =>
        {
            var (status, page, _) = await flow.SendAsync(HttpMethod.Get, $"/api/v1/customers?salesforceId={C1["salesforceId"]}");
            Assert.Equal(200, status);
            Assert.NotEmpty(page["items"]!.AsArray());
        });
    }

    [Fact]
    public async Task GetOrder_Answers200()
    {
        _pact.UponReceiving("a request for order O1 from a Flow")
            .Given(ProviderStates.OrderExists, C1)
            .Callout(HttpMethod.Get, Match.PathFromProviderState("/api/v1/orders/${orderId}", "/api/v1/orders/27"))
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(Order(Match.FromProviderState("${orderId}", "27"), Match.FromProviderState("${customerId}", "44"), Match.FromProviderState("${orderSalesforceId}", "801Dn00000ORDER1")));

        await VerifyAsync(async flow =>
        {
            var (status, order, _) = await flow.SendAsync(HttpMethod.Get, "/api/v1/orders/27");
            Assert.Equal(200, status);
            Assert.Equal("confirmed", order["status"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Stock_ForOneSku_AnswersItsFigures()
    {
        _pact.UponReceiving("a stock request from a Flow")
            .Given(ProviderStates.SkuAvailable, new Dictionary<string, string> { ["sku"] = "E-COM07", ["warehouse"] = "WH", ["available"] = "25" })
            .Callout(HttpMethod.Get, "/api/v1/stock/E-COM07")
            .WithQuery("warehouse", "WH")
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(StockLevel("E-COM07", 25));

        await VerifyAsync(async flow =>
        {
            var (status, level, _) = await flow.SendAsync(HttpMethod.Get, "/api/v1/stock/E-COM07?warehouse=WH");
            Assert.Equal(200, status);
            Assert.Equal(25m, level["available"]!.GetValue<decimal>());
        });
    }

    [Fact]
    public async Task ListInvoices_OfACustomer_AnswersAPage()
    {
        _pact.UponReceiving("a list of the invoices of a customer from a Flow")
            .Given(ProviderStates.InvoiceExists)
            .Callout(HttpMethod.Get, "/api/v1/invoices")
            .WithQuery("customerId", Match.FromProviderState("${customerId}", "43"))
            .WillRespond()
            .WithStatus(HttpStatusCode.OK)
            .WithJsonBody(new { items = Match.MinType(Invoice(Id("27")), 1) });

        await VerifyAsync(async flow =>
        {
            var (status, page, _) = await flow.SendAsync(HttpMethod.Get, "/api/v1/invoices?customerId=43");
            Assert.Equal(200, status);
            Assert.NotEmpty(page["items"]!.AsArray());
        });
    }

    [Fact]
    public async Task WithoutAValidToken_Answers401()
    {
        _pact.UponReceiving("a stock request from a Flow whose token has expired")
            .WithRequest(HttpMethod.Get, "/api/v1/stock/E-COM07")
            .WithHeader("Authorization", "Bearer expired")
            .RespondsProblem(HttpStatusCode.Unauthorized, "unauthenticated");

        await VerifyAsync(async flow =>
        {
            var (status, problem, _) = await flow.SendAsync(HttpMethod.Get, "/api/v1/stock/E-COM07", token: "expired");
            Assert.Equal(401, status);
            Assert.Equal("unauthenticated", problem["errorCode"]!.GetValue<string>());
        });
    }

    private Task VerifyAsync(Func<SalesforceCallout, Task> flow) => SalesforceCallout.VerifyAsync(_pact, isApex: false, flow);
}
