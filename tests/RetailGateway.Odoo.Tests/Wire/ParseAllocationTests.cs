using System.Net;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Transports;
using RetailGateway.Odoo.Wire;
using Xunit.Abstractions;

namespace RetailGateway.Odoo.Tests.Wire;

/// <summary>
/// What reading a page of orders with their details costs, printed rather than asserted (a figure to compare
/// between versions of the code, not a budget): <c>dotnet test tests/RetailGateway.Odoo.Tests --filter ParseAllocationTests
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class ParseAllocationTests(ITestOutputHelper output)
{
    private const int Orders = 50;
    private const int Rounds = 20;

    [Fact]
    public void PageOfOrdersWithDetails_PrintsBytesAllocatedToReadIt()
    {
        var body = RecordedPage.OrdersWithDetails(Orders);
        var answer = new OdooHttpResponse(HttpStatusCode.OK, body, null);
        var details = Read(answer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Rounds; i++)
        {
            Read(answer);
        }

        var perPage = (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;

        output.WriteLine($"web_search_read answer of {Orders} orders ({details.Lines.Count} lines, {details.Pickings.Count} deliveries, {details.Invoices.Count} invoices), {body.Length} bytes: {perPage} bytes allocated to read it");
        Assert.Equal(Orders, details.Orders.Count);
        Assert.Equal(4 * Orders, details.Lines.Count);
        Assert.Equal(Orders, details.Invoices.Count);
    }

    /// <summary>The JSON-RPC envelope and the records in one pass, grouped the way <see cref="OdooSaleOrders"/> groups a <c>web_search_read</c>.</summary>
    private static SaleOrderDetails Read(OdooHttpResponse answer)
    {
        var orders = JsonRpcAnswer.Read(answer, OdooResults.Page(OdooWireContext.Default.SaleOrderRecord), "sale.order", "web_search_read");
        return new SaleOrderDetails(
            orders,
            [.. orders.SelectMany(o => o.Lines.Records)],
            [.. orders.SelectMany(o => o.Pickings.Records).DistinctBy(p => p.Id)],
            [.. orders.SelectMany(o => o.Invoices.Records).DistinctBy(i => i.Id)]);
    }
}
