using System.Text.Json.Nodes;
using RetailGateway.Odoo.Client;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

/// <summary>
/// The dialect names what differs between Odoo versions; each name must be the one the recorded server
/// of that version accepted. (The dialect lives in Client; these tests sit here because they check it
/// against the same recordings as the mapping.)
/// </summary>
public sealed class OdooDialectTests
{
    private static readonly OdooDialect Odoo17 = OdooDialect.ForVersion(17);
    private static readonly OdooDialect Odoo19 = OdooDialect.ForVersion(19);

    [Fact]
    public void StorableProductDomain_On17_IsTheRecordedDetailedTypeDomain()
    {
        JsonAssert.Equal(RecordedRecords.JsonRpcPositional("stock_list_all_storable", 0), Odoo17.StorableProductDomain());
    }

    [Fact]
    public void StorableProductDomain_On19_IsTheRecordedIsStorableDomain()
    {
        JsonAssert.Equal(Recording.Get(Recording.Odoo19Json2, "stock_list_all_storable").RequestBody!["domain"], Odoo19.StorableProductDomain());
    }

    [Fact]
    public void StorableProductDomain_EachCall_GivesAFreshDomainToExtend()
    {
        var first = Odoo19.StorableProductDomain();
        first.Add(new JsonArray("default_code", "!=", false));

        Assert.Single(Odoo19.StorableProductDomain());
    }

    [Fact]
    public void WarehouseContextKey_On17_IsTheKeyOfTheRecordedWarehouseRead()
    {
        var context = RecordedRecords.Keywords(Recording.Odoo17JsonRpc, "stock_batch_by_sku_in_warehouse")["context"]!.AsObject();

        Assert.Equal("warehouse", Odoo17.WarehouseContextKey);
        Assert.Equal([Odoo17.WarehouseContextKey], context.Select(p => p.Key));
    }

    [Fact]
    public void WarehouseContextKey_On19_IsTheKeyOfTheRecordedWarehouseRead()
    {
        var context = RecordedRecords.Keywords(Recording.Odoo19Json2, "stock_batch_in_warehouse")["context"]!.AsObject();

        Assert.Equal("warehouse_id", Odoo19.WarehouseContextKey);
        Assert.Equal([Odoo19.WarehouseContextKey], context.Select(p => p.Key));
    }

    [Fact]
    public void OrderLineFields_On19_AreTheOnesTheRecordedFieldsGetFound()
    {
        var existing = Recording.Get(Recording.Odoo19Json2, "line_fields_probe").Response!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(existing, new[] { Odoo19.OrderLineTaxField, Odoo19.OrderLineUomField }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OrderLineFields_On17_AreTheOnesTheRecordedLineReadReturned()
    {
        var line = RecordedRecords.Json(Recording.Odoo17JsonRpc, "order_lines_read")[0];

        Assert.Equal("product_uom", Odoo17.OrderLineUomField);
        Assert.Equal("tax_id", Odoo17.OrderLineTaxField);
        Assert.True(line.ContainsKey(Odoo17.OrderLineUomField));
        Assert.True(line.ContainsKey(Odoo17.OrderLineTaxField));
    }

    [Fact]
    public void CancelContext_On17_IsTheContextOfTheRecordedCancelThatWorked()
    {
        // Without it, the recorded action_cancel answered with the wizard and left the order confirmed.
        var context = RecordedRecords.Keywords(Recording.Odoo17JsonRpc, "order_cancel_confirmed_no_warning")["context"];

        JsonAssert.Equal(context, Odoo17.CancelContext());
        Assert.Equal("sale", (string?)RecordedRecords.Json(Recording.Odoo17JsonRpc, "order_read_after_plain_cancel")[0]["state"]);
    }

    [Fact]
    public void CancelContext_On19_IsEmptyLikeTheRecordedCancel()
    {
        var body = Recording.Get(Recording.Odoo19Json2, "order_cancel_confirmed").RequestBody!.AsObject();

        Assert.Empty(Odoo19.CancelContext());
        Assert.False(body.ContainsKey("context"));
    }

    [Fact]
    public void Dialect_On18_UsesTheNewStockNamesAndTheOldLineNames()
    {
        // 18 is between the recordings: storable flag and warehouse_id arrived in 18, the line renames in 19.
        var odoo18 = OdooDialect.ForVersion(18);

        JsonAssert.Equal(Odoo19.StorableProductDomain(), odoo18.StorableProductDomain());
        Assert.Equal("warehouse_id", odoo18.WarehouseContextKey);
        Assert.Equal("product_uom", odoo18.OrderLineUomField);
        Assert.Equal("tax_id", odoo18.OrderLineTaxField);
        Assert.NotEmpty(odoo18.CancelContext());
    }
}
