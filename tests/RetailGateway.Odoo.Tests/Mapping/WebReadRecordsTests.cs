using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
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
        var order = Assert.Single(RecordedRecords.Parse<SaleOrderRecord>(Recorded(file)));

        Assert.Equal(4, order.Id);
        Assert.Equal(new OdooRef(partnerId, "Gemini Furniture"), order.PartnerId);
        // Asked with no fields: the object carries only the id.
        Assert.Equal(new OdooRef(shippingId, string.Empty), order.PartnerShippingId);
        Assert.Empty(order.PickingIds);
        Assert.Equal([8L, 9, 10, 11], order.Lines.Ids);
        Assert.Equal([8L, 9, 10, 11], order.Lines.Records.Select(l => l.Id));
        Assert.Equal(6, order.Lines.Records[1].ProductId!.Id);
    }

    [Fact]
    public void Read_NestedRecordsInAnX2Many_GivesTheirIdsAndTheRecords()
    {
        var record = JsonNode.Parse("""
            {"id": 4, "name": "S00004", "picking_ids": [{"id": 7, "name": "WH/OUT/00007", "state": "done", "sale_id": {"id": 4, "display_name": "S00004"}}],
             "invoice_ids": [{"id": 9, "partner_id": false}], "order_line": []}
            """)!;

        var order = Assert.Single(RecordedRecords.Parse<SaleOrderRecord>([record]));

        Assert.Equal([7L], order.PickingIds);
        Assert.Equal([9L], order.InvoiceIds);
        var picking = Assert.Single(order.Pickings.Records);
        Assert.Equal(new OdooRef(4, "S00004"), picking.SaleId);
        Assert.Null(Assert.Single(order.Invoices.Records).PartnerId);
        Assert.Empty(order.Lines.Records);
    }

    [Fact]
    public void Read_X2ManyOfIds_GivesTheIdsAndNoRecords()
    {
        var record = JsonNode.Parse("""{"id": 4, "picking_ids": [7, 8], "invoice_ids": false}""")!;

        var order = Assert.Single(RecordedRecords.Parse<SaleOrderRecord>([record]));

        Assert.Equal([7L, 8], order.PickingIds);
        Assert.Empty(order.Pickings.Records);
        Assert.Empty(order.InvoiceIds);
    }

    [Theory]
    [InlineData("""{"id": 4, "partner_id": {"display_name": "Gemini Furniture"}}""")]
    [InlineData("""{"id": 4, "picking_ids": [{"name": "WH/OUT/00007"}]}""")]
    [InlineData("""{"id": 4, "order_line": "8"}""")]
    public void Read_RelationInAShapeOdooDoesNotSend_IsAProtocolMismatch(string json)
    {
        var exception = Assert.Throws<OdooException>(() => RecordedRecords.Parse<SaleOrderRecord>([JsonNode.Parse(json)!]));

        Assert.Equal(OdooFailure.ProtocolMismatch, exception.Failure);
    }

    [Fact]
    public void Read_RecordedWebReadPartner_GivesItsChildContacts()
    {
        var response = Recording.Get(Recording.Odoo17JsonRpcRound2, "web_read partner with children").Response!["result"]!.AsArray();

        var partner = Assert.Single(RecordedRecords.Parse<PartnerRecord>(response));

        Assert.Equal([51L, 52], partner.Children.Ids);
        Assert.Equal(["invoice", "delivery"], partner.Children.Records.Select(c => c.Type));
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

    private static JsonArray Recorded(string file)
    {
        var response = Recording.Get(file, RecordedOrder).Response!;
        return (file == Recording.Odoo17JsonRpcRound2 ? response["result"]! : response).AsArray();
    }
}
