using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Orm;

/// <summary>
/// x2many commands in <c>create</c> and <c>write</c> as Odoo's one2many and many2many fields apply them:
/// a company created with its billing and shipping contacts in one call, and every command on both kinds.
/// </summary>
public sealed class X2manyCommandTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Create_CompanyWithInvoiceAndDeliveryContacts_IsReadBackInOneCall(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var company = await CreateAsync(sandbox, "res.partner", new JsonObject
        {
            ["name"] = "Harbour Retail",
            ["is_company"] = true,
            ["ref"] = "001HARBOUR",
            ["child_ids"] = new JsonArray(
                new JsonArray(0, 0, new JsonObject { ["type"] = "invoice", ["name"] = "Billing", ["street"] = "1 Market St", ["city"] = "Springfield", ["zip"] = "62701", ["country_id"] = 233 }),
                new JsonArray(0, 0, new JsonObject { ["type"] = "delivery", ["name"] = "Dock", ["street"] = "9 Dock Rd", ["city"] = "Chicago", ["zip"] = "60601", ["country_id"] = 233 })),
        });

        var spec = new JsonObject
        {
            ["ref"] = new JsonObject(),
            ["child_ids"] = new JsonObject
            {
                ["fields"] = new JsonObject
                {
                    ["type"] = new JsonObject(),
                    ["display_name"] = new JsonObject(),
                    ["parent_id"] = new JsonObject(),
                    ["country_id"] = new JsonObject { ["fields"] = new JsonObject { ["code"] = new JsonObject() } },
                },
            },
        };
        var row = (await sandbox.Invoke("res.partner", "web_read", new JsonArray(company), new() { ["specification"] = spec }))![0]!;

        Assert.Equal("001HARBOUR", (string)row["ref"]!);
        var children = row["child_ids"]!.AsArray();
        Assert.Equal(["invoice", "delivery"], children.Select(c => (string)c!["type"]!));
        Assert.Equal(["Harbour Retail, Billing", "Harbour Retail, Dock"], children.Select(c => (string)c!["display_name"]!));
        Assert.All(children, c => Assert.Equal(company, (int)c!["parent_id"]!));
        Assert.All(children, c => Assert.Equal("US", (string)c!["country_id"]!["code"]!));
        Assert.True((int)children[0]!["id"]! > company, "children are created after their parent");
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Write_One2manyCommands_UpdateDetachAttachDeleteAndReplaceChildren(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var company = await CreateAsync(sandbox, "res.partner", new JsonObject
        {
            ["name"] = "Commands Co",
            ["is_company"] = true,
            ["child_ids"] = new JsonArray(Contact("A"), Contact("B"), Contact("C")),
        });
        var (a, b, c) = await ChildrenAsync(sandbox, company) switch { var ids => (ids[0], ids[1], ids[2]) };
        var loose = await CreateAsync(sandbox, "res.partner", new JsonObject { ["name"] = "Loose" });

        // [1, id, vals] writes a child; [3, id] detaches one (parent_id is optional, so it stays); [4, id] attaches one.
        await WriteAsync(sandbox, "res.partner", company, "child_ids", new JsonArray(new JsonArray(1, a, new JsonObject { ["city"] = "Boston" }), new JsonArray(3, b, 0), new JsonArray(4, loose, 0)));
        Assert.Equal([a, c, loose], await ChildrenAsync(sandbox, company));
        Assert.Equal("Boston", (string)(await ReadAsync(sandbox, "res.partner", a, "city"))["city"]!);
        Assert.False((bool)(await ReadAsync(sandbox, "res.partner", b, "parent_id"))["parent_id"]!);

        // [2, id] deletes the child itself; [6, 0, ids] makes ids the children and detaches the rest.
        await WriteAsync(sandbox, "res.partner", company, "child_ids", new JsonArray(new JsonArray(2, c, 0)));
        Assert.Empty((await sandbox.Invoke("res.partner", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("id", "=", c)) }))!.AsArray());
        await WriteAsync(sandbox, "res.partner", company, "child_ids", new JsonArray(new JsonArray(6, 0, new JsonArray(b))));
        Assert.Equal([b], await ChildrenAsync(sandbox, company));
        Assert.False((bool)(await ReadAsync(sandbox, "res.partner", a, "parent_id"))["parent_id"]!);

        // [5] detaches every child.
        await WriteAsync(sandbox, "res.partner", company, "child_ids", new JsonArray(new JsonArray(5, 0, 0)));
        Assert.Empty(await ChildrenAsync(sandbox, company));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Write_DetachingAnOrderLine_DeletesIt(int version)
    {
        // sale.order.line's order_id is required (ondelete cascade): a line cannot be left without its order.
        await using var sandbox = await Sandbox.Start(version);
        var customer = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb2AAG")!.Value;
        var product = sandbox.Server.Data.ProductId("FURN_7800")!.Value;
        var order = await CreateAsync(sandbox, "sale.order", new JsonObject
        {
            ["partner_id"] = customer,
            ["order_line"] = new JsonArray(Line(product, 1), Line(product, 2)),
        });
        var lines = (await ReadAsync(sandbox, "sale.order", order, "order_line"))["order_line"]!.AsArray().Select(n => (int)n!).ToList();

        await WriteAsync(sandbox, "sale.order", order, "order_line", new JsonArray(new JsonArray(3, lines[0], 0)));

        Assert.Equal([lines[1]], (await ReadAsync(sandbox, "sale.order", order, "order_line"))["order_line"]!.AsArray().Select(n => (int)n!));
        Assert.Empty((await sandbox.Invoke("sale.order.line", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("id", "=", lines[0])) }))!.AsArray());
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Write_Many2manyCommands_CreateUnlinkAndDeleteCoRecords(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var partner = await CreateAsync(sandbox, "res.partner", new JsonObject
        {
            ["name"] = "Tagged",
            ["category_id"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["name"] = "New Tag One" }), new JsonArray(0, 0, new JsonObject { ["name"] = "New Tag Two" })),
        });
        var tags = (await ReadAsync(sandbox, "res.partner", partner, "category_id"))["category_id"]!.AsArray().Select(n => (int)n!).ToList();
        Assert.Equal(2, tags.Count);

        // [1, id, vals] writes the tag; [3, id] unlinks it but keeps it; [2, id] deletes the tag itself.
        await WriteAsync(sandbox, "res.partner", partner, "category_id", new JsonArray(new JsonArray(1, tags[0], new JsonObject { ["name"] = "Renamed" }), new JsonArray(3, tags[0], 0), new JsonArray(2, tags[1], 0)));

        Assert.Empty((await ReadAsync(sandbox, "res.partner", partner, "category_id"))["category_id"]!.AsArray());
        var left = await sandbox.Invoke("res.partner.category", "search_read", named: new() { ["domain"] = new JsonArray(new JsonArray("id", "in", new JsonArray(tags[0], tags[1]))), ["fields"] = new JsonArray("name") });
        Assert.Equal("Renamed", (string)Assert.Single(left!.AsArray())!["name"]!);
    }

    private static JsonArray Contact(string name) => new(0, 0, new JsonObject { ["name"] = name, ["type"] = "contact" });

    private static JsonArray Line(int product, double quantity) => new(0, 0, new JsonObject { ["product_id"] = product, ["product_uom_qty"] = quantity });

    private static async Task<int> CreateAsync(Sandbox sandbox, string model, JsonObject values)
    {
        var created = await sandbox.Invoke(model, "create", named: new() { ["vals_list"] = new JsonArray(values) });
        return (int)created!.AsArray()[0]!;
    }

    private static Task<JsonNode?> WriteAsync(Sandbox sandbox, string model, int id, string field, JsonArray commands) =>
        sandbox.Invoke(model, "write", new JsonArray(id), new() { ["vals"] = new JsonObject { [field] = commands } });

    private static async Task<JsonObject> ReadAsync(Sandbox sandbox, string model, int id, string field)
    {
        var read = await sandbox.Invoke(model, "read", new JsonArray(id), new() { ["fields"] = new JsonArray(field) });
        return Assert.Single(read!.AsArray())!.AsObject();
    }

    private static async Task<List<int>> ChildrenAsync(Sandbox sandbox, int company) =>
        (await ReadAsync(sandbox, "res.partner", company, "child_ids"))["child_ids"]!.AsArray().Select(n => (int)n!).Order().ToList();
}
