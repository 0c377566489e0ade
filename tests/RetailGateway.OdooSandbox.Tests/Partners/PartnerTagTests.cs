using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Partners;

/// <summary>
/// Customer tags as Odoo 17 and 19 keep them: <c>res.partner.category</c>, the <c>category_id</c> many2many on
/// <c>res.partner</c> set with x2many commands, and domains that reach the tags through the commercial entity.
/// </summary>
public sealed class PartnerTagTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Tags_AreSetByCommands_AndFoundThroughTheCommercialEntity(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var tags = await sandbox.Invoke("res.partner.category", "search_read", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("name", "=", "Partner: Acme")),
            ["fields"] = new JsonArray("name", "color", "active"),
        });
        var acme = (int)tags![0]!["id"]!;
        Assert.Equal("Partner: Acme", (string)tags[0]!["name"]!);
        Assert.True((bool)tags[0]!["active"]!);

        // A company tagged at create ([4, id]); its delivery contact, untagged, follows it.
        var company = await CreateAsync(sandbox, new JsonObject { ["name"] = "Tagged Co", ["is_company"] = true, ["category_id"] = new JsonArray(new JsonArray(4, acme)) });
        var contact = await CreateAsync(sandbox, new JsonObject { ["name"] = "Dock", ["type"] = "delivery", ["parent_id"] = company });
        var other = await CreateAsync(sandbox, new JsonObject { ["name"] = "Untagged Co", ["is_company"] = true });
        var read = await sandbox.Invoke("res.partner", "read", new JsonArray(company, contact), new() { ["fields"] = new JsonArray("category_id", "commercial_partner_id") });
        Assert.Equal([acme], read![0]!["category_id"]!.AsArray().Select(n => (int)n!));
        Assert.Empty(read[1]!["category_id"]!.AsArray());
        Assert.Equal(company, (int)read[1]!["commercial_partner_id"]![0]!);

        var inScope = await SearchAsync(sandbox, "res.partner", new JsonArray(new JsonArray("commercial_partner_id.category_id", "in", new JsonArray(acme))));
        Assert.Contains(company, inScope);
        Assert.Contains(contact, inScope);
        Assert.DoesNotContain(other, inScope);

        // [6, 0, ids] replaces the set: the company leaves the scope, and its contact with it.
        await sandbox.Invoke("res.partner", "write", new JsonArray(company), new() { ["vals"] = new JsonObject { ["category_id"] = new JsonArray(new JsonArray(6, 0, new JsonArray())) } });
        var after = await SearchAsync(sandbox, "res.partner", new JsonArray(new JsonArray("commercial_partner_id.category_id", "in", new JsonArray(acme))));
        Assert.DoesNotContain(company, after);
        Assert.DoesNotContain(contact, after);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task OrdersAndInvoices_AreFoundThroughTheirCustomersTags(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        // A seeded customer with a seeded order and invoice, tagged now.
        var deco = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb2AAG")!.Value;
        await sandbox.Invoke("res.partner", "write", new JsonArray(deco), new() { ["vals"] = new JsonObject { ["category_id"] = new JsonArray(new JsonArray(4, 3)) } });

        var orders = await SearchAsync(sandbox, "sale.order", new JsonArray(new JsonArray("partner_id.commercial_partner_id.category_id", "in", new JsonArray(3))));
        var decoOrders = await SearchAsync(sandbox, "sale.order", new JsonArray(new JsonArray("partner_id", "=", deco)));
        Assert.NotEmpty(orders);
        Assert.Equal(decoOrders.Order(), orders.Order());

        var invoices = await SearchAsync(sandbox, "account.move", new JsonArray(new JsonArray("commercial_partner_id.category_id", "in", new JsonArray(3))));
        var decoInvoices = await SearchAsync(sandbox, "account.move", new JsonArray(new JsonArray("partner_id", "=", deco)));
        Assert.NotEmpty(invoices);
        Assert.Equal(decoInvoices.Order(), invoices.Order());
    }

    private static async Task<int> CreateAsync(Sandbox sandbox, JsonObject values)
    {
        var created = await sandbox.Invoke("res.partner", "create", named: new() { ["vals_list"] = new JsonArray(values) });
        return (int)created!.AsArray()[0]!;
    }

    private static async Task<List<int>> SearchAsync(Sandbox sandbox, string model, JsonArray domain)
    {
        var found = await sandbox.Invoke(model, "search_read", named: new() { ["domain"] = domain, ["fields"] = new JsonArray("id") });
        return found!.AsArray().Select(r => (int)r!["id"]!).ToList();
    }
}
