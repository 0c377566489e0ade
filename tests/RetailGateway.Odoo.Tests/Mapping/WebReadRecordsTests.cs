using System.Text.Json;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

/// <summary><c>web_read</c> answers (many2one as objects, x2many as records) read into the same wire records as <c>read</c> answers.</summary>
public sealed class WebReadRecordsTests
{
    private const string RecordedOrder = "web_read order with nested lines, pickings, invoices";

    [Theory]
    [InlineData(Recording.Odoo17JsonRpcRound2, 11, 31)]
    [InlineData(Recording.Odoo19Json2Round2, 10, 32)]
    public void Read_RecordedWebReadOrder_GivesTheOrderAndItsLines(string file, long partnerId, long shippingId)
    {
        var records = Recorded(file);

        var order = Assert.Single(OdooRecords.Read<SaleOrderRecord>(records));
        var nested = Assert.Single(OdooRecords.Read<SaleOrderNested>(records));

        Assert.Equal(4, order.Id);
        Assert.Equal(new OdooRef(partnerId, "Gemini Furniture"), order.PartnerId);
        // Asked with no fields: the object carries only the id.
        Assert.Equal(new OdooRef(shippingId, string.Empty), order.PartnerShippingId);
        Assert.Empty(order.PickingIds);
        Assert.Equal([8L, 9, 10, 11], nested.OrderLine.Select(l => l.Id));
        Assert.Equal(6, nested.OrderLine[1].ProductId!.Id);
    }

    [Fact]
    public void Read_NestedRecordsInAnX2Many_GivesTheirIdsAndTheRecords()
    {
        var record = JsonElement.Parse("""
            {"id": 4, "name": "S00004", "picking_ids": [{"id": 7, "name": "WH/OUT/00007", "state": "done", "sale_id": {"id": 4, "display_name": "S00004"}}],
             "invoice_ids": [{"id": 9, "partner_id": false}], "order_line": []}
            """);

        var order = Assert.Single(OdooRecords.Read<SaleOrderRecord>([record]));
        var nested = Assert.Single(OdooRecords.Read<SaleOrderNested>([record]));

        Assert.Equal([7L], order.PickingIds);
        Assert.Equal([9L], order.InvoiceIds);
        var picking = Assert.Single(nested.Pickings);
        Assert.Equal(new OdooRef(4, "S00004"), picking.SaleId);
        Assert.Null(Assert.Single(nested.Invoices).PartnerId);
    }

    [Fact]
    public void Read_ManyToOneObjectWithoutId_IsAProtocolMismatch()
    {
        var record = JsonElement.Parse("""{"id": 4, "partner_id": {"display_name": "Gemini Furniture"}}""");

        Assert.Throws<RetailGateway.Odoo.Client.OdooException>(() => OdooRecords.Read<SaleOrderRecord>([record]));
    }

    [Fact]
    public void Specification_OfAnOrder_NestsLinesDeliveriesAndInvoicesAndAsksManyToOnesForTheirNames()
    {
        var specification = WebSpecification.Order([.. PickingRecord.Fields, PickingRecord.TrackingField]);

        Assert.Equal("{}", specification["name"]!.ToJsonString());
        Assert.Equal("""{"fields":{"display_name":{}}}""", specification["partner_id"]!.ToJsonString());
        Assert.Equal("""{"fields":{"display_name":{}}}""", specification["order_line"]!["fields"]!["product_id"]!.ToJsonString());
        Assert.NotNull(specification["picking_ids"]!["fields"]![PickingRecord.TrackingField]);
        Assert.NotNull(specification["invoice_ids"]!["fields"]!["amount_residual"]);
    }

    private static IReadOnlyList<JsonElement> Recorded(string file)
    {
        var response = Recording.Get(file, RecordedOrder).Response!;
        var result = file == Recording.Odoo17JsonRpcRound2 ? response["result"]! : response;
        return [.. result.AsArray().Select(r => JsonElement.Parse(r!.ToJsonString()))];
    }
}
