using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>
/// Inventory behaviour: quantities per warehouse, reservation on confirmation, release on cancel,
/// and delivery on validation.
/// </summary>
internal static class Stock
{
    private static readonly HashSet<string> OpenMoveStates = ["waiting", "confirmed", "partially_available", "assigned"];

    /// <summary>Stock figures of a product in the warehouses the call's context scopes to.</summary>
    public static StockFigures Figures(Env env, int productId)
    {
        var scope = ScopeLocations(env);
        var table = env.Cached("stock:" + string.Join(',', scope.Order()), () => Compute(env, scope));
        return table.GetValueOrDefault(productId, StockFigures.Zero);
    }

    public static Record Quant(Env env, int productId, int locationId)
    {
        var existing = env.Db.All("stock.quant").FirstOrDefault(q => q["product_id"] is int p && p == productId && q["location_id"] is int l && l == locationId);
        if (existing is not null)
        {
            return existing;
        }

        var location = env.Browse("stock.location", locationId)!;
        return env.Db.Insert("stock.quant", new Dictionary<string, object?>
        {
            ["product_id"] = productId,
            ["location_id"] = locationId,
            ["quantity"] = 0.0,
            ["reserved_quantity"] = 0.0,
            ["company_id"] = location["company_id"],
            ["create_date"] = env.Now,
            ["write_date"] = env.Now,
        });
    }

    /// <summary>Reserves what the source location can give; returns whether the move is fully reserved.</summary>
    public static bool Reserve(Env env, Record move)
    {
        var demand = (double)move["product_uom_qty"]!;
        var reserved = move["quantity"] as double? ?? 0;
        if (env.Browse("stock.location", (int)move["location_id"]!)?["usage"] is not "internal")
        {
            // Goods from a customer, a vendor or inventory are not reserved from stock: the whole demand is ready.
            Operations.Update(env, move, ("quantity", demand), ("state", "assigned"));
            return true;
        }

        var quant = Quant(env, (int)move["product_id"]!, (int)move["location_id"]!);
        var free = Math.Max(0, (double)quant["quantity"]! - (double)quant["reserved_quantity"]!);
        var take = Math.Min(demand - reserved, free);
        if (take > 0)
        {
            Operations.Update(env, quant, ("reserved_quantity", (double)quant["reserved_quantity"]! + take));
            reserved += take;
        }

        var state = reserved >= demand ? "assigned" : reserved > 0 ? "partially_available" : "confirmed";
        Operations.Update(env, move, ("quantity", reserved), ("state", state));
        return reserved >= demand;
    }

    /// <summary>The picking state Odoo derives from its moves (shipping policy "as soon as possible").</summary>
    public static string PickingState(IEnumerable<Record> moves)
    {
        var open = moves.Where(m => m["state"] is not ("cancel" or "done")).ToList();
        if (open.Count == 0)
        {
            return moves.Any(m => m["state"] is "done") ? "done" : "cancel";
        }

        return open.Any(m => (m["quantity"] as double? ?? 0) > 0) ? "assigned" : "confirmed";
    }

    public static IEnumerable<Record> Moves(Env env, Record picking) =>
        env.Db.All("stock.move").Where(m => m["picking_id"] is int id && id == picking.Id);

    public static void CancelPicking(Env env, Record picking)
    {
        if (picking["state"] is "done" or "cancel")
        {
            return;
        }

        foreach (var move in Moves(env, picking).Where(m => m["state"] is not ("done" or "cancel")).ToList())
        {
            var reserved = move["quantity"] as double? ?? 0;
            // Only stock locations hold reservations: goods awaited from a customer (a return) reserved nothing there.
            if (reserved > 0 && env.Browse("stock.location", (int)move["location_id"]!)?["usage"] is "internal")
            {
                var quant = Quant(env, (int)move["product_id"]!, (int)move["location_id"]!);
                Operations.Update(env, quant, ("reserved_quantity", Math.Max(0, (double)quant["reserved_quantity"]! - reserved)));
            }

            Operations.Update(env, move, ("quantity", 0.0), ("state", "cancel"));
        }

        Operations.Update(env, picking, ("state", "cancel"));
        TouchOrder(env, picking);
    }

