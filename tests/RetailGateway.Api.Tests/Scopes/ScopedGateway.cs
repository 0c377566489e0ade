using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.Api.Tests.Hosting;
using RetailGateway.Api.Tests.Intake;

namespace RetailGateway.Api.Tests.Scopes;

/// <summary>
/// The gateway with data scopes as a retailer lets partners in: two partner apps scoped to a customer tag
/// each, the retailer's own org with all data, and every other client refused. Holds the records each
/// client created (<see cref="WorldAsync"/>), made once per fixture through the public API.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes fixtures through IAsyncLifetime.DisposeAsync.")]
public abstract class ScopedGateway : GatewayFixture
{
    public const string Acme = "partner-acme-app";
    public const string Globex = "partner-globex-app";
    public const string Retail = "retail-org-app";
    public const string AcmeTag = "Partner: Acme";
    public const string GlobexTag = "Partner: Globex";

    public static readonly string[] Everything =
        ["Customers.Read", "Customers.Write", "Orders.Read", "Orders.Write", "Invoices.Read", "Stock.Read", "Gateway.Operate", "Quotes.Read", "Quotes.Write", "Returns.Read", "Returns.Write"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ScopeWorld? _world;

    public HttpClient As(string clientId) => Gateway.ClientFor(clientId, Everything);

    /// <summary>What each client created; built on first use.</summary>
    public async Task<ScopeWorld> WorldAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _world ??= await ScopeWorld.BuildAsync(this);
        }
        finally
        {
            _gate.Release();
        }
    }

    public override async Task DisposeAsync()
    {
        _gate.Dispose();
        await base.DisposeAsync();
    }

    protected override void AddSettings(IDictionary<string, string> settings)
    {
        settings["DataScopes:UnlistedClients"] = "None";
        settings[$"DataScopes:Clients:{Acme}:CustomerTag"] = AcmeTag;
        settings[$"DataScopes:Clients:{Globex}:CustomerTag"] = GlobexTag;
        settings[$"DataScopes:Clients:{Retail}:All"] = "true";
        // The feeds hand out changes one second after they were written, not ten.
        settings["ChangeFeed:SettleWindow"] = "00:00:01";
        IntakeApi.FastWorkers(settings);
    }
}

public sealed class ScopedJsonRpcGateway : ScopedGateway
{
    protected override int OdooVersion => 17;
}

public sealed class ScopedJson2Gateway : ScopedGateway
{
    protected override int OdooVersion => 19;
}

/// <summary>The records one client created, by kind, with the ids a test addresses them by.</summary>
public sealed record Holdings(
    string ClientId,
    string CustomerV1,
    string CustomerV1SalesforceId,
    string CustomerV1Email,
    string CustomerV2,
    string ShippingAddressV2,
    string OrderV1,
    string OrderV1SalesforceId,
    string OrderV2,
    string QueuedOrderV1,
    string QueuedOrderV2,
    string SubmissionV2,
    string Invoice,
    string ExceptionId,
    string Quote,
    string Return)
{
    public IReadOnlyList<string> Customers => [CustomerV1, CustomerV2];

    public IReadOnlyList<string> Orders => [OrderV1, OrderV2, QueuedOrderV1, QueuedOrderV2];
}

/// <summary>Records of both scoped clients and the full client, each created through the API as that client.</summary>
public sealed record ScopeWorld(Holdings Acme, Holdings Globex, string RetailCustomer, string RetailOrder, string RetailInvoice)
{
    public Holdings Of(string clientId) => clientId == ScopedGateway.Acme ? Acme : Globex;

    public Holdings Other(string clientId) => clientId == ScopedGateway.Acme ? Globex : Acme;

    internal static async Task<ScopeWorld> BuildAsync(ScopedGateway gateway)
    {
        var acme = await CreateOwnAsync(gateway, ScopedGateway.Acme);
        var globex = await CreateOwnAsync(gateway, ScopedGateway.Globex);
        // Each scoped client orders for the other's customer: refused, and recorded in its own exception queue.
        var acmeException = await RefusedOrderExceptionAsync(gateway, ScopedGateway.Acme, globex.Customer);
        var globexException = await RefusedOrderExceptionAsync(gateway, ScopedGateway.Globex, acme.Customer);

        var retail = gateway.As(ScopedGateway.Retail);
        var retailCustomer = await CreateCustomerAsync(retail, 1);
        var retailOrder = await SubmitAsync(retail, "/api/v1/orders", new { salesforceId = TestApi.Unique("801"), customerId = retailCustomer.Id, lines = Lines });
        var retailInvoice = gateway.Sandbox.Data.InvoiceOrder(int.Parse(retailOrder.Id, System.Globalization.CultureInfo.InvariantCulture));

        // The change feeds hand out a second once it settled (one second here).
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        return new ScopeWorld(acme.Holdings with { ExceptionId = acmeException }, globex.Holdings with { ExceptionId = globexException }, retailCustomer.Id, retailOrder.Id, Id(retailInvoice));
    }

    private static readonly object[] Lines = [new { sku = "DESK0005", quantity = 1 }];

