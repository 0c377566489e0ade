using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>
/// The return wizard (<c>stock.return.picking</c> and its lines), as stock, stock_account and sale_stock define it:
/// created for a done picking, its lines default to what is left to return on 17 and to 0 on 19; <c>create_returns</c>
/// (17) or <c>action_create_returns</c> (19) makes the return picking, ready to receive.
/// </summary>
internal static class Returns
{
    public static void Register(Registry registry)
    {
        var v19 = registry.Version >= 19;
        var line = registry.Add(Model("stock.return.picking.line", "Return Picking Line", "id", (env, r) => env.Many2one(r, "product_id") is { } p ? env.DisplayName(p) : string.Empty))
            .Add(Many2one("product_id", "Product", "product.product") with { Required = true })
            .Add(Float("quantity", "Quantity") with { Required = true, Default = (_, _) => v19 ? 1.0 : 0.0 })
            .Add(Many2one("uom_id", "Unit of Measure", "uom.uom") with { Compute = (env, r) => env.Many2one(r, "product_id")?["uom_id"] })
            .Add(Many2one("wizard_id", "Wizard", "stock.return.picking"))
            .Add(Many2one("move_id", "Move", "stock.move"))
            // stock_account: on both versions, default True.
            .Add(Boolean("to_refund", "Update quantities on SO/PO").Constant(true));
        if (v19)
        {
            line.Add(Float("move_quantity", "Move Quantity") with { Compute = (env, r) => env.Many2one(r, "move_id")?["quantity"] ?? 0.0 });
        }

        var wizard = registry.Add(Model("stock.return.picking", "Return Picking"))
            .Add(Many2one("picking_id", "Picking", "stock.picking"))
            .Add(One2many("product_return_moves", "Moves", "stock.return.picking.line", "wizard_id"))
            .Add(Many2one("location_id", "Return Location", "stock.location"))
            .Add(Many2one("company_id", "Company", "res.company") with { Compute = (env, r) => env.Many2one(r, "picking_id")?["company_id"] });
        if (v19)
        {
            wizard.Add(Selection("picking_type_code", "Type of Operation", "incoming", "outgoing", "internal") with
            {
                Compute = (env, r) => env.Many2one(r, "picking_id")?["picking_type_code"],
            });
        }
        else
        {
            wizard.Add(Boolean("move_dest_exists", "Chained Move Exists").Constant(false) with { ReadOnly = true })
                .Add(Many2one("original_location_id", "Original Location", "stock.location") with { ReadOnly = true })
                .Add(Many2one("parent_location_id", "Parent Location", "stock.location") with { ReadOnly = true });
        }

        wizard.Add(new MethodDef("create", false, ["vals_list"], Create));
        // 17 (and 16) name the button's method create_returns; 18 and later action_create_returns.
        wizard.Add(new MethodDef(v19 ? "action_create_returns" : "create_returns", true, [], CreateReturns));
        if (v19)
        {
            wizard.Add(new MethodDef("action_create_returns_all", true, [], CreateReturnsAll));
        }
    }

    private static JsonNode Create(Env env, MethodCall call)
    {
        return Operations.CreateEach(env, call, given =>
        {
            var vals = given.DeepClone().AsObject();
            // default_get: the picking the wizard was opened from.
            if (!vals.ContainsKey("picking_id") && env.Context["active_model"]?.ToString() == "stock.picking" && JsonNumbers.IsNumber(env.Context["active_id"]))
            {
                if (env.Context["active_ids"] is JsonArray { Count: > 1 })
                {
                    throw OdooException.UserError("You may only return one picking at a time.");
                }

                if (env.Browse("stock.picking", JsonNumbers.Int(env.Context["active_id"]!)) is { } active)
                {
                    vals["picking_id"] = active.Id;
                }
            }

            var givenLines = vals["product_return_moves"]?.DeepClone();
            vals.Remove("product_return_moves");
            var record = Operations.Create(env, call.Model, vals);
            ComputeLines(env, record);
            if (givenLines is not null)
            {
                Operations.Write(env, call.Model, [record], new JsonObject { ["product_return_moves"] = givenLines });
            }

            return record.Id;
        });
    }

