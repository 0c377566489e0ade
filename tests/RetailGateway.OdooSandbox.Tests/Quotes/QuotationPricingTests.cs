using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Quotes;

/// <summary>
/// A quotation for a customer with a 10 % pricelist, as recorded in round 2 (FURN_7800, list price 450): Odoo 17 applies the
/// partner's pricelist (405); Odoo 19 leaves the quotation without a pricelist (450) until Sales › Settings › Pricelists is on.
/// </summary>
public sealed class QuotationPricingTests
{
    private const string Gemini = "001xx000003DGb4AAG";

    [Theory]
    [InlineData(17, false, 405.0, true)]
    [InlineData(19, false, 450.0, false)]
    [InlineData(19, true, 405.0, true)]
    public async Task Quotation_ForAPricelistCustomer_IsPricedAsTheVersionAndSettingSay(int version, bool pricelistsOn, double unitPrice, bool hasPricelist)
    {
        await using var sandbox = await Sandbox.Start(version, options => options.Pricelists = pricelistsOn);
        var (partner, pricelist, product) = Customer(sandbox);

        var created = await sandbox.Invoke("sale.order", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject
            {
                ["partner_id"] = partner, ["client_order_ref"] = "0Q0FIX2082055",
                ["order_line"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["product_id"] = product, ["product_uom_qty"] = 2 })),
            }),
        });
        var id = created is JsonArray ids ? (int)ids[0]! : (int)created!;
        var quotation = (await sandbox.Invoke("sale.order", "web_read", [id], new()
        {
            ["specification"] = new JsonObject
            {
                ["state"] = new JsonObject(), ["pricelist_id"] = new JsonObject { ["fields"] = new JsonObject { ["name"] = new JsonObject() } },
                ["amount_untaxed"] = new JsonObject(), ["validity_date"] = new JsonObject(),
                ["order_line"] = new JsonObject { ["fields"] = new JsonObject { ["price_unit"] = new JsonObject(), ["discount"] = new JsonObject(), ["price_subtotal"] = new JsonObject() } },
            },
        }))![0]!;

        Assert.Equal("draft", (string)quotation["state"]!);
        if (hasPricelist)
        {
            Assert.Equal(pricelist, (int)quotation["pricelist_id"]!["id"]!);
        }
        else
        {
            Assert.False((bool)quotation["pricelist_id"]!);
        }

        var line = quotation["order_line"]![0]!;
        Assert.Equal(unitPrice, (double)line["price_unit"]!);
        Assert.Equal(0.0, (double)line["discount"]!);
        Assert.Equal(unitPrice * 2, (double)line["price_subtotal"]!);
        Assert.Equal(unitPrice * 2, (double)quotation["amount_untaxed"]!);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), (string)quotation["validity_date"]!);
    }

    [Theory]
    [InlineData(17, false, 405.0)]
    [InlineData(19, false, 450.0)]
    [InlineData(19, true, 405.0)]
    public async Task Onchange_OfANewQuotation_PricesItAndSavesNothing(int version, bool pricelistsOn, double unitPrice)
    {
        await using var sandbox = await Sandbox.Start(version, options => options.Pricelists = pricelistsOn);
        var (partner, _, product) = Customer(sandbox);
        var orders = sandbox.Server.Data.CountRecords("sale.order");
        var lines = sandbox.Server.Data.CountRecords("sale.order.line");

        var answer = (await sandbox.Invoke("sale.order", "onchange", [], new()
        {
            ["values"] = new JsonObject
            {
                ["partner_id"] = partner,
                ["order_line"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["product_id"] = product, ["product_uom_qty"] = 3 })),
            },
            ["field_names"] = new JsonArray(),
            ["fields_spec"] = new JsonObject
            {
                ["pricelist_id"] = new JsonObject { ["fields"] = new JsonObject { ["display_name"] = new JsonObject() } },
                ["order_line"] = new JsonObject
                {
                    ["fields"] = new JsonObject
                    {
                        ["product_id"] = new JsonObject { ["fields"] = new JsonObject { ["lst_price"] = new JsonObject() } },
                        ["price_unit"] = new JsonObject(), ["price_subtotal"] = new JsonObject(), ["price_tax"] = new JsonObject(),
                    },
                },
            },
        }))!.AsObject();

        var value = answer["value"]!.AsObject();
        Assert.Equal(pricelistsOn || version < 19, value["pricelist_id"] is JsonObject);
        var command = value["order_line"]!.AsArray().Single()!.AsArray();
        Assert.Equal(0, (int)command[0]!);
        Assert.Equal(0, (int)command[1]!);
        var line = command[2]!.AsObject();
        Assert.False(line.ContainsKey("id"));
        Assert.Equal(product, (int)line["product_id"]!["id"]!);
        Assert.Equal(450.0, (double)line["product_id"]!["lst_price"]!);
        Assert.Equal(unitPrice, (double)line["price_unit"]!);
        Assert.Equal(unitPrice * 3, (double)line["price_subtotal"]!);
        Assert.Equal(Math.Round(unitPrice * 3 * 0.15, 2), (double)line["price_tax"]!);
        Assert.Equal(orders, sandbox.Server.Data.CountRecords("sale.order"));
        Assert.Equal(lines, sandbox.Server.Data.CountRecords("sale.order.line"));
    }

    [Fact]
    public async Task Onchange_DrawsNoOrderNumber()
    {
        await using var sandbox = await Sandbox.Start(17);
        var (partner, _, product) = Customer(sandbox);
        var before = await NewOrderName(sandbox, partner, product);

        await sandbox.Invoke("sale.order", "onchange", [], new()
        {
            ["values"] = new JsonObject { ["partner_id"] = partner },
            ["field_names"] = new JsonArray(),
            ["fields_spec"] = new JsonObject { ["name"] = new JsonObject() },
        });

        var after = await NewOrderName(sandbox, partner, product);
        Assert.Equal(int.Parse(before[1..], System.Globalization.CultureInfo.InvariantCulture) + 1, int.Parse(after[1..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static (int Partner, int Pricelist, int Product) Customer(Sandbox sandbox)
    {
        var partner = sandbox.Server.Data.PartnerIdByRef(Gemini)!.Value;
        var pricelist = sandbox.Server.Data.GivePricelist(partner, "FIX2 Partner 10", 10);
        return (partner, pricelist, sandbox.Server.Data.ProductId("FURN_7800")!.Value);
    }

    private static async Task<string> NewOrderName(Sandbox sandbox, int partner, int product)
    {
        var created = await sandbox.Invoke("sale.order", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["partner_id"] = partner, ["order_line"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["product_id"] = product })) }),
        });
        var id = created is JsonArray ids ? (int)ids[0]! : (int)created!;
        return (string)(await sandbox.Invoke("sale.order", "read", [id], new() { ["fields"] = new JsonArray("name") }))![0]!["name"]!;
    }
}
