using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>Products and inventory: warehouses, locations, quants, moves and pickings.</summary>
internal static class StockModels
{
    public static void Register(Registry registry)
    {
        RegisterProduct(registry);
        registry.Add(Model("stock.warehouse", "Warehouse"))
            .Add(Char("name", "Warehouse") with { Required = true })
            .Add(Char("code", "Short Name"))
            .Add(Many2one("company_id", "Company", "res.company").Constant(1))
            .Add(Many2one("lot_stock_id", "Location Stock", "stock.location"))
            .Add(Boolean("active", "Active").Constant(true));
        registry.Add(Model("stock.location", "Inventory Locations", "complete_name, id", (_, r) => r["complete_name"] as string ?? string.Empty))
            .Add(Char("name", "Location Name") with { Required = true })
            .Add(Char("complete_name", "Full Location Name"))
            .Add(Selection("usage", "Location Type", "supplier", "view", "internal", "customer", "inventory", "production", "transit").Constant("internal"))
            .Add(Many2one("warehouse_id", "Warehouse", "stock.warehouse"))
            .Add(Many2one("company_id", "Company", "res.company"))
            .Add(Boolean("active", "Active").Constant(true));
        registry.Add(Model("stock.quant", "Quants"))
            .Add(Many2one("product_id", "Product", "product.product") with { Required = true })
            .Add(Many2one("location_id", "Location", "stock.location") with { Required = true })
            .Add(Many2one("warehouse_id", "Warehouse", "stock.warehouse") with
            {
                Compute = (env, r) => env.Many2one(r, "location_id")?["warehouse_id"],
            })
            .Add(Float("quantity", "Quantity") with { ReadOnly = true })
            .Add(Float("reserved_quantity", "Reserved Quantity") with { ReadOnly = true })
            .Add(Float("available_quantity", "Available Quantity") with
            {
                Compute = (_, r) => (r["quantity"] as double? ?? 0) - (r["reserved_quantity"] as double? ?? 0),
            })
            .Add(Many2one("company_id", "Company", "res.company") with { ReadOnly = true });
        registry.Add(Model("stock.move", "Stock Move", "id"))
            .Add(Char("name", "Description"))
            .Add(Many2one("product_id", "Product", "product.product") with { Required = true })
            .Add(Float("product_uom_qty", "Demand"))
            .Add(Float("quantity", "Quantity") with { ReadOnly = true })
            .Add(Selection("state", "Status", "draft", "waiting", "confirmed", "partially_available", "assigned", "done", "cancel").Constant("draft"))
            .Add(Many2one("picking_id", "Transfer", "stock.picking"))
            .Add(Many2one("location_id", "Source Location", "stock.location"))
            .Add(Many2one("location_dest_id", "Destination Location", "stock.location"))
            .Add(Many2one("sale_line_id", "Sale Line", "sale.order.line"))
            .Add(Many2one("origin_returned_move_id", "Origin return move", "stock.move"))
            .Add(One2many("returned_move_ids", "All returned moves", "stock.move", "origin_returned_move_id"))
            // stock_account: a returned move lowers the delivered quantity of its sale line.
            .Add(Boolean("to_refund", "Update quantities on SO/PO").Constant(false))
            .Add(Char("origin", "Source Document"))
            .Add(Many2one("company_id", "Company", "res.company"))
            .Add(Datetime("date", "Date Scheduled"));
        RegisterPicking(registry);
        Returns.Register(registry);
    }

