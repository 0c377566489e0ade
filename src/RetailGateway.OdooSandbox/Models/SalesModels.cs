using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>Sales orders and their lines, with confirmation, cancellation and locking.</summary>
internal static class SalesModels
{
    public static void Register(Registry registry)
    {
        RegisterLine(registry);
        var order = registry.Add(Model("sale.order", "Sales Order", "date_order desc, id desc"))
            .Add(Char("name", "Order Reference") with
            {
                // Drawn before the record is inserted: a create that fails later still consumes the number.
                Default = (env, _) => "S" + env.Db.NextNumber("sale.order").ToString("D5", CultureInfo.InvariantCulture),
            })
            .Add(Selection("state", "Status", "draft", "sent", "sale", "cancel").Constant("draft") with { ReadOnly = true })
            .Add(Boolean("locked", "Locked").Constant(false) with { ReadOnly = true })
            .Add(Many2one("partner_id", "Customer", "res.partner") with { Required = true })
            .Add(Many2one("partner_invoice_id", "Invoice Address", "res.partner") with { Default = (_, v) => v.GetValueOrDefault("partner_id") })
            .Add(Many2one("partner_shipping_id", "Delivery Address", "res.partner") with { Default = (_, v) => v.GetValueOrDefault("partner_id") })
            .Add(Char("client_order_ref", "Customer Reference"))
            .Add(Datetime("date_order", "Order Date") with { Default = (env, _) => env.Now })
            .Add(Many2one("currency_id", "Currency", "res.currency").Constant(1))
            // _compute_pricelist_id: the customer's pricelist when the quotation is made (none on 19 with pricelists off).
            .Add(Many2one("pricelist_id", "Pricelist", "product.pricelist") with
            {
                Default = (env, v) => v.GetValueOrDefault("partner_id") is int id && env.Browse("res.partner", id) is { } partner ? Pricelists.OfPartner(env, partner) : null,
            })
            // _compute_validity_date: today plus the company's quotation validity (30 days by default).
            .Add(Date("validity_date", "Expiration") with { Default = (env, _) => DateOnly.FromDateTime(env.Now).AddDays(QuotationValidityDays) })
            .Add(Many2one("company_id", "Company", "res.company") with { Default = (env, _) => env.AllowedCompanies?.Order().First() ?? 1 })
            .Add(Many2one("warehouse_id", "Warehouse", "stock.warehouse") with { Default = (env, v) => DefaultWarehouse(env, v) })
            .Add(Many2one("payment_term_id", "Payment Terms", "account.payment.term"))
            .Add(Text("note", "Terms and conditions"))
            .Add(One2many("order_line", "Order Lines", "sale.order.line", "order_id"))
            .Add(Monetary("amount_untaxed", "Untaxed Amount") with { Compute = (env, r) => Sum(env, r, "price_subtotal") })
            .Add(Monetary("amount_tax", "Taxes") with { Compute = (env, r) => Sum(env, r, "price_tax") })
            .Add(Monetary("amount_total", "Total") with { Compute = (env, r) => Sum(env, r, "price_total") })
            .Add(One2many("picking_ids", "Transfers", "stock.picking", "sale_id"))
            .Add(Many2many("invoice_ids", "Invoices", "account.move") with { Compute = (env, r) => Invoices(env, r).Select(i => i.Id).ToList() })
            .Add(Selection("invoice_status", "Invoice Status", "upselling", "invoiced", "to invoice", "no") with { Compute = InvoiceStatus })
            .Add(Selection("delivery_status", "Delivery Status", "pending", "started", "partial", "full") with { Compute = DeliveryStatus });
        order.Add(new MethodDef("action_confirm", true, [], Confirm));
        order.Add(new MethodDef("action_cancel", true, [], Cancel));
        order.Add(new MethodDef("action_draft", true, [], (env, call) => SetState(env, call, "draft", "cancel", "sent")));
        order.Add(new MethodDef("action_lock", true, [], (env, call) => SetLocked(env, call, true)));
        order.Add(new MethodDef("action_unlock", true, [], (env, call) => SetLocked(env, call, false)));
        order.Add(new MethodDef("unlink", true, [], Unlink));
        order.Add(new MethodDef("onchange", true, ["values", "field_names", "fields_spec"], Onchange));
    }

    /// <summary>The company's default <c>quotation_validity_days</c>.</summary>
    private const int QuotationValidityDays = 30;