    /// <summary><c>_compute_moves_locations</c>: one line per move of the picking that is not cancelled.</summary>
    private static void ComputeLines(Env env, Record wizard)
    {
        if (env.Many2one(wizard, "picking_id") is not { } picking)
        {
            return;
        }

        if (picking["state"] is not "done")
        {
            throw OdooException.UserError("You may only return Done pickings.");
        }

        var v19 = env.Registry.Version >= 19;
        // The source's "No products to return" check never fires (its command list starts with a clear), so a picking
        // without returnable moves gets a wizard without lines, which create_returns then refuses.
        var moves = Stock.Moves(env, picking).Where(m => m["state"] is not "cancel").OrderBy(m => m.Id).ToList();
        foreach (var move in moves)
        {
            var product = env.Many2one(move, "product_id")!;
            env.Db.Insert("stock.return.picking.line", new Dictionary<string, object?>
            {
                ["product_id"] = product.Id,
                // 17: what the move delivered minus what its returns took; 19: nothing until the user says.
                ["quantity"] = v19 ? 0.0 : Math.Max(0, (move["quantity"] as double? ?? 0) - ReturnedQuantity(env, move)),
                ["wizard_id"] = wizard.Id,
                ["move_id"] = move.Id,
                ["to_refund"] = true,
                ["create_date"] = env.Now,
                ["write_date"] = env.Now,
            });
        }

        var location = picking["location_id"];
        env.Db.Set(wizard, "location_id", location);
        if (!v19)
        {
            env.Db.Set(wizard, "original_location_id", location);
            env.Db.Set(wizard, "parent_location_id", WarehouseOf(env, picking) is { } warehouse ? warehouse["view_location_id"] ?? location : location);
        }
    }

    /// <summary>What the returns of a move took (their quantity; cancelled returns hold none).</summary>
    public static double ReturnedQuantity(Env env, Record move) =>
        env.Db.All("stock.move").Where(m => m["origin_returned_move_id"] is int id && id == move.Id && m["state"] is not "cancel").Sum(m => m["quantity"] as double? ?? 0);

    private static JsonObject CreateReturns(Env env, MethodCall call)
    {
        var v19 = env.Registry.Version >= 19;
        var wizards = Operations.Existing(env, call.Model, call.Ids);
        if (v19 && wizards.Count != 1)
        {
            throw OdooException.ValueError($"Expected singleton: stock.return.picking({string.Join(", ", wizards.Select(w => w.Id))}{(wizards.Count == 1 ? "," : string.Empty)})");
        }

        Record? created = null;
        foreach (var wizard in wizards)
        {
            created = CreateReturn(env, wizard);
        }

        var origin = wizards.Count > 0 ? env.Many2one(wizards[0], "picking_id") : null;
        if (v19)
        {
            return new JsonObject
            {
                ["name"] = "Returned Picking",
                ["view_mode"] = "form",
                ["res_model"] = "stock.picking",
                ["res_id"] = created?.Id ?? (JsonNode)false,
                ["type"] = "ir.actions.act_window",
                ["context"] = env.Context.DeepClone(),
            };
        }

        var context = env.Context.DeepClone().AsObject();
        context["default_partner_id"] = origin?["partner_id"] is int partner ? partner : false;
        context["search_default_picking_type_id"] = created is null ? false : IncomingTypeId(env, created);
        foreach (var key in new[] { "draft", "assigned", "confirmed", "ready", "planning_issues", "available" })
        {
            context["search_default_" + key] = false;
        }

        return new JsonObject
        {
            ["name"] = "Returned Picking",
            ["view_mode"] = "form,tree,calendar",
            ["res_model"] = "stock.picking",
            ["res_id"] = created?.Id ?? (JsonNode)false,
            ["type"] = "ir.actions.act_window",
            ["context"] = context,
        };
    }

    /// <summary>19's <c>action_create_returns_all</c>: every line set to what is left to return of its move, then <c>action_create_returns</c>.</summary>
    private static JsonObject CreateReturnsAll(Env env, MethodCall call)
    {
        var wizard = StockModels.Single(env, call);
        foreach (var line in env.Db.All("stock.return.picking.line").Where(l => l["wizard_id"] is int id && id == wizard.Id).ToList())
        {
            if (env.Many2one(line, "move_id") is { } move && move["state"] is not "cancel")
            {
                Operations.Update(env, line, ("quantity", Math.Max(0, (move["quantity"] as double? ?? 0) - ReturnedQuantity(env, move))));
            }
        }

        return CreateReturns(env, call);
    }

