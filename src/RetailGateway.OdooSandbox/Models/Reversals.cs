using System.Text.Json;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>The account.move.reversal wizard: a draft credit note copied from a posted invoice.</summary>
internal static class Reversals
{
    private static readonly Dictionary<string, string> ReverseType = new(StringComparer.Ordinal)
    {
        ["entry"] = "entry", ["out_invoice"] = "out_refund", ["out_refund"] = "entry", ["in_invoice"] = "in_refund", ["in_refund"] = "entry",
    };

    public static List<Record> Moves(Env env, Record wizard) =>
        ((wizard["move_ids"] as List<int>) ?? []).Select(id => env.Browse("account.move", id)).OfType<Record>().ToList();

    public static string? MoveType(Env env, Record wizard)
    {
        var moves = Moves(env, wizard);
        return moves.Count == 1 ? moves[0]["move_type"] as string
            : moves.Any(m => m["move_type"] is "in_invoice" or "out_invoice") ? "some_invoice" : null;
    }

    /// <summary><c>default_get</c> (the moves of <c>active_ids</c>, posted only) then <c>_compute_journal_id</c> and the constraints.</summary>
    public static JsonNode Create(Env env, MethodCall call)
    {
        return Operations.CreateEach(env, call, given =>
        {
            var vals = given.DeepClone().AsObject();
            var active = env.Context["active_model"]?.ToString() == "account.move" && env.Context["active_ids"] is JsonArray activeIds
                ? activeIds.Where(JsonNumbers.IsNumber).Select(n => env.Browse("account.move", JsonNumbers.Int(n!))).OfType<Record>().ToList()
                : [];
            if (active.Select(m => m["company_id"]).Distinct().Count() > 1)
            {
                throw OdooException.UserError("All selected moves for reversal must belong to the same company.");
            }

            if (active.Any(m => m["state"] is not "posted"))
            {
                throw OdooException.UserError(env.Registry.Version >= 19 ? "To reverse a journal entry, it has to be posted first." : "You can only reverse posted moves.");
            }

            if (!vals.ContainsKey("company_id"))
            {
                vals["company_id"] = active.Count > 0 ? active[0]["company_id"] as int? ?? 1 : env.AllowedCompanies?.Order().First() ?? 1;
            }

            if (!vals.ContainsKey("move_ids"))
            {
                vals["move_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(active.Select(m => (JsonNode?)m.Id).ToArray())));
            }

            var moveField = call.Model.Field("move_ids")!;
            var moveIds = Values.Many2many(env, call.Model, moveField, vals["move_ids"]!, []);
            if (vals["journal_id"] is null || (vals["journal_id"] is JsonValue v && v.GetValueKind() == JsonValueKind.False))
            {
                var journal = moveIds.Select(id => env.Browse("account.move", id)).OfType<Record>()
                    .Select(m => env.Many2one(m, "journal_id")).OfType<Record>().FirstOrDefault(j => j["active"] is not false);
                if (journal is not null)
                {
                    vals["journal_id"] = journal.Id;
                }
            }

            var record = Operations.Create(env, call.Model, vals);
            var chosen = env.Many2one(record, "journal_id")!;
            var types = Moves(env, record).Select(m => env.Many2one(m, "journal_id")?["type"]).ToHashSet();
            if (!types.Contains(chosen["type"]))
            {
                throw OdooException.UserError("Journal should be the same type as the reversed entry.");
            }

            return record.Id;
        });
    }

    /// <summary>
    /// <c>reverse_moves</c>: a draft credit note per move (a posted, reconciled one that cancels it with <c>is_modify</c>, and then a
    /// draft copy of the invoice to correct); answers the window action on what was made.
    /// </summary>
    public static JsonNode ReverseMoves(Env env, MethodCall call)
    {
        var wizard = StockModels.Single(env, call);
        var isModify = Values.Truthy(call["is_modify"]);
        var date = wizard["date"] as DateOnly? ?? DateOnly.FromDateTime(env.Now);
        var reason = wizard["reason"] as string;
        var created = new List<Record>();
        foreach (var move in Moves(env, wizard))
        {
            var refund = Copy(env, move, new Dictionary<string, object?>
            {
                ["move_type"] = ReverseType.GetValueOrDefault(move["move_type"] as string ?? "entry", "entry"),
                ["reversed_entry_id"] = move.Id,
                ["ref"] = reason is { Length: > 0 } ? $"Reversal of: {move["name"]}, {reason}" : $"Reversal of: {move["name"]}",
                ["date"] = date,
                ["invoice_date_due"] = date,
                ["invoice_date"] = move["move_type"] is "entry" ? null : date,
                ["journal_id"] = wizard["journal_id"],
                ["invoice_origin"] = move["invoice_origin"],
            });
            var cancel = isModify || move["move_type"] is "entry";
            if (cancel)
            {
                Invoicing.Post(env, [refund]);
            }

            if (isModify)
            {
                created.Add(Copy(env, move, new Dictionary<string, object?> { ["date"] = date }));
            }
            else
            {
                created.Add(refund);
            }
        }

        env.Db.Set(wizard, "new_move_ids", created.Select(m => m.Id).ToList());
        var action = new JsonObject
        {
            ["name"] = "Reverse Moves",
            ["type"] = "ir.actions.act_window",
            ["res_model"] = "account.move",
        };
        if (created.Count == 1)
        {
            action["view_mode"] = "form";
            action["res_id"] = created[0].Id;
            action["context"] = new JsonObject { ["default_move_type"] = created[0]["move_type"] as string };
        }
        else
        {
            action["view_mode"] = env.Registry.Version >= 19 ? "list,form" : "tree,form";
            action["domain"] = new JsonArray(new JsonArray("id", "in", new JsonArray(created.Select(m => (JsonNode?)m.Id).ToArray())));
            if (created.Select(m => m["move_type"]).Distinct().Count() == 1)
            {
                action["context"] = new JsonObject { ["default_move_type"] = created[0]["move_type"] as string };
            }
        }

        return action;
    }

    /// <summary>account.move's <c>copy</c>: a draft with the product lines (and their sale lines), unnumbered.</summary>
    private static Record Copy(Env env, Record move, Dictionary<string, object?> overrides)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = env.Registry.Version >= 19 ? null : "/",
            ["move_type"] = move["move_type"],
            ["state"] = "draft",
            ["payment_state"] = "not_paid",
            ["partner_id"] = move["partner_id"],
            ["currency_id"] = move["currency_id"],
            ["journal_id"] = move["journal_id"],
            ["company_id"] = move["company_id"],
            // invoice_origin is copy=False on 19 (its reversal passes it on explicitly), copied on 17.
            ["invoice_origin"] = env.Registry.Version >= 19 ? null : move["invoice_origin"],
            ["ref"] = move["ref"],
            ["amount_untaxed"] = move["amount_untaxed"],
            ["amount_tax"] = move["amount_tax"],
            ["amount_total"] = move["amount_total"],
            ["amount_residual"] = move["amount_total"],
            ["create_date"] = env.Now,
            ["write_date"] = env.Now,
        };
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        var copy = env.Db.Insert("account.move", values);
        foreach (var line in Invoicing.Lines(env, move).Where(l => l["display_type"] is "product" or "line_section" or "line_note" or null))
        {
            env.Db.Insert("account.move.line", new Dictionary<string, object?>
            {
                ["move_id"] = copy.Id,
                ["product_id"] = line["product_id"],
                ["name"] = line["name"],
                ["quantity"] = line["quantity"],
                ["price_unit"] = line["price_unit"],
                ["discount"] = line["discount"],
                ["tax_ids"] = new List<int>((line["tax_ids"] as List<int>) ?? []),
                ["display_type"] = line["display_type"],
                ["product_uom_id"] = line["product_uom_id"],
                ["sale_line_ids"] = new List<int>((line["sale_line_ids"] as List<int>) ?? []),
                ["create_date"] = env.Now,
                ["write_date"] = env.Now,
            });
        }

        Invoicing.Recompute(env, copy);
        return copy;
    }
}
