using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Persistence;

/// <summary>
/// With <c>Sandbox:DataFile</c> a restarted sandbox finds its data again, as a restarted Odoo finds its Postgres
/// database: what callers wrote, computed values over it, and the numbering that goes on where it stopped.
/// </summary>
public sealed class DataFileTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sandbox-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    private Task<Sandbox> StartAsync(int version) => Sandbox.Start(version, options => options.DataFile = _file);

    private static JsonObject Orders => new()
    {
        ["domain"] = new JsonArray(),
        ["fields"] = new JsonArray("name", "state", "partner_id", "client_order_ref", "date_order", "order_line", "amount_total", "picking_ids", "delivery_status"),
        ["order"] = "id asc",
    };

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task ARestartedSandbox_AnswersAsBefore_AndNumbersOnFromWhereItStopped(int version)
    {
        string before;
        await using (var first = await StartAsync(version))
        {
            var created = await first.Invoke("sale.order", "create", named: new()
            {
                ["vals_list"] = new JsonArray(new JsonObject
                {
                    ["partner_id"] = 4,
                    ["client_order_ref"] = "801PERSIST1",
                    ["order_line"] = new JsonArray(new JsonArray(0, 0, new JsonObject { ["product_id"] = 5, ["product_uom_qty"] = 2 })),
                }),
            });
            await first.Invoke("sale.order", "action_confirm", created!.AsArray());
            before = (await first.Invoke("sale.order", "search_read", named: Orders))!.ToJsonString();
        }

        Assert.True(File.Exists(_file));
        await using var second = await StartAsync(version);
        Assert.Equal(before, (await second.Invoke("sale.order", "search_read", named: Orders))!.ToJsonString());

        var next = await second.Invoke("sale.order", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["partner_id"] = 4, ["client_order_ref"] = "801PERSIST2" }),
        });
        var orders = JsonNode.Parse(before)!.AsArray();
        Assert.Equal(orders.Max(o => (int)o!["id"]!) + 1, (int)next!.AsArray().Single()!);
        var read = await second.Invoke("sale.order", "read", next.AsArray(), new() { ["fields"] = new JsonArray("name") });
        var lastNumber = orders.Max(o => int.Parse(((string)o!["name"]!)[1..], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"S{lastNumber + 1:D5}", (string)read![0]!["name"]!);
    }

    [Fact]
    public async Task WithoutAFile_EverySandboxStartsFromTheSeed()
    {
        await using (var first = await Sandbox.Start(17))
        {
            await first.Invoke("sale.order", "create", named: new() { ["vals_list"] = new JsonArray(new JsonObject { ["partner_id"] = 4, ["client_order_ref"] = "801NOFILE" }) });
        }

        await using var second = await Sandbox.Start(17);
        var found = await second.Invoke("sale.order", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("client_order_ref", "=", "801NOFILE")) });
        Assert.Empty(found!.AsArray());
    }
}