    /// <summary>
    /// web's <c>onchange</c> for a new record (no field names: the form's first call): the record is made from the values
    /// with its defaults and computed fields, answered as <c>{"value": ...}</c> in <c>web_read</c>'s format with x2many
    /// values as create commands <c>[0, 0, values]</c>, and never saved: nothing is written and no number is drawn.
    /// </summary>
    private static JsonObject Onchange(Env env, MethodCall call)
    {
        var values = call["values"] as JsonObject ?? throw OdooException.TypeError("'NoneType' object is not iterable");
        var specification = call["fields_spec"] as JsonObject ?? throw OdooException.TypeError("'NoneType' object is not iterable");
        if (call.Ids.Count > 0 || call.List("field_names") is { Count: > 0 })
        {
            throw OdooException.ValueError("The sandbox plays onchange for a new record only (no ids, no field names).");
        }

        return env.Db.Discarded(() =>
        {
            // A new record is named "New" until it is saved: the sequence is drawn by create() only.
            var record = Operations.Create(env, call.Model, values.DeepClone().AsObject(), new Dictionary<string, object?> { ["name"] = "New" });
            var read = WebRead.Read(env, call.Model, [record.Id], specification)[0]!.DeepClone().AsObject();
            read.Remove("id");
            foreach (var (name, value) in read.ToList())
            {
                if (call.Model.Field(name)!.IsX2Many && value is JsonArray lines)
                {
                    read[name] = new JsonArray([.. lines.Select(line => (JsonNode?)new JsonArray(0, 0, WithoutId(line!.AsObject())))]);
                }
            }

            return new JsonObject { ["value"] = read };
        });
    }

    private static JsonObject WithoutId(JsonObject line)
    {
        var copy = line.DeepClone().AsObject();
        copy.Remove("id");
        return copy;
    }

    /// <summary>
    /// Odoo deletes only quotations and cancelled orders (<c>_unlink_except_draft_or_cancel</c>), and their lines with
    /// them (<c>order_id</c> is <c>ondelete='cascade'</c>).
    /// </summary>
    private static JsonValue Unlink(Env env, MethodCall call)
    {
        var orders = Operations.Existing(env, call.Model, call.Ids);
        if (orders.Any(o => o["state"] is not ("draft" or "cancel")))
        {
            throw OdooException.UserError("You can not delete a sent quotation or a confirmed sales order. You must first cancel it.");
        }

        foreach (var order in orders)
        {
            foreach (var line in Lines(env, order).ToList())
            {
                env.Db.Remove(line);
            }

            env.Db.Remove(order);
        }

        return JsonValue.Create(true);
    }

    private static void RegisterLine(Registry registry)
    {
        var v19 = registry.Version >= 19;
        registry.Add(Model("sale.order.line", "Sales Order Line", "order_id, id"))
            .Add(Many2one("order_id", "Order Reference", "sale.order") with { Required = true })
            .Add(Many2one("product_id", "Product", "product.product"))
            .Add(Text("name", "Description") with { Default = DefaultLineName })
            .Add(Float("product_uom_qty", "Quantity").Constant(1.0))
            .Add(Float("qty_delivered", "Delivery Quantity").Constant(0.0) with { ReadOnly = true })
            .Add(Float("qty_invoiced", "Invoiced Quantity").Constant(0.0) with { ReadOnly = true })
            .Add(Float("price_unit", "Unit Price") with { Default = (env, v) => LinePrice(env, v) })
            .Add(Float("discount", "Discount (%)").Constant(0.0))
            .Add(Many2many(v19 ? "tax_ids" : "tax_id", "Taxes", "account.tax") with
            {
                StorageKey = "tax_ids",
                Default = (env, v) => Product(env, v)?["taxes_id"] is List<int> taxes ? new List<int>(taxes) : new List<int>(),
            })
            .Add(Many2one(v19 ? "product_uom_id" : "product_uom", "Unit of Measure", "uom.uom") with
            {
                StorageKey = "product_uom_id",
                Default = (env, v) => Product(env, v)?["uom_id"] ?? 1,
            })
            .Add(Monetary("price_subtotal", "Subtotal") with { Compute = (env, r) => Subtotal(r) })
            .Add(Monetary("price_tax", "Total Tax") with { Compute = (env, r) => Tax(env, r) })
            .Add(Monetary("price_total", "Total") with { Compute = (env, r) => Round2(Subtotal(r) + Tax(env, r)) })
            .Add(Many2one("currency_id", "Currency", "res.currency") with { Compute = (_, _) => 1 })
            .Add(Selection("state", "Order Status", "draft", "sent", "sale", "cancel") with { Compute = (env, r) => env.Many2one(r, "order_id")?["state"] });
    }

