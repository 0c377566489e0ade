using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

public sealed class OdooRecordsTests
{
    [Fact]
    public void Read_RecordedPartnerWithFieldsTheGatewayDoesNotUse_IgnoresThem()
    {
        // The recorded read also asked for customer_rank, active and the property_* fields.
        var partner = Assert.Single(RecordedRecords.Read<PartnerRecord>(Recording.Odoo17JsonRpc, "partner_read"));

        Assert.Equal(44, partner.Id);
        Assert.Equal("FIX Retail 110916", partner.Name);
    }

    [Fact]
    public void Read_RecordedManyToOne_GivesIdAndDisplayName()
    {
        var partner = RecordedRecords.ReadOne<PartnerRecord>(Recording.Odoo17JsonRpc, "partner_read", 44);

        Assert.Equal(new OdooRef(233, "United States"), partner.CountryId);
    }

    [Fact]
    public void Read_RecordedFalseManyToOne_GivesNull()
    {
        var partner = RecordedRecords.ReadOne<PartnerRecord>(Recording.Odoo17JsonRpc, "partner_read", 44);

        Assert.Null(partner.StateId);
    }

    [Theory]
    [InlineData(Recording.Odoo17JsonRpc, 44)]
    [InlineData(Recording.Odoo19Json2, 46)]
    public void Read_RecordedFalseText_GivesNull(string file, long id)
    {
        var partner = RecordedRecords.ReadOne<PartnerRecord>(file, "partner_read", id);

        Assert.Null(partner.Vat);
    }

    [Fact]
    public void Read_RecordedDateTime_GivesUtcInstant()
    {
        var picking = Assert.Single(RecordedRecords.Read<PickingRecord>(Recording.Odoo17JsonRpc, "order_pickings_read"));

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 11, 9, 16, TimeSpan.Zero), picking.ScheduledDate);
    }

    [Fact]
    public void Read_RecordedFalseDateTime_GivesNull()
    {
        var picking = Assert.Single(RecordedRecords.Read<PickingRecord>(Recording.Odoo19Json2, "order_pickings_read"));

        Assert.Null(picking.DateDone);
    }

    [Fact]
    public void Read_RecordedDate_GivesCalendarDate()
    {
        var invoice = RecordedRecords.ReadOne<InvoiceRecord>(Recording.Odoo19Json2, "invoices_list", 57);

        Assert.Equal(new DateOnly(2026, 11, 27), invoice.InvoiceDate);
    }

    [Fact]
    public void Read_FalseDate_GivesNull()
    {
        var invoice = RecordedRecords.ReadOne<InvoiceRecord>(Recording.Odoo17JsonRpc, "invoices_list", 27, i => i["invoice_date"] = false);

        Assert.Null(invoice.InvoiceDate);
    }

    [Theory]
    [InlineData("order_read_confirmed", 1)]
    [InlineData("order_read_after_cancel", 0)]
    public void Read_OrderReadWithoutItsPickingOrInvoiceFields_HasEmptyListsNotNull(string name, int pickings)
    {
        // Both Odoo 19 reads left invoice_ids out; the second left picking_ids out too.
        var order = Assert.Single(RecordedRecords.Read<SaleOrderRecord>(Recording.Odoo19Json2, name));

        Assert.Equal(pickings, order.PickingIds.Count);
        Assert.Empty(order.InvoiceIds);
    }

    [Theory]
    [InlineData("id", "\"44\"")]
    [InlineData("country_id", "233")]
    [InlineData("email", "5")]
    [InlineData("write_date", "\"2026-11-27T11:09:16Z\"")]
    [InlineData("is_company", "\"yes\"")]
    public void Read_PartnerWithWrongShape_FailsAsProtocolMismatch(string field, string json)
    {
        var record = RecordedRecords.Json(Recording.Odoo17JsonRpc, "partner_read")[0];
        record[field] = JsonNode.Parse(json);

        var exception = Assert.Throws<OdooException>(() => RecordedRecords.Parse<PartnerRecord>([record]));

        Assert.Equal(OdooFailure.ProtocolMismatch, exception.Failure);
        Assert.IsType<JsonException>(exception.InnerException, exactMatch: false);
    }

    [Fact]
    public void Read_StockWithQuantityAsText_FailsAsProtocolMismatch()
    {
        // Odoo sends floats as JSON numbers; text there means the server is not the Odoo the gateway speaks to.
        var record = RecordedRecords.Json(Recording.Odoo17JsonRpc, "stock_batch_by_sku")[0];
        record["qty_available"] = "65.0";

        var exception = Assert.Throws<OdooException>(() => RecordedRecords.Parse<ProductStockRecord>([record]));

        Assert.Equal(OdooFailure.ProtocolMismatch, exception.Failure);
    }

    [Fact]
    public void Read_RecordWithoutId_FailsAsProtocolMismatch()
    {
        var record = RecordedRecords.Json(Recording.Odoo19Json2, "partner_read")[0];
        record.Remove("id");

        var exception = Assert.Throws<OdooException>(() => RecordedRecords.Parse<PartnerRecord>([record]));

        Assert.Equal(OdooFailure.ProtocolMismatch, exception.Failure);
    }

    [Fact]
    public void ToOdoo_WithOffset_FormatsAsUtcWithoutZone()
    {
        var value = new DateTimeOffset(2026, 11, 27, 13, 9, 16, TimeSpan.FromHours(2));

        Assert.Equal("2026-11-27 11:09:16", OdooTime.ToOdoo(value));
    }
}