    /// <summary><c>_create_returns</c>: a copy of the picking the other way round, with a move per non-zero line; confirmed and reserved.</summary>
    private static Record CreateReturn(Env env, Record wizard)
    {
        var v19 = env.Registry.Version >= 19;
        var picking = env.Many2one(wizard, "picking_id") ?? throw OdooException.UserError("Please specify at least one non-zero quantity.");
        var lines = env.Db.All("stock.return.picking.line").Where(l => l["wizard_id"] is int id && id == wizard.Id).OrderBy(l => l.Id).ToList();
        var warehouse = WarehouseOf(env, picking);
        var code = warehouse?["code"] as string ?? "WH";
        // The copy is created (and its number drawn) before the lines are checked, as in Odoo.
        var returned = env.Db.Insert("stock.picking", new Dictionary<string, object?>
        {
            ["name"] = $"{code}/IN/{env.Db.NextNumber($"stock.picking.in.{code}"):D5}",
            ["state"] = "draft",
            ["origin"] = $"Return of {picking["name"]}",
            ["sale_id"] = picking["sale_id"],
            ["partner_id"] = picking["partner_id"],
            ["scheduled_date"] = env.Now,
            ["picking_type_code"] = "incoming",
            ["location_id"] = picking["location_dest_id"],
            ["location_dest_id"] = wizard["location_id"] ?? picking["location_id"],
            ["return_id"] = picking.Id,
            ["company_id"] = picking["company_id"],
            ["create_date"] = env.Now,
            ["write_date"] = env.Now,
        });
        var count = 0;
        foreach (var line in lines)
        {
            var original = env.Many2one(line, "move_id");
            if (original is null && !v19)
            {
                throw OdooException.UserError("You have manually created product lines, please delete them to proceed.");
            }

            var quantity = line["quantity"] as double? ?? 0;
            if (Math.Abs(quantity) < 0.005)
            {
                continue;
            }

            count++;
            env.Db.Insert("stock.move", new Dictionary<string, object?>
            {
                ["name"] = original?["name"] ?? env.DisplayName(env.Many2one(line, "product_id")!),
                ["product_id"] = line["product_id"],
                ["product_uom_qty"] = quantity,
                ["quantity"] = 0.0,
                ["state"] = "draft",
                ["picking_id"] = returned.Id,
                ["location_id"] = returned["location_id"],
                ["location_dest_id"] = returned["location_dest_id"],
                ["sale_line_id"] = original?["sale_line_id"],
                ["origin_returned_move_id"] = original?.Id,
                ["to_refund"] = line["to_refund"] is true,
                ["origin"] = original?["origin"],
                ["company_id"] = returned["company_id"],
                ["date"] = env.Now,
                ["create_date"] = env.Now,
                ["write_date"] = env.Now,
            });
        }

        if (count == 0)
        {
            throw OdooException.UserError("Please specify at least one non-zero quantity.");
        }

        // action_confirm + action_assign: goods coming from a customer are not reserved from stock, so the whole demand is ready.
        foreach (var move in Stock.Moves(env, returned).ToList())
        {
            Operations.Update(env, move, ("state", "confirmed"));
            Stock.Reserve(env, move);
        }

        Operations.Update(env, returned, ("state", Stock.PickingState(Stock.Moves(env, returned))));
        if (picking["sale_id"] is int orderId && env.Browse("sale.order", orderId) is { } order)
        {
            Operations.Touch(env, order);
        }

        return returned;
    }

    /// <summary>The warehouse a picking belongs to: that of its internal location.</summary>
    public static Record? WarehouseOf(Env env, Record picking)
    {
        foreach (var key in new[] { "location_id", "location_dest_id" })
        {
            if (env.Many2one(picking, key) is { } location && location["usage"] is "internal" && env.Many2one(location, "warehouse_id") is { } warehouse)
            {
                return warehouse;
            }
        }

        return null;
    }

    /// <summary>The id of a warehouse's Receipts operation type (WH's is 1 in the demo database).</summary>
    private static int IncomingTypeId(Env env, Record picking) => WarehouseOf(env, picking) is { } warehouse ? ((warehouse.Id - 1) * 10) + 1 : 1;
}