    /// <summary>
    /// Odoo's button_validate: delivers fully reserved pickings. Partly reserved ones get the backorder
    /// wizard action and nothing reserved is a UserError, as in Odoo.
    /// </summary>
    public static JsonNode? Validate(Env env, IReadOnlyList<Record> pickings)
    {
        foreach (var picking in pickings)
        {
            var moves = Moves(env, picking).Where(m => m["state"] is not ("done" or "cancel")).ToList();
            if (picking["state"] is "done" or "cancel" || moves.All(m => (m["quantity"] as double? ?? 0) <= 0))
            {
                throw OdooException.UserError("You cannot validate a transfer if no quantities are reserved nor done. To force the transfer, encode quantities.");
            }

            if (moves.Any(m => (double)m["quantity"]! < (double)m["product_uom_qty"]!))
            {
                return BackorderWizard(pickings);
            }
        }

        if (!env.ContextFlag("skip_sms") && pickings.Where(p => WarnSms(env, p)).ToList() is { Count: > 0 } warned)
        {
            return SmsWizard(env, pickings, warned);
        }

        foreach (var picking in pickings)
        {
            foreach (var move in Moves(env, picking).Where(m => m["state"] is not ("done" or "cancel")).ToList())
            {
                Deliver(env, move);
            }

            Operations.Update(env, picking, ("state", "done"), ("date_done", env.Now));
            TouchOrder(env, picking);
        }

        return JsonValue.Create(true);
    }

    private static void Deliver(Env env, Record move)
    {
        var quantity = (double)move["quantity"]!;
        var source = env.Browse("stock.location", (int)move["location_id"]!)!;
        var destination = env.Browse("stock.location", (int)move["location_dest_id"]!)!;
        if (source["usage"] is "internal")
        {
            var quant = Quant(env, (int)move["product_id"]!, source.Id);
            Operations.Update(env, quant, ("quantity", (double)quant["quantity"]! - quantity), ("reserved_quantity", Math.Max(0, (double)quant["reserved_quantity"]! - quantity)));
        }

        if (destination["usage"] is "internal")
        {
            var quant = Quant(env, (int)move["product_id"]!, destination.Id);
            Operations.Update(env, quant, ("quantity", (double)quant["quantity"]! + quantity));
        }

        Operations.Update(env, move, ("state", "done"));
        if (move["sale_line_id"] is int lineId && env.Browse("sale.order.line", lineId) is { } line)
        {
            // sale_stock's _get_outgoing_incoming_moves: moves to the customer count (a return's only with to_refund),
            // moves back from the customer take off only with to_refund.
            var returned = move["origin_returned_move_id"] is int;
            var change = destination["usage"] is "customer" && (!returned || move["to_refund"] is true) ? quantity
                : source["usage"] is "customer" && move["to_refund"] is true ? -quantity
                : 0;
            if (change != 0)
            {
                Operations.Update(env, line, ("qty_delivered", (line["qty_delivered"] as double? ?? 0) + change));
            }
        }
    }

    /// <summary>
    /// stock_sms's <c>_check_warn_sms</c>: a delivery to a partner with a phone (17: or a mobile), while the company confirms
    /// deliveries by SMS (17 <c>stock_move_sms_validation</c>, 19 <c>stock_text_confirmation</c>) and has not been warned yet.
    /// </summary>
    private static bool WarnSms(Env env, Record picking)
    {
        if (picking["picking_type_code"] is not "outgoing" || env.Browse("res.company", picking["company_id"] as int? ?? 1) is not { } company)
        {
            return false;
        }

        var on = env.Registry.Version >= 19
            ? company["stock_text_confirmation"] is true && company["stock_confirmation_type"] is "sms"
            : company["stock_move_sms_validation"] is true;
        var partner = env.Many2one(picking, "partner_id");
        var phone = partner?["phone"] is string { Length: > 0 } || (env.Registry.Version < 19 && partner?["mobile"] is string { Length: > 0 });
        return on && phone && company["has_received_warning_stock_sms"] is not true;
    }

    /// <summary><c>_action_generate_warn_sms_wizard</c>: the confirm.stock.sms wizard; nothing is validated.</summary>
    private static JsonObject SmsWizard(Env env, IReadOnlyList<Record> pickings, List<Record> warned)
    {
        var wizard = env.Db.Insert("confirm.stock.sms", new Dictionary<string, object?>
        {
            ["pick_ids"] = warned.Select(p => p.Id).ToList(),
            ["create_date"] = env.Now,
            ["write_date"] = env.Now,
        });
        var context = env.Context.DeepClone().AsObject();
        if (context["button_validate_picking_ids"] is null)
        {
            context["button_validate_picking_ids"] = new JsonArray(pickings.Select(p => (JsonNode?)p.Id).ToArray());
        }

        return new JsonObject
        {
            ["name"] = "SMS",
            ["type"] = "ir.actions.act_window",
            ["view_mode"] = "form",
            ["res_model"] = "confirm.stock.sms",
            ["views"] = new JsonArray(new JsonArray(SmsViewId, "form")),
            ["view_id"] = SmsViewId,
            ["target"] = "new",
            ["res_id"] = wizard.Id,
            ["context"] = context,
        };
    }

    /// <summary>The id of stock_sms.view_confirm_stock_sms in the played database.</summary>
    private const int SmsViewId = 1322;

