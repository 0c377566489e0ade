using System.Net;
using System.Text.Json.Nodes;

namespace RetailGateway.OdooSandbox.Tests.Support;

/// <summary>Steps of an order's story told over the played version's transport, and failed calls read alike on both.</summary>
internal static class Story
{
    /// <summary>A confirmed order of Gemini Furniture (a partner with a phone) for the lines, by SKU.</summary>
    public static async Task<int> ConfirmedOrder(Sandbox sandbox, string clientOrderRef, params (string Sku, double Quantity)[] lines)
    {
        var partner = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb4AAG")!.Value;
        var created = await sandbox.Invoke("sale.order", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject
            {
                ["partner_id"] = partner,
                ["client_order_ref"] = clientOrderRef,
                ["order_line"] = new JsonArray(lines.Select(l => (JsonNode?)new JsonArray(0, 0, new JsonObject
                {
                    ["product_id"] = sandbox.Server.Data.ProductId(l.Sku), ["product_uom_qty"] = l.Quantity,
                })).ToArray()),
            }),
        });
        var id = (int)created!.AsArray()[0]!;
        Assert.True((bool)(await sandbox.Invoke("sale.order", "action_confirm", [id]))!);
        return id;
    }

    /// <summary>The order's pickings, oldest first, with the fields a return needs.</summary>
    public static async Task<JsonArray> Pickings(Sandbox sandbox, int orderId) =>
        (await sandbox.Invoke("stock.picking", "search_read", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("sale_id", "=", orderId)),
            ["fields"] = new JsonArray("name", "state", "picking_type_code", "return_id", "origin", "partner_id", "sale_id", "move_ids", "date_done", "location_id", "location_dest_id"),
            ["order"] = "id",
        }))!.AsArray();

    public static async Task<JsonObject> Read(Sandbox sandbox, string model, int id, params string[] fields) =>
        (await sandbox.Invoke(model, "read", [id], new() { ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)f).ToArray()) }))![0]!.AsObject();

    /// <summary>A call expected to fail: the error's name and message (JSON-RPC's <c>error.data</c>, JSON-2's body) and the HTTP status.</summary>
    public static async Task<(string Name, string Message, HttpStatusCode Status)> Fails(Sandbox sandbox, string model, string method, JsonArray? ids = null, JsonObject? named = null)
    {
        named ??= [];
        if (sandbox.Server.Options.Version >= 19)
        {
            var body = (JsonObject)named.DeepClone();
            if (ids is not null)
            {
                body["ids"] = ids.DeepClone();
            }

            var (status, error) = await sandbox.Json2(model, method, body);
            Assert.NotEqual(HttpStatusCode.OK, status);
            return ((string)error!["name"]!, (string)error["message"]!, status);
        }

        var kwargs = (JsonObject)named.DeepClone();
        JsonArray args = ids is null ? [] : [ids.DeepClone()];
        if (method == "create")
        {
            args.Add(kwargs["vals_list"]!.DeepClone());
            kwargs.Remove("vals_list");
        }

        var envelope = await sandbox.ExecuteKw(model, method, args, kwargs);
        Assert.True(envelope["error"] is not null, "expected an error but got " + envelope["result"]?.ToJsonString());
        var data = envelope["error"]!["data"]!;
        return ((string)data["name"]!, (string)data["message"]!, HttpStatusCode.OK);
    }

    public static JsonObject ReturnContext(int pickingId) =>
        new() { ["active_id"] = pickingId, ["active_ids"] = new JsonArray(pickingId), ["active_model"] = "stock.picking" };
}
