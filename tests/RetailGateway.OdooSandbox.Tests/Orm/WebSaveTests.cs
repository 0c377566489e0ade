using System.Net;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Orm;

/// <summary>
/// <c>web_save</c> as the gateway sends it: over JSON-RPC (17) <c>args [ids, vals]</c> with the specification as a
/// keyword, over JSON-2 (19) a body of <c>ids</c>, <c>vals</c> and <c>specification</c>. Odoo writes the records (or
/// creates one when there are none) and answers as <c>web_read</c>.
/// </summary>
public sealed class WebSaveTests
{
    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebSave_WithIds_WritesThenAnswersAsWebRead(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var order = await sandbox.OrderIdAsync("801xx000000AbC6AAK");
        var spec = new JsonObject
        {
            ["date_order"] = new JsonObject(),
            ["order_line"] = new JsonObject { ["fields"] = new JsonObject { ["product_uom_qty"] = new JsonObject() } },
        };

        var (status, answer) = await SaveAsync(sandbox, "sale.order", [order], new JsonObject { ["date_order"] = "2026-11-01 00:00:00" }, spec);

        Assert.Equal(HttpStatusCode.OK, status);
        var row = Assert.Single(answer!.AsArray())!.AsObject();
        Assert.Equal(["id", "date_order", "order_line"], row.Select(p => p.Key));
        Assert.Equal(order, (int)row["id"]!);
        Assert.Equal("2026-11-01 00:00:00", (string)row["date_order"]!);
        Assert.Equal([10.0, 5.0], row["order_line"]!.AsArray().Select(l => (double)l!["product_uom_qty"]!));
        var read = await sandbox.Invoke("sale.order", "read", new JsonArray(order), new() { ["fields"] = new JsonArray("date_order") });
        Assert.Equal("2026-11-01 00:00:00", (string)read![0]!["date_order"]!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebSave_WithoutIds_CreatesOneRecordAndAnswersIt(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var vals = new JsonObject
        {
            ["name"] = "Web Save Co",
            ["child_ids"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["name"] = "Web Save Co", ["type"] = "delivery", ["city"] = "Springfield" })),
        };
        var spec = new JsonObject { ["name"] = new JsonObject(), ["child_ids"] = new JsonObject { ["fields"] = new JsonObject { ["type"] = new JsonObject(), ["city"] = new JsonObject() } } };

        var (status, answer) = await SaveAsync(sandbox, "res.partner", [], vals, spec);

        Assert.Equal(HttpStatusCode.OK, status);
        var row = Assert.Single(answer!.AsArray())!.AsObject();
        Assert.Equal("Web Save Co", (string)row["name"]!);
        var child = Assert.Single(row["child_ids"]!.AsArray())!;
        Assert.Equal("delivery", (string)child["type"]!);
        Assert.Equal("Springfield", (string)child["city"]!);
        var found = await sandbox.Invoke("res.partner", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("name", "=", "Web Save Co"), new JsonArray("parent_id", "=", false)) });
        Assert.Equal((int)row["id"]!, (int)Assert.Single(found!.AsArray())!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task WebSave_MissingRecord_FailsWithMissingError(int version)
    {
        await using var sandbox = await Sandbox.Start(version);

        var (status, answer) = await SaveAsync(sandbox, "sale.order", [999_999], new JsonObject { ["note"] = "x" }, new JsonObject { ["note"] = new JsonObject() });

        Assert.Equal(version >= 19 ? HttpStatusCode.NotFound : HttpStatusCode.OK, status);
        Assert.Equal("odoo.exceptions.MissingError", (string)answer!["name"]!);
    }

    /// <summary>The call as the gateway sends it; on failure the answer is the error's data (JSON-RPC) or body (JSON-2).</summary>
    private static async Task<(HttpStatusCode Status, JsonNode? Answer)> SaveAsync(Sandbox sandbox, string model, int[] ids, JsonObject vals, JsonObject spec)
    {
        var idList = new JsonArray(ids.Select(id => (JsonNode?)id).ToArray());
        if (sandbox.Server.Options.Version >= 19)
        {
            return await sandbox.Json2(model, "web_save", new JsonObject { ["ids"] = idList, ["vals"] = vals, ["specification"] = spec });
        }

        var envelope = await sandbox.ExecuteKw(model, "web_save", new JsonArray(idList, vals), new JsonObject { ["specification"] = spec });
        return (HttpStatusCode.OK, envelope["error"] is { } error ? error["data"] : envelope["result"]);
    }
}
