using System.Text;
using System.Text.Json.Nodes;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Transports;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

public sealed class QuoteMappingTests
{
    private static readonly DateOnly Today = new(2026, 12, 2);

    /// <summary>The recorded quotation for a customer with a 10 % pricelist: 17 applied it, 19 (pricelists off) did not.</summary>
    [Theory]
    [InlineData(Recording.Odoo17JsonRpcRound2, "FIX2 Partner 10 082055", 810)]
    [InlineData(Recording.Odoo19Json2Round2, null, 900)]
    public void ToQuote_FromTheRecordedQuotation_ReportsThePricelistOdooApplied(string file, string? pricelist, decimal untaxed)
    {
        var response = Recording.Get(file, "web_read quotation prices").Response!;
        var record = (file == Recording.Odoo17JsonRpcRound2 ? response["result"]! : response)[0]!.DeepClone().AsObject();
        if (record["pricelist_id"] is JsonObject applied)
        {
            // The recording asked for the pricelist's name; the gateway asks for its display_name, which is the same text.
            applied["display_name"] = applied["name"]!.DeepClone();
        }

        var order = Assert.Single(RecordedRecords.Parse<SaleOrderRecord>([record]));

        var quote = QuoteMapping.ToQuote(order, [], Today);

        Assert.Equal(pricelist, quote.Pricelist?.Name);
        Assert.Equal(untaxed, quote.AmountUntaxed);
        Assert.Equal(new DateOnly(2027, 1, 1), quote.ValidUntil);
        Assert.Equal(QuoteStatus.Open, quote.Status);
        Assert.Null(quote.OrderId);
    }

    [Theory]
    [InlineData("draft", "2026-12-01", false, QuoteStatus.Expired)]
    [InlineData("sent", "2026-12-02", false, QuoteStatus.Open)]
    [InlineData("sale", "2026-12-01", true, QuoteStatus.Accepted)]
    [InlineData("cancel", "2027-01-01", false, QuoteStatus.Cancelled)]
    [InlineData("cancel", "2027-01-01", true, QuoteStatus.Accepted)]
    public void ToQuote_StatusFollowsStateValidityAndDeliveries(string state, string validUntil, bool delivered, QuoteStatus status)
    {
        var record = JsonNode.Parse($$"""
            {"id": 28, "name": "S00028", "state": "{{state}}", "client_order_ref": "0Q0Dn00000QUOTE1", "validity_date": "{{validUntil}}",
             "partner_id": [44, "Acme"], "picking_ids": {{(delivered ? "[27]" : "[]")}}}
            """)!;

        var quote = QuoteMapping.ToQuote(Assert.Single(RecordedRecords.Parse<SaleOrderRecord>([record])), [], Today);

        Assert.Equal(status, quote.Status);
        Assert.Equal(status == QuoteStatus.Accepted ? "28" : null, quote.OrderId);
    }

    [Fact]
    public void Onchange_ReadsTheNewLinesFromTheirCreateCommands_InOrder()
    {
        var answer = """
            {"value": {"pricelist_id": {"id": 2, "display_name": "Partner 10"}, "currency_id": {"id": 1, "display_name": "USD"},
             "order_line": [[0, 0, {"product_id": {"id": 8, "lst_price": 450.0}, "product_uom_qty": 2.0, "price_unit": 405.0, "discount": 0.0,
                                    "price_subtotal": 810.0, "price_tax": 121.5, "price_total": 931.5}],
                            [0, 0, {"product_id": {"id": 9, "lst_price": 110.5}, "product_uom_qty": 2.0, "price_unit": 110.5, "discount": 0.0,
                                    "price_subtotal": 221.0, "price_tax": 33.15, "price_total": 254.15}]]},
             "warning": {"title": "Note", "message": "A warning Odoo may add", "type": "dialog"}}
            """;

        var pricing = OdooResults.Read(Encoding.UTF8.GetBytes(answer), OdooResults.Onchange(OdooWireContext.Default.SaleOrderPricing), "sale.order", "onchange");
        var prices = QuoteMapping.ToPrices("44", 2, ["FURN_7800", "FURN_8855"], pricing);

        Assert.Equal("Partner 10", prices.Pricelist?.Name);
        Assert.Equal("USD", prices.CurrencyCode);
        Assert.Equal(["FURN_7800", "FURN_8855"], prices.Prices.Select(p => p.Sku));
        Assert.Equal([450m, 110.5m], prices.Prices.Select(p => p.ListPrice));
        Assert.Equal([405m, 110.5m], prices.Prices.Select(p => p.UnitPrice));
        Assert.Equal(121.5m, prices.Prices[0].Tax);
    }

    [Fact]
    public void Onchange_WithAnotherCommandThanCreate_IsUnreadable()
    {
        var answer = """{"value": {"order_line": [[1, 54, {"price_unit": 1.0}]]}}"""u8.ToArray();

        Assert.Throws<RetailGateway.Odoo.Client.OdooException>(() => OdooResults.Read(answer, OdooResults.Onchange(OdooWireContext.Default.SaleOrderPricing), "sale.order", "onchange"));
    }
}