    private static JsonValue Confirm(Env env, MethodCall call)
    {
        var orders = Operations.Existing(env, call.Model, call.Ids);
        var wrong = orders.Where(o => o["state"] is not ("draft" or "sent")).ToList();
        if (wrong.Count > 0)
        {
            throw OdooException.UserError(
                "The following orders are not in a state requiring confirmation: " + string.Join(", ", wrong.Select(o => o["name"])));
        }

        foreach (var order in orders)
        {
            if (OnCreditHold(env, order) is { } held)
            {
                throw OdooException.UserError(
                    $"{env.DisplayName(held)} is on credit hold: order {order["name"]} cannot be confirmed until the hold is lifted.");
            }

            Operations.Update(env, order, ("state", "sale"), ("date_order", env.Now));
            CreateDelivery(env, order);
        }

        return JsonValue.Create(true);
    }

    /// <summary>
    /// The partner of the order, or its commercial entity, that finance put on credit hold
    /// (<see cref="SandboxData.HoldCredit"/>): credit is granted to the company, not to each contact.
    /// </summary>
    private static Record? OnCreditHold(Env env, Record order)
    {
        // Partner hierarchies cannot be recursive (a constraint on res.partner), so the walk ends.
        for (var partner = env.Many2one(order, "partner_id"); partner is not null; partner = env.Many2one(partner, "parent_id"))
        {
            if (partner[BaseModels.CreditHoldKey] is true)
            {
                return partner;
            }
        }

        return null;
    }

    private static JsonNode? Cancel(Env env, MethodCall call)
    {
        var orders = Operations.Existing(env, call.Model, call.Ids);
        if (orders.Any(o => o["locked"] is true))
        {
            throw OdooException.UserError("You cannot cancel a locked order. Please unlock it first.");
        }

        // Odoo 16-18 ask for confirmation through a wizard before cancelling anything but a quotation.
        if (env.Registry.Version < 19 && !env.ContextFlag("disable_cancel_warning") && orders.Any(o => o["state"] is not "draft"))
        {
            return CancelWizard(orders[0].Id);
        }

        foreach (var order in orders)
        {
            foreach (var picking in env.Db.All("stock.picking").Where(p => p["sale_id"] is int id && id == order.Id).ToList())
            {
                Stock.CancelPicking(env, picking);
            }

            Operations.Update(env, order, ("state", "cancel"));
        }

        return JsonValue.Create(true);
    }

    private static JsonValue SetState(Env env, MethodCall call, string state, params string[] from)
    {
        foreach (var order in Operations.Existing(env, call.Model, call.Ids).Where(o => from.Contains(o["state"] as string)))
        {
            Operations.Update(env, order, ("state", state));
        }

        return JsonValue.Create(true);
    }

    /// <summary>
    /// Odoo's <c>action_lock</c> / <c>action_unlock</c> (17 and 19) set the flag and return None: no <c>result</c> over
    /// JSON-RPC, <c>null</c> over JSON-2.
    /// </summary>
    private static JsonNode? SetLocked(Env env, MethodCall call, bool locked)
    {
        foreach (var order in Operations.Existing(env, call.Model, call.Ids))
        {
            Operations.Update(env, order, ("locked", locked));
        }

        return null;
    }

    /// <summary>One outgoing picking for the storable lines, reserving what the warehouse has.</summary>
    private static void CreateDelivery(Env env, Record order)
    {
        var lines = env.Db.All("sale.order.line")
            .Where(l => l["order_id"] is int id && id == order.Id && env.Many2one(l, "product_id") is { } p && p["is_storable"] is true)
            .ToList();
        if (lines.Count == 0)
        {
            return;
        }

        var warehouse = env.Browse("stock.warehouse", order["warehouse_id"] as int? ?? 1)!;
        var source = (int)warehouse["lot_stock_id"]!;
        var destination = env.Db.All("stock.location").First(l => l["usage"] is "customer").Id;
        var code = (string)warehouse["code"]!;
        var picking = env.Db.Insert("stock.picking", new Dictionary<string, object?>
        {
            ["name"] = $"{code}/OUT/{env.Db.NextNumber($"stock.picking.out.{code}"):D5}",
            ["state"] = "confirmed",
            ["origin"] = order["name"],
            ["sale_id"] = order.Id,
            ["partner_id"] = order["partner_shipping_id"] ?? order["partner_id"],
            ["scheduled_date"] = env.Now,
            ["picking_type_code"] = "outgoing",
            ["location_id"] = source,
            ["location_dest_id"] = destination,
            ["company_id"] = order["company_id"],
            ["create_date"] = env.Now,
            ["write_date"] = env.Now,
        });
        foreach (var line in lines)
        {
            var move = env.Db.Insert("stock.move", new Dictionary<string, object?>
            {
                ["name"] = line["name"],
                ["product_id"] = line["product_id"],
                ["product_uom_qty"] = line["product_uom_qty"],
                ["quantity"] = 0.0,
                ["state"] = "confirmed",
                ["picking_id"] = picking.Id,
                ["location_id"] = source,
                ["location_dest_id"] = destination,
                ["sale_line_id"] = line.Id,
                ["origin"] = order["name"],
                ["company_id"] = order["company_id"],
                ["date"] = env.Now,
                ["create_date"] = env.Now,
                ["write_date"] = env.Now,
            });
            Stock.Reserve(env, move);
        }

        Operations.Update(env, picking, ("state", Stock.PickingState(Stock.Moves(env, picking))));
    }