    private static void RegisterProduct(Registry registry)
    {
        var product = registry.Add(Model("product.product", "Product Variant", "default_code, name, id", ProductName))
            .Add(Char("default_code", "Internal Reference"))
            .Add(Char("name", "Name") with { Required = true })
            .Add(Char("barcode", "Barcode"))
            .Add(Float("list_price", "Sales Price").Constant(1.0))
            // The variant's sales price: the template's plus the variant's extra, which the sandbox's variants do not have.
            .Add(Float("lst_price", "Sales Price") with { Compute = (_, r) => r["list_price"] })
            .Add(Float("standard_price", "Cost").Constant(0.0))
            .Add(Boolean("sale_ok", "Can be Sold").Constant(true))
            .Add(Boolean("active", "Active").Constant(true))
            .Add(Text("description_sale", "Sales Description"))
            .Add(Many2one("uom_id", "Unit of Measure", "uom.uom").Constant(1))
            .Add(Many2many("taxes_id", "Customer Taxes", "account.tax") with { Default = (_, _) => new List<int> { 1 } });
        if (registry.Version >= 19)
        {
            product.Add(Selection("type", "Product Type", "consu", "service", "combo") with { StorageKey = "kind", Default = (_, _) => "consu" })
                .Add(Boolean("is_storable", "Track Inventory").Constant(false));
        }
        else
        {
            // Odoo 17 folds "storable" into the type itself: detailed_type 'product'.
            product.Add(Selection("type", "Type", "consu", "service", "product") with { Compute = (_, r) => Type17(r) })
                .Add(Selection("detailed_type", "Product Type", "consu", "service", "product") with { Compute = (_, r) => Type17(r) });
        }

        product.Add(Float("qty_available", "Quantity On Hand") with { Compute = (env, r) => Stock.Figures(env, r.Id).OnHand })
            .Add(Float("free_qty", "Free To Use Quantity ") with { Compute = (env, r) => Stock.Figures(env, r.Id).Free })
            .Add(Float("virtual_available", "Forecasted Quantity") with { Compute = (env, r) => Stock.Figures(env, r.Id).Virtual })
            .Add(Float("incoming_qty", "Incoming") with { Compute = (env, r) => Stock.Figures(env, r.Id).Incoming })
            .Add(Float("outgoing_qty", "Outgoing") with { Compute = (env, r) => Stock.Figures(env, r.Id).Outgoing });
    }

    private static string Type17(Record product) => product["is_storable"] is true ? "product" : product["kind"] as string ?? "consu";

    private static void RegisterPicking(Registry registry)
    {
        var picking = registry.Add(Model("stock.picking", "Transfer", "scheduled_date, id desc"))
            .Add(Char("name", "Reference"))
            .Add(Selection("state", "Status", "draft", "waiting", "confirmed", "assigned", "done", "cancel").Constant("draft"))
            .Add(Char("origin", "Source Document"))
            .Add(Many2one("sale_id", "Sales Order", "sale.order"))
            .Add(Many2one("partner_id", "Contact", "res.partner"))
            .Add(Datetime("scheduled_date", "Scheduled Date"))
            .Add(Datetime("date_done", "Date of Transfer") with { ReadOnly = true })
            .Add(Selection("picking_type_code", "Type of Operation", "incoming", "outgoing", "internal"))
            .Add(Many2one("location_id", "Source Location", "stock.location"))
            .Add(Many2one("location_dest_id", "Destination Location", "stock.location"))
            .Add(One2many("move_ids", "Stock Moves", "stock.move", "picking_id"))
            .Add(Many2one("return_id", "Return of", "stock.picking"))
            .Add(One2many("return_ids", "Returns", "stock.picking", "return_id"))
            .Add(Html("note", "Notes"))
            .Add(Many2one("company_id", "Company", "res.company"));
        if (registry.DeliveryModule)
        {
            picking.Add(Char("carrier_tracking_ref", "Tracking Reference"));
        }

        picking.Add(new MethodDef("button_validate", true, [], (env, call) => Stock.Validate(env, Operations.Existing(env, call.Model, call.Ids))));
        registry.Add(Model("confirm.stock.sms", "Confirm Stock SMS"))
            .Add(Many2many("pick_ids", "Pick", "stock.picking"))
            .Add(new MethodDef("send_sms", true, [], (env, call) => Stock.ConfirmSms(env, Single(env, call), send: true)))
            .Add(new MethodDef("dont_send_sms", true, [], (env, call) => Stock.ConfirmSms(env, Single(env, call), send: false)));
        picking.Add(new MethodDef("action_cancel", true, [], (env, call) =>
        {
            foreach (var record in Operations.Existing(env, call.Model, call.Ids))
            {
                Stock.CancelPicking(env, record);
            }

            return JsonValue.Create(true);
        }));
    }

    /// <summary>Odoo's <c>ensure_one()</c>.</summary>
    public static Record Single(Env env, MethodCall call)
    {
        var records = Operations.Existing(env, call.Model, call.Ids);
        if (records.Count != 1)
        {
            var tuple = records.Count == 0 ? string.Empty : string.Join(", ", records.Select(r => r.Id));
            throw OdooException.ValueError($"Expected singleton: {call.Model.Name}({tuple})");
        }

        return records[0];
    }

    private static string ProductName(Env env, Record product)
    {
        var name = product["name"] as string ?? string.Empty;
        if (product["variant"] is string variant)
        {
            name = $"{name} ({variant})";
        }

        return product["default_code"] is string { Length: > 0 } code ? $"[{code}] {name}" : name;
    }
}