    /// <summary>
    /// confirm.stock.sms's <c>send_sms</c> / <c>dont_send_sms</c>: the companies are marked warned (the latter also turns SMS
    /// confirmation off) and the pickings of <c>button_validate_picking_ids</c> are validated again.
    /// </summary>
    public static JsonNode? ConfirmSms(Env env, Record wizard, bool send)
    {
        var pickings = ((wizard["pick_ids"] as List<int>) ?? []).Select(id => env.Browse("stock.picking", id)).OfType<Record>().ToList();
        foreach (var companyId in pickings.Select(p => p["company_id"] as int? ?? 1).Distinct())
        {
            var company = env.Browse("res.company", companyId)!;
            if (company["has_received_warning_stock_sms"] is not true)
            {
                Operations.Update(env, company, ("has_received_warning_stock_sms", true));
                if (!send)
                {
                    Operations.Update(env, company, (env.Registry.Version >= 19 ? "stock_text_confirmation" : "stock_move_sms_validation", false));
                }
            }
        }

        var ids = env.Context["button_validate_picking_ids"] is JsonArray list ? list.Where(JsonNumbers.IsNumber).Select(n => JsonNumbers.Int(n!)).ToList() : [];
        var toValidate = ids.Select(id => env.Browse("stock.picking", id)).OfType<Record>().ToList();
        return toValidate.Count == 0 ? JsonValue.Create(true) : Validate(env, toValidate);
    }

    private static void TouchOrder(Env env, Record picking)
    {
        if (picking["sale_id"] is int orderId && env.Browse("sale.order", orderId) is { } order)
        {
            Operations.Touch(env, order);
        }
    }

    private static JsonObject BackorderWizard(IReadOnlyList<Record> pickings) => new()
    {
        ["name"] = "Create Backorder?",
        ["type"] = "ir.actions.act_window",
        ["view_mode"] = "form",
        ["res_model"] = "stock.backorder.confirmation",
        ["views"] = new JsonArray(new JsonArray(false, "form")),
        ["target"] = "new",
        ["context"] = new JsonObject
        {
            ["button_validate_picking_ids"] = new JsonArray(pickings.Select(p => (JsonNode?)p.Id).ToArray()),
            ["default_pick_ids"] = new JsonArray(pickings.Select(p => (JsonNode?)new JsonArray(4, p.Id)).ToArray()),
        },
    };

    /// <summary>Internal locations of the warehouses in scope: the context's warehouse, else all allowed ones.</summary>
    private static HashSet<int> ScopeLocations(Env env)
    {
        var requested = env.Context[env.Registry.WarehouseContextKey] switch
        {
            JsonArray list => list.Where(JsonNumbers.IsNumber).Select(n => JsonNumbers.Int(n!)).ToHashSet(),
            var single when JsonNumbers.IsNumber(single) => [JsonNumbers.Int(single!)],
            _ => null,
        };
        var companies = env.AllowedCompanies;
        var warehouses = env.Db.All("stock.warehouse")
            .Where(w => requested?.Contains(w.Id) ?? (companies is null || (w["company_id"] is int c && companies.Contains(c))))
            .Select(w => w.Id)
            .ToHashSet();
        return env.Db.All("stock.location")
            .Where(l => l["usage"] is "internal" && l["warehouse_id"] is int w && warehouses.Contains(w))
            .Select(l => l.Id)
            .ToHashSet();
    }

    private static Dictionary<int, StockFigures> Compute(Env env, HashSet<int> scope)
    {
        var figures = new Dictionary<int, StockFigures>();
        StockFigures Of(int product) => figures.GetValueOrDefault(product, StockFigures.Zero);
        foreach (var quant in env.Db.All("stock.quant").Where(q => scope.Contains((int)q["location_id"]!)))
        {
            var product = (int)quant["product_id"]!;
            var current = Of(product);
            figures[product] = current with
            {
                OnHand = current.OnHand + (double)quant["quantity"]!,
                Reserved = current.Reserved + (double)quant["reserved_quantity"]!,
            };
        }

        foreach (var move in env.Db.All("stock.move").Where(m => m["state"] is string state && OpenMoveStates.Contains(state)))
        {
            var product = (int)move["product_id"]!;
            var from = scope.Contains((int)move["location_id"]!);
            var to = scope.Contains((int)move["location_dest_id"]!);
            var quantity = (double)move["product_uom_qty"]!;
            var current = Of(product);
            if (from && !to)
            {
                figures[product] = current with { Outgoing = current.Outgoing + quantity };
            }
            else if (to && !from)
            {
                figures[product] = current with { Incoming = current.Incoming + quantity };
            }
        }

        return figures;
    }
}

internal sealed record StockFigures(double OnHand, double Reserved, double Incoming, double Outgoing)
{
    public static readonly StockFigures Zero = new(0, 0, 0, 0);

    public double Free => OnHand - Reserved;

    public double Virtual => OnHand + Incoming - Outgoing;
}
