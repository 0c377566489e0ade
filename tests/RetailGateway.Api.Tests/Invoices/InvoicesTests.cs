using System.Net;
using RetailGateway.Api.Tests.Hosting;

namespace RetailGateway.Api.Tests.Invoices;

/// <summary>Invoice endpoints through the real host, against the seeded sandbox over each Odoo protocol.</summary>
public abstract class InvoicesTests(GatewayFixture gateway)
{
    private readonly HttpClient _client = gateway.Client("Invoices.Read", "Orders.Read");

    [Fact]
    public async Task List_ShowsInvoicesAndCreditNotesInSeveralPaymentStates()
    {
        var page = await (await _client.GetAsync("/api/v1/invoices?limit=200")).ExpectAsync(HttpStatusCode.OK);
        var items = page["items"]!.AsArray().Select(i => i!).ToList();

        Assert.Contains(items, i => i["kind"]!.GetValue<string>() == "creditNote");
        var states = items.Select(i => i["paymentStatus"]!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "paid", "notPaid", "partiallyPaid", "inPayment" }, states);
        foreach (var invoice in items)
        {
            Assert.Equal(
                invoice["amountUntaxed"]!.GetValue<decimal>() + invoice["amountTax"]!.GetValue<decimal>(),
                invoice["amountTotal"]!.GetValue<decimal>());
            Assert.InRange(invoice["amountResidual"]!.GetValue<decimal>(), 0m, invoice["amountTotal"]!.GetValue<decimal>());
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", invoice["invoiceDate"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Get_ReturnsTheInvoiceWithItsOrder()
    {
        var listed = (await (await _client.GetAsync("/api/v1/invoices?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray();
        var withOrder = listed.Select(i => i!).First(i => i["orderId"] is not null);

        var invoice = await (await _client.GetAsync($"/api/v1/invoices/{withOrder["invoiceId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(withOrder.ToJsonString(), invoice.ToJsonString());

        var order = await (await _client.GetAsync($"/api/v1/orders/{invoice["orderId"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(invoice["orderNumber"]!.GetValue<string>(), order["orderNumber"]!.GetValue<string>());
        Assert.Contains(invoice["invoiceId"]!.GetValue<string>(), order["invoiceIds"]!.AsArray().Select(i => i!.GetValue<string>()));
    }

    [Fact]
    public async Task List_FiltersByOrderCustomerAndStatus()
    {
        var listed = (await (await _client.GetAsync("/api/v1/invoices?limit=200")).ExpectAsync(HttpStatusCode.OK))["items"]!.AsArray().Select(i => i!).ToList();
        var sample = listed.First(i => i["orderId"] is not null);

        var byOrder = await (await _client.GetAsync($"/api/v1/invoices?orderId={sample["orderId"]}")).ExpectAsync(HttpStatusCode.OK);
        var byCustomer = await (await _client.GetAsync($"/api/v1/invoices?customerId={sample["customerId"]}&limit=200")).ExpectAsync(HttpStatusCode.OK);
        var drafts = await (await _client.GetAsync("/api/v1/invoices?status=draft&limit=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.All(byOrder["items"]!.AsArray(), i => Assert.Equal(sample["orderId"]!.GetValue<string>(), i!["orderId"]!.GetValue<string>()));
        Assert.Contains(byOrder["items"]!.AsArray(), i => i!["invoiceId"]!.GetValue<string>() == sample["invoiceId"]!.GetValue<string>());
        Assert.All(byCustomer["items"]!.AsArray(), i => Assert.Equal(sample["customerId"]!.GetValue<string>(), i!["customerId"]!.GetValue<string>()));
        Assert.Equal(listed.Count(i => i["customerId"]!.GetValue<string>() == sample["customerId"]!.GetValue<string>()), byCustomer["items"]!.AsArray().Count);
        Assert.Equal(listed.Count(i => i["status"]!.GetValue<string>() == "draft"), drafts["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task List_ForAnOrderWithoutInvoices_IsEmpty()
    {
        var page = await (await _client.GetAsync("/api/v1/invoices?orderId=99999999")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(page["items"]!.AsArray());
    }

    [Fact]
    public async Task Get_UnknownInvoice_Is404()
    {
        await (await _client.GetAsync("/api/v1/invoices/99999999")).ExpectProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}

public sealed class InvoicesOverJsonRpc(JsonRpcGateway gateway) : InvoicesTests(gateway), IClassFixture<JsonRpcGateway>;

public sealed class InvoicesOverJson2(Json2Gateway gateway) : InvoicesTests(gateway), IClassFixture<Json2Gateway>;