    private static JsonObject CancelWizard(int orderId) => new()
    {
        ["name"] = "Cancel Sales Order",
        ["view_mode"] = "form",
        ["res_model"] = "sale.order.cancel",
        ["view_id"] = 1065,
        ["type"] = "ir.actions.act_window",
        ["context"] = new JsonObject
        {
            ["default_template_id"] = 14,
            ["default_order_id"] = orderId,
            ["mark_so_as_canceled"] = true,
            ["default_email_layout_xmlid"] = "mail.mail_notification_layout_with_responsible_signature",
            ["model_description"] = "Sales Order",
        },
        ["target"] = "new",
    };

    private static IEnumerable<Record> Lines(Env env, Record order) =>
        env.Db.All("sale.order.line").Where(l => l["order_id"] is int id && id == order.Id);

    public static IEnumerable<Record> Invoices(Env env, Record order) =>
        env.Db.All("account.move").Where(m => m["invoice_origin"] is string origin && origin == order["name"] as string && m["move_type"] is "out_invoice" or "out_refund");

    private static double Sum(Env env, Record order, string field) =>
        Round2(Lines(env, order).Sum(l => (double)env.Get(l, field)!));

    private static double Subtotal(Record line) =>
        Round2((line["product_uom_qty"] as double? ?? 0) * (line["price_unit"] as double? ?? 0) * (1 - ((line["discount"] as double? ?? 0) / 100)));

    private static double Tax(Env env, Record line)
    {
        var rate = ((line["tax_ids"] as List<int>) ?? []).Sum(id => env.Browse("account.tax", id)?["amount"] as double? ?? 0);
        return Round2(Subtotal(line) * rate / 100);
    }

    private static string InvoiceStatus(Env env, Record order)
    {
        if (order["state"] is not "sale")
        {
            return "no";
        }

        if (Invoices(env, order).Any(i => i["move_type"] is "out_invoice" && i["state"] is not "cancel"))
        {
            return "invoiced";
        }

        return Lines(env, order).Any(l => (l["qty_delivered"] as double? ?? 0) > (l["qty_invoiced"] as double? ?? 0)) ? "to invoice" : "no";
    }

    /// <summary>
    /// sale_stock's <c>_compute_delivery_status</c> (the same on 17 and 19), over every picking of the order, returns
    /// included: none or all cancelled -> false; all done or cancelled -> full; some done and something delivered ->
    /// partial; some done -> started; else pending.
    /// </summary>
    private static string? DeliveryStatus(Env env, Record order)
    {
        var pickings = env.Db.All("stock.picking").Where(p => p["sale_id"] is int id && id == order.Id).ToList();
        if (pickings.All(p => p["state"] is "cancel"))
        {
            return null;
        }

        if (pickings.All(p => p["state"] is "done" or "cancel"))
        {
            return "full";
        }

        if (pickings.Any(p => p["state"] is "done"))
        {
            return Lines(env, order).Any(l => (l["qty_delivered"] as double? ?? 0) != 0) ? "partial" : "started";
        }

        return "pending";
    }

    private static int? DefaultWarehouse(Env env, IReadOnlyDictionary<string, object?> values)
    {
        var company = values.GetValueOrDefault("company_id") as int? ?? 1;
        return env.Db.All("stock.warehouse").FirstOrDefault(w => w["company_id"] is int c && c == company)?.Id;
    }

    /// <summary>_compute_price_unit: the order's pricelist price for the line's product and quantity.</summary>
    private static double LinePrice(Env env, IReadOnlyDictionary<string, object?> values)
    {
        if (Product(env, values) is not { } product)
        {
            return 0.0;
        }

        var order = values.GetValueOrDefault("order_id") is int orderId ? env.Browse("sale.order", orderId) : null;
        return Pricelists.UnitPrice(env, order?["pricelist_id"] as int?, product, values.GetValueOrDefault("product_uom_qty") as double? ?? 1.0);
    }

    private static Record? Product(Env env, IReadOnlyDictionary<string, object?> values) =>
        values.GetValueOrDefault("product_id") is int id ? env.Browse("product.product", id) : null;

    private static string? DefaultLineName(Env env, IReadOnlyDictionary<string, object?> values)
    {
        if (Product(env, values) is not { } product)
        {
            return null;
        }

        var name = env.DisplayName(product);
        return product["description_sale"] is string { Length: > 0 } description ? $"{name}\n{description}" : name;
    }
}