    private static async Task<(Holdings Holdings, (string Id, string SalesforceId, string Email) Customer)> CreateOwnAsync(ScopedGateway gateway, string clientId)
    {
        var client = gateway.As(clientId);
        var v1 = await CreateCustomerAsync(client, 1);
        var v2 = await CreateCustomerAsync(client, 2);
        var shippingAddress = (await (await client.GetAsync($"/api/v2/customers/{v2.Id}")).ExpectAsync(HttpStatusCode.OK))["shippingAddress"]!["addressId"]!.GetValue<string>();

        var orderV1SalesforceId = TestApi.Unique("801");
        var orderV1 = await SubmitAsync(client, "/api/v1/orders", new { salesforceId = orderV1SalesforceId, customerId = v1.Id, lines = Lines });
        var orderV2 = await SubmitAsync(client, "/api/v2/orders", new { salesforceId = TestApi.Unique("801"), customerId = v2.Id, shippingAddressId = shippingAddress, lines = Lines });

        var queuedV1 = await QueueAsync(client, new { salesforceId = TestApi.Unique("801"), customerId = v1.Id, lines = Lines }, 1);
        var queuedV2 = await QueueAsync(client, new { salesforceId = TestApi.Unique("801"), customerId = v2.Id, shippingAddressId = shippingAddress, lines = Lines }, 2);
        Assert.Equal("submitted", queuedV1.Status["status"]!.GetValue<string>());
        Assert.Equal("submitted", queuedV2.Status["status"]!.GetValue<string>());

        var invoice = gateway.Sandbox.Data.InvoiceOrder(int.Parse(orderV1.Id, System.Globalization.CultureInfo.InvariantCulture));
        var quote = await (await client.SubmitOrderAsync(new { salesforceId = TestApi.Unique("0Q0"), customerId = v2.Id, lines = Lines }, path: "/api/v2/quotes"))
            .ExpectAsync(HttpStatusCode.Created);
        // The v2 order is shipped, and a return of it made.
        gateway.Sandbox.Data.ShipOrder(int.Parse(orderV2.Id, System.Globalization.CultureInfo.InvariantCulture));
        var returned = await (await client.SubmitOrderAsync(new { salesforceId = TestApi.Unique("500"), reason = "Damaged", lines = Lines }, path: $"/api/v2/orders/{orderV2.Id}/returns"))
            .ExpectAsync(HttpStatusCode.Created);
        var holdings = new Holdings(
            clientId,
            v1.Id,
            v1.SalesforceId,
            v1.Email,
            v2.Id,
            shippingAddress,
            orderV1.Id,
            orderV1SalesforceId,
            orderV2.Id,
            queuedV1.Status["orderId"]!.GetValue<string>(),
            queuedV2.Status["orderId"]!.GetValue<string>(),
            queuedV2.SubmissionId,
            Id(invoice),
            ExceptionId: string.Empty,
            Quote: quote["quoteId"]!.GetValue<string>(),
            Return: returned["returnId"]!.GetValue<string>());
        return (holdings, v1);
    }

    private static async Task<string> RefusedOrderExceptionAsync(ScopedGateway gateway, string clientId, (string Id, string SalesforceId, string Email) othersCustomer)
    {
        var salesforceId = TestApi.Unique("801");
        await (await gateway.As(clientId).SubmitOrderAsync(new { salesforceId, customerId = othersCustomer.Id, lines = Lines }))
            .ExpectProblemAsync(HttpStatusCode.UnprocessableEntity, "unknown_customer");
        var entries = await (await gateway.As(ScopedGateway.Retail).GetAsync($"/api/v2/exceptions?clientId={clientId}&reason=unknown_customer&limit=200"))
            .ExpectAsync(HttpStatusCode.OK);
        return entries["items"]!.AsArray().Single(e => e!["salesforceId"]!.GetValue<string>() == salesforceId)!["exceptionId"]!.GetValue<string>();
    }

    internal static async Task<(string Id, string SalesforceId, string Email)> CreateCustomerAsync(HttpClient client, int version)
    {
        var salesforceId = TestApi.Unique("001");
        var email = $"{salesforceId.ToLowerInvariant()}@scope.example.com";
        object body = version == 1
            ? new { salesforceId, name = "Scoped Co " + salesforceId, email }
            : new { salesforceId, name = "Scoped Co " + salesforceId, email, shippingAddress = new { street = "9 Dock Rd", city = "Chicago", countryCode = "US", stateCode = "IL" } };
        var created = await (await client.PostJsonAsync($"/api/v{version}/customers", body)).ExpectAsync(HttpStatusCode.Created);
        return (created["customerId"]!.GetValue<string>(), salesforceId, email);
    }

    private static async Task<(string Id, JsonNode Order)> SubmitAsync(HttpClient client, string path, object order)
    {
        var created = await (await client.SubmitOrderAsync(order, path: path)).ExpectAsync(HttpStatusCode.Created);
        return (created["orderId"]!.GetValue<string>(), created);
    }

    private static async Task<(string SubmissionId, JsonNode Status)> QueueAsync(HttpClient client, object order, int version)
    {
        var response = await client.QueueOrderAsync(order, Guid.NewGuid().ToString(), version);
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        var status = await IntakeApi.WaitAsync(client, response.Headers.Location!.ToString());
        return (accepted["submissionId"]!.GetValue<string>(), status);
    }

    private static string Id(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
