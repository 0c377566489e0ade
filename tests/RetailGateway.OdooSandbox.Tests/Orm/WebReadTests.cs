using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Orm;

/// <summary>
/// <c>web_read</c> and <c>web_search_read</c> beyond what the round-2 recordings show, as the gateway will
/// ask them: nested many2one sub-fields, an order's lines with their product's SKU, its pickings and
/// invoices, x2many <c>limit</c>/<c>order</c>, the page length, and unknown fields at a nested level.
/// </summary>
public sealed class WebReadTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebRead_Order_AnswersCustomerLinesPickingsAndInvoicesInOneCall(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await sandbox.OrderIdAsync("801xx000000AbC6AAK");
        var azure = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb3AAG")!.Value;
        var spec = new JsonObject
        {
            ["name"] = new JsonObject(),
            ["partner_id"] = Fields(new JsonObject { ["display_name"] = new JsonObject(), ["country_id"] = Fields(new JsonObject { ["code"] = new JsonObject() }) }),
            ["partner_shipping_id"] = new JsonObject(),
            ["currency_id"] = Fields([]),
            ["order_line"] = Fields(new JsonObject { ["product_id"] = Fields(new JsonObject { ["default_code"] = new JsonObject() }), ["product_uom_qty"] = new JsonObject() }),
            ["picking_ids"] = Fields(new JsonObject { ["name"] = new JsonObject(), ["state"] = new JsonObject() }),
            ["invoice_ids"] = Fields(new JsonObject { ["name"] = new JsonObject(), ["payment_state"] = new JsonObject() }),
        };

        var read = await sandbox.Invoke("sale.order", "web_read", new JsonArray(order), new() { ["specification"] = spec });

        var row = Assert.Single(read!.AsArray())!.AsObject();
        Assert.Equal(["id", "name", "partner_id", "partner_shipping_id", "currency_id", "order_line", "picking_ids", "invoice_ids"], row.Select(p => p.Key));
        // The asked sub-fields, display_name last (Odoo adds it after reading the others); a many2one's own many2one nests too.
        Assert.Equal(
            new JsonObject { ["id"] = azure, ["country_id"] = new JsonObject { ["id"] = 233, ["code"] = "US" }, ["display_name"] = "Azure Interior" }.ToJsonString(),
            row["partner_id"]!.ToJsonString());
        Assert.Equal(azure, (int)row["partner_shipping_id"]!);
        Assert.Equal("{\"id\":1}", row["currency_id"]!.ToJsonString());
        var lines = row["order_line"]!.AsArray();
        Assert.Equal(["E-COM07", "FURN_8855"], lines.Select(l => (string)l!["product_id"]!["default_code"]!));
        Assert.Equal([10.0, 5.0], lines.Select(l => (double)l!["product_uom_qty"]!));
        Assert.All(lines, l => Assert.Equal(["id", "product_id", "product_uom_qty"], l!.AsObject().Select(p => p.Key)));
        Assert.Equal("done", (string)Assert.Single(row["picking_ids"]!.AsArray())!["state"]!);
        var invoice = Assert.Single(row["invoice_ids"]!.AsArray())!.AsObject();
        Assert.Equal(["id", "name", "payment_state"], invoice.Select(p => p.Key));
        Assert.EndsWith("/00001", (string)invoice["name"]!, StringComparison.Ordinal);
        Assert.Equal("paid", (string)invoice["payment_state"]!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebRead_X2manyOrderAndLimit_SortTheIdsAndReadOnlyTheFirst(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await sandbox.OrderIdAsync("801xx000000AbC6AAK");
        var spec = new JsonObject
        {
            ["order_line"] = new JsonObject { ["fields"] = new JsonObject { ["product_uom_qty"] = new JsonObject() }, ["order"] = "id desc", ["limit"] = 1 },
            ["picking_ids"] = new JsonObject(),
        };

        var row = (await sandbox.Invoke("sale.order", "web_read", new JsonArray(order), new() { ["specification"] = spec }))![0]!;

        var lines = row["order_line"]!.AsArray();
        Assert.Equal(2, lines.Count);
        Assert.True((int)lines[0]!["id"]! > (int)lines[1]!["id"]!);
        Assert.Equal(5.0, (double)lines[0]!["product_uom_qty"]!);
        // Beyond the limit a line is its id only.
        Assert.Equal(new JsonObject { ["id"] = (int)lines[1]!["id"]! }.ToJsonString(), lines[1]!.ToJsonString());
        // Without "fields" an x2many is its ids.
        Assert.True(row["picking_ids"]!.AsArray().All(id => id is JsonValue));
        Assert.Single(row["picking_ids"]!.AsArray());
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebSearchRead_CountsEveryMatch_WhenThePageIsFull(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var domain = new JsonArray(new JsonArray("state", "in", new JsonArray("sale", "cancel")));
        var total = (int)(await sandbox.Invoke("sale.order", "search_count", named: new() { ["domain"] = domain.DeepClone() }))!;
        Assert.True(total > 3);
        var spec = new JsonObject { ["name"] = new JsonObject() };

        var page = await WebSearchReadAsync(sandbox, domain, spec, new() { ["limit"] = 2, ["order"] = "id asc" });
        Assert.Equal(total, (int)page["length"]!);
        Assert.Equal(2, page["records"]!.AsArray().Count);

        // A page that is not full is its own length, plus the offset; count_limit caps the count.
        var last = await WebSearchReadAsync(sandbox, domain, spec, new() { ["offset"] = total - 1, ["limit"] = 5 });
        Assert.Equal(total, (int)last["length"]!);
        Assert.Single(last["records"]!.AsArray());
        var capped = await WebSearchReadAsync(sandbox, domain, spec, new() { ["limit"] = 2, ["count_limit"] = 3 });
        Assert.Equal(3, (int)capped["length"]!);

        var none = await WebSearchReadAsync(sandbox, new JsonArray(new JsonArray("name", "=", "no such order")), spec, new() { ["limit"] = 2 });
        Assert.Equal("{\"length\":0,\"records\":[]}", none.ToJsonString());
    }

    [Theory]
    [InlineData(17, "Invalid field 'no_such_field' on model 'sale.order.line'")]
    [InlineData(19, "Invalid field 'no_such_field' on 'sale.order.line'")]
    public async Task WebRead_UnknownNestedField_FailsWithValueError(int version, string message)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await sandbox.OrderIdAsync("801xx000000AbC6AAK");
        var spec = new JsonObject { ["name"] = new JsonObject(), ["order_line"] = Fields(new JsonObject { ["no_such_field"] = new JsonObject() }) };

        var (name, text) = await FailureAsync(sandbox, "sale.order", "web_read", order, spec);

        Assert.Equal("builtins.ValueError", name);
        Assert.Equal(message, text);
    }

    [Fact]
    public async Task WebRead_UnknownFieldOfAnEmptyX2many_PassesOn17AndFailsOn19()
    {
        // Odoo 17's read() checks field names only when it has records; 19's checks them on no records too.
        var spec = new JsonObject { ["child_ids"] = Fields(new JsonObject { ["no_such_field"] = new JsonObject() }) };
        await using (var odoo17 = await Sandbox.Start(17))
        {
            var lumber = await PartnerWithoutContactsAsync(odoo17);
            var read = await odoo17.Invoke("res.partner", "web_read", new JsonArray(lumber), new() { ["specification"] = spec.DeepClone() });
            Assert.Empty(read![0]!["child_ids"]!.AsArray());
        }

        await using var odoo19 = await Sandbox.Start(19);
        var (name, text) = await FailureAsync(odoo19, "res.partner", "web_read", await PartnerWithoutContactsAsync(odoo19), spec);
        Assert.Equal("builtins.ValueError", name);
        Assert.Equal("Invalid field 'no_such_field' on 'res.partner'", text);
    }

    private static JsonObject Fields(JsonObject fields) => new() { ["fields"] = fields };

    private static async Task<int> PartnerWithoutContactsAsync(Sandbox sandbox)
    {
        var found = await sandbox.Invoke("res.partner", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("name", "=", "Lumber Inc")) });
        return (int)Assert.Single(found!.AsArray())!;
    }

    private static async Task<JsonObject> WebSearchReadAsync(Sandbox sandbox, JsonArray domain, JsonObject spec, JsonObject options)
    {
        options["domain"] = domain.DeepClone();
        options["specification"] = spec.DeepClone();
        return (await sandbox.Invoke("sale.order", "web_search_read", named: options))!.AsObject();
    }

    /// <summary>The error name and message of a call expected to fail: HTTP 200 + error on 17, HTTP 500 on 19.</summary>
    private static async Task<(string Name, string Message)> FailureAsync(Sandbox sandbox, string model, string method, int id, JsonObject spec)
    {
        if (sandbox.Server.Options.Version >= 19)
        {
            var (status, body) = await sandbox.Json2(model, method, new JsonObject { ["ids"] = new JsonArray(id), ["specification"] = spec.DeepClone() });
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            return ((string)body!["name"]!, (string)body["message"]!);
        }

        var envelope = await sandbox.ExecuteKw(model, method, new JsonArray(new JsonArray(id)), new JsonObject { ["specification"] = spec.DeepClone() });
        var data = envelope["error"]!["data"]!;
        return ((string)data["name"]!, (string)data["message"]!);
    }
}
