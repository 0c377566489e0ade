using System.Text;
using System.Text.Json.Nodes;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Wire;

/// <summary>
/// A JSON-RPC <c>web_search_read</c> answer of orders with their details, built from recorded records: the
/// Odoo 17 <c>web_read</c> order (four lines) with a recorded delivery and invoice nested, repeated under new ids.
/// </summary>
internal static class RecordedPage
{
    public static byte[] OrdersWithDetails(int count)
    {
        var order = Recording.Get(Recording.Odoo17JsonRpcRound2, "web_read order with nested lines, pickings, invoices").Response!["result"]![0]!;
        var picking = Recording.Get(Recording.Odoo17JsonRpc, "order_pickings_read").Response!["result"]![0]!;
        var invoice = Recording.Get(Recording.Odoo17JsonRpc, "invoices_list").Response!["result"]![0]!;
        var records = new JsonArray();
        for (var i = 1; i <= count; i++)
        {
            var record = order.DeepClone().AsObject();
            record["id"] = i;
            record["name"] = $"S{i:D5}";
            var delivery = picking.DeepClone().AsObject();
            delivery["id"] = i;
            delivery["sale_id"] = new JsonObject { ["id"] = i, ["display_name"] = $"S{i:D5}" };
            record["picking_ids"] = new JsonArray(delivery);
            var bill = invoice.DeepClone().AsObject();
            bill["id"] = i;
            bill["partner_id"] = new JsonObject { ["id"] = 43, ["display_name"] = "Gateway Test Customer" };
            bill["currency_id"] = new JsonObject { ["id"] = 1, ["display_name"] = "USD" };
            record["invoice_ids"] = new JsonArray(bill);
            records.Add(record);
        }

        var answer = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 1,
            ["result"] = new JsonObject { ["length"] = count, ["records"] = records },
        };
        return Encoding.UTF8.GetBytes(answer.ToJsonString());
    }
}
