using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>Customer invoices and credit notes (account.move), their lines, journals and the reversal wizard.</summary>
internal static class AccountingModels
{
    public static void Register(Registry registry)
    {
        var v19 = registry.Version >= 19;
        registry.Add(Model("account.journal", "Journal", "sequence, type, code"))
            .Add(Char("name", "Journal Name") with { Required = true })
            .Add(Char("code", "Short Code"))
            .Add(Selection("type", "Type", "sale", "purchase", "cash", "bank", "credit", "general") with { Required = true })
            .Add(Integer("sequence", "Sequence").Constant(10))
            .Add(Many2one("company_id", "Company", "res.company").Constant(1))
            .Add(Boolean("active", "Active").Constant(true));

        // payment_state 'blocked' arrived in Odoo 18.
        string[] paymentStates = v19
            ? ["not_paid", "in_payment", "paid", "partial", "reversed", "blocked", "invoicing_legacy"]
            : ["not_paid", "in_payment", "paid", "partial", "reversed", "invoicing_legacy"];
        var move = registry.Add(Model("account.move", "Journal Entry", "invoice_date desc, name desc, id desc", Invoicing.DisplayName))
            .Add(Char("name", "Number") with { Default = (_, _) => v19 ? null : "/" })
            .Add(Selection("move_type", "Type", "entry", "out_invoice", "out_refund", "in_invoice", "in_refund").Constant("entry"))
            .Add(Selection("state", "Status", "draft", "posted", "cancel").Constant("draft"))
            .Add(Selection("payment_state", "Payment Status", paymentStates).Constant("not_paid"))
            .Add(Many2one("partner_id", "Partner", "res.partner"))
            .Add(Many2one("commercial_partner_id", "Commercial Entity", "res.partner") with
            {
                Compute = (env, r) => env.Many2one(r, "partner_id") is { } partner ? (object?)BaseModels.CommercialPartner(env, partner).Id : null,
            })
            .Add(Char("invoice_origin", "Origin"))
            .Add(Date("invoice_date", "Invoice/Bill Date"))
            .Add(Date("invoice_date_due", "Due Date"))
            .Add(Date("date", "Date"))
            .Add(Monetary("amount_untaxed", "Untaxed Amount").Constant(0.0))
            .Add(Monetary("amount_tax", "Tax").Constant(0.0))
            .Add(Monetary("amount_total", "Total").Constant(0.0))
            .Add(Monetary("amount_residual", "Amount Due").Constant(0.0))
            .Add(Many2one("currency_id", "Currency", "res.currency").Constant(1))
            .Add(Char("ref", "Reference"))
            .Add(Many2one("journal_id", "Journal", "account.journal") with { Default = (env, v) => Invoicing.DefaultJournal(env, v) })
            .Add(One2many("invoice_line_ids", "Invoice lines", "account.move.line", "move_id"))
            .Add(Many2one("reversed_entry_id", "Reversal of", "account.move"))
            .Add(One2many(v19 ? "reversal_move_ids" : "reversal_move_id", "Reversal Move", "account.move", "reversed_entry_id"))
            .Add(Many2one("company_id", "Company", "res.company").Constant(1));
        move.Add(new MethodDef("write", true, ["vals"], Invoicing.WriteMove));
        move.Add(new MethodDef("action_post", true, [], Invoicing.ActionPost));

        var line = registry.Add(Model("account.move.line", "Journal Item", "date desc, move_name desc, id", (_, r) => r["name"] as string ?? string.Empty))
            .Add(Many2one("move_id", "Journal Entry", "account.move") with { Required = true })
            .Add(Char("move_name", "Number") with { Compute = (env, r) => env.Many2one(r, "move_id")?["name"] })
            .Add(Date("date", "Date") with { Compute = (env, r) => env.Many2one(r, "move_id")?["date"] })
            .Add(Many2one("product_id", "Product", "product.product"))
            .Add(Char("name", "Label"))
            .Add(Float("quantity", "Quantity").Constant(1.0))
            .Add(Float("price_unit", "Unit Price").Constant(0.0))
            .Add(Float("discount", "Discount (%)").Constant(0.0))
            .Add(Many2many("tax_ids", "Taxes", "account.tax"))
            .Add(Monetary("price_subtotal", "Subtotal") with { Compute = (_, r) => Invoicing.Subtotal(r) })
            .Add(Monetary("price_total", "Total") with { Compute = (env, r) => Round2(Invoicing.Subtotal(r) + Invoicing.Tax(env, r)) })
            .Add(Selection("display_type", "Display Type", "product", "cogs", "tax", "discount", "rounding", "payment_term", "line_section", "line_note", "epd").Constant("product"))
            .Add(Many2one("product_uom_id", "Unit of Measure", "uom.uom"))
            .Add(Many2many("sale_line_ids", "Sales Order Lines", "sale.order.line") with { ReadOnly = true })
            .Add(Selection("parent_state", "Status", "draft", "posted", "cancel") with { Compute = (env, r) => env.Many2one(r, "move_id")?["state"] })
            .Add(Many2one("currency_id", "Currency", "res.currency") with { Compute = (env, r) => env.Many2one(r, "move_id")?["currency_id"] })
            .Add(Many2one("company_id", "Company", "res.company") with { Compute = (env, r) => env.Many2one(r, "move_id")?["company_id"] });
        line.Add(new MethodDef("write", true, ["vals"], Invoicing.WriteLines));
        line.Add(new MethodDef("unlink", true, [], Invoicing.UnlinkLines));

        var reversal = registry.Add(Model("account.move.reversal", "Account Move Reversal"))
            .Add(Many2many("move_ids", "Move", "account.move"))
            .Add(Many2many("new_move_ids", "New Move", "account.move") with { ReadOnly = true })
            .Add(Date("date", "Reversal date") with { Default = (env, _) => DateOnly.FromDateTime(env.Now) })
            .Add(Char("reason", "Reason displayed on Credit Note"))
            .Add(Many2one("journal_id", "Journal", "account.journal") with { Required = true })
            .Add(Many2one("company_id", "Company", "res.company") with { Required = true })
            .Add(Monetary("residual", "Residual") with { Compute = (env, r) => Reversals.Moves(env, r) is [var one] ? one["amount_residual"] : 0.0 })
            .Add(Char("move_type", "Move Type") with { Compute = (env, r) => Reversals.MoveType(env, r) });
        reversal.Add(new MethodDef("create", false, ["vals_list"], Reversals.Create));
        reversal.Add(new MethodDef("reverse_moves", true, ["is_modify"], Reversals.ReverseMoves));
        reversal.Add(new MethodDef("refund_moves", true, [], (env, call) => Reversals.ReverseMoves(env, call with { Arguments = new Dictionary<string, JsonNode?>() })));
        reversal.Add(new MethodDef("modify_moves", true, [], (env, call) => Reversals.ReverseMoves(env, call with { Arguments = new Dictionary<string, JsonNode?> { ["is_modify"] = true } })));
    }
}

/// <summary>Invoice behaviour: totals from lines, line edits, posting and numbering, reconciliation with credit notes.</summary>
internal static class Invoicing
{
    public static string DisplayName(Env env, Record move)
    {
        var name = string.Empty;
        if (move["state"] is "draft")
        {
            name = move["move_type"] switch
            {
                "out_invoice" => "Draft Invoice",
                "out_refund" => "Draft Credit Note",
                "in_invoice" => "Draft Bill",
                "in_refund" => "Draft Vendor Credit Note",
                _ => "Draft Entry",
            };
        }

        if (move["name"] is string { Length: > 0 } number && number != "/")
        {
            return $"{name} {number}".Trim();
        }

        // 17 shows the id of an unnumbered move; 19 only its kind.
        return env.Registry.Version >= 19 ? name : $"{name} (* {move.Id})";
    }

    public static int? DefaultJournal(Env env, IReadOnlyDictionary<string, object?> values)
    {
        var company = values.GetValueOrDefault("company_id") as int? ?? 1;
        var type = values.GetValueOrDefault("move_type") as string;
        return type is "out_invoice" or "out_refund"
            ? env.Db.All("account.journal").Where(j => j["type"] is "sale" && j["company_id"] is int c && c == company).OrderBy(j => j.Id).FirstOrDefault()?.Id
            : null;
    }

    public static double Subtotal(Record line) =>
        Round2((line["quantity"] as double? ?? 0) * (line["price_unit"] as double? ?? 0) * (1 - ((line["discount"] as double? ?? 0) / 100)));

    public static double Tax(Env env, Record line)
    {
        var rate = ((line["tax_ids"] as List<int>) ?? []).Sum(id => env.Browse("account.tax", id)?["amount"] as double? ?? 0);
        return Round2(Subtotal(line) * rate / 100);
    }

    public static List<Record> Lines(Env env, Record move) =>
        env.Db.All("account.move.line").Where(l => l["move_id"] is int id && id == move.Id).OrderBy(l => l.Id).ToList();

    private static List<Record> ProductLines(Env env, Record move) => Lines(env, move).Where(l => l["display_type"] is "product" or null).ToList();

    /// <summary>The totals of a move with lines, from its product lines; a draft owes its total, a posted one keeps what is reconciled off.</summary>
    public static void Recompute(Env env, Record move)
    {
        var lines = ProductLines(env, move);
        if (lines.Count == 0 && Lines(env, move).Count == 0)
        {
            return;
        }

        var untaxed = Round2(lines.Sum(Subtotal));
        var tax = Round2(lines.Sum(l => Tax(env, l)));
        var total = Round2(untaxed + tax);
        var paid = Round2((move["amount_total"] as double? ?? 0) - (move["amount_residual"] as double? ?? 0));
        var residual = move["state"] is "posted" ? Math.Max(0, Round2(total - paid)) : total;
        Operations.Update(env, move, ("amount_untaxed", untaxed), ("amount_tax", tax), ("amount_total", total), ("amount_residual", residual));
        foreach (var saleLine in lines.SelectMany(l => (l["sale_line_ids"] as List<int>) ?? []).Distinct().ToList())
        {
            SyncQtyInvoiced(env, saleLine);
        }
    }

    /// <summary>sale's <c>_compute_qty_invoiced</c>: invoice lines add, credit-note lines take off, cancelled moves do not count.</summary>
    public static void SyncQtyInvoiced(Env env, int saleLineId)
    {
        if (env.Browse("sale.order.line", saleLineId) is not { } saleLine)
        {
            return;
        }

        var quantity = 0.0;
        foreach (var line in env.Db.All("account.move.line").Where(l => l["sale_line_ids"] is List<int> ids && ids.Contains(saleLineId)))
        {
            if (env.Many2one(line, "move_id") is { } move && move["state"] is not "cancel")
            {
                quantity += move["move_type"] is "out_refund" ? -(line["quantity"] as double? ?? 0) : line["quantity"] as double? ?? 0;
            }
        }

        Operations.Update(env, saleLine, ("qty_invoiced", quantity));
    }

    private static bool Reconciled(Record move) => move["state"] is "posted" && move["payment_state"] is "partial" or "paid" or "in_payment" or "reversed";

    private static OdooException ReconciledError(Env env, Record move) => OdooException.UserError(
        "You cannot do this modification on a reconciled journal entry. You can just change some non legal fields or you must unreconcile first.\n"
        + $"Journal Entry (id): {move["name"] ?? (env.Registry.Version >= 19 ? "False" : "/")} ({move.Id})");

    private static OdooException DeletePostedError() => OdooException.UserError(
        "You can't delete a posted journal item. Don\u2019t play games with your accounting records; reset the journal entry to draft before deleting it.");

    private static OdooException PostedTaxesError() => OdooException.UserError(
        "You cannot modify the taxes related to a posted journal item, you should reset the journal entry to draft to do so.");

    private static readonly HashSet<string> AmountFields = new(StringComparer.Ordinal) { "quantity", "price_unit", "discount", "tax_ids", "product_id" };

    /// <summary>account.move's write: line commands are checked as account.move.line's write and unlink check them; totals follow.</summary>
    public static JsonNode WriteMove(Env env, MethodCall call)
    {
        var vals = call["vals"] as JsonObject ?? throw OdooException.ValueError("write() expects a dictionary of values");
        var moves = Operations.Existing(env, call.Model, call.Ids);
        foreach (var move in moves)
        {
            foreach (var command in (vals["invoice_line_ids"] as JsonArray) ?? [])
            {
                if (command is JsonArray parts && parts.Count > 1 && JsonNumbers.IsNumber(parts[0]) && JsonNumbers.IsNumber(parts[1]))
                {
                    var code = JsonNumbers.Int(parts[0]!);
                    var line = env.Browse("account.move.line", JsonNumbers.Int(parts[1]!));
                    if (line is not null && code == 2)
                    {
                        CheckUnlink(env, [line]);
                    }
                    else if (line is not null && code == 1 && parts.Count > 2 && parts[2] is JsonObject lineVals)
                    {
                        CheckLineWrite(env, line, lineVals);
                    }
                }
            }

            if (vals.ContainsKey("journal_id") && move["state"] is "posted" && JsonNumbers.IsNumber(vals["journal_id"]) && JsonNumbers.Int(vals["journal_id"]!) != move["journal_id"] as int?)
            {
                throw OdooException.UserError("You cannot edit the journal of an account move if it has been posted once.");
            }
        }

        Operations.Write(env, call.Model, moves, vals);
        foreach (var move in moves)
        {
            Recompute(env, move);
        }

        return JsonValue.Create(true);
    }

    public static JsonNode WriteLines(Env env, MethodCall call)
    {
        var vals = call["vals"] as JsonObject ?? throw OdooException.ValueError("write() expects a dictionary of values");
        var lines = Operations.Existing(env, call.Model, call.Ids);
        foreach (var line in lines)
        {
            CheckLineWrite(env, line, vals);
        }

        Operations.Write(env, call.Model, lines, vals);
        foreach (var move in lines.Select(l => env.Many2one(l, "move_id")).OfType<Record>().Distinct().ToList())
        {
            Recompute(env, move);
        }

        return JsonValue.Create(true);
    }

    public static JsonNode UnlinkLines(Env env, MethodCall call)
    {
        var lines = Operations.Existing(env, call.Model, call.Ids);
        CheckUnlink(env, lines);
        var moves = lines.Select(l => env.Many2one(l, "move_id")).OfType<Record>().Distinct().ToList();
        foreach (var line in lines)
        {
            env.Db.Remove(line);
        }

        foreach (var move in moves)
        {
            Recompute(env, move);
        }

        return JsonValue.Create(true);
    }

    private static void CheckUnlink(Env env, IEnumerable<Record> lines)
    {
        if (lines.Any(l => env.Many2one(l, "move_id")?["state"] is "posted"))
        {
            throw DeletePostedError();
        }
    }

    private static void CheckLineWrite(Env env, Record line, JsonObject vals)
    {
        if (env.Many2one(line, "move_id") is not { } move || move["state"] is not "posted")
        {
            return;
        }

        if (vals.ContainsKey("tax_ids"))
        {
            throw PostedTaxesError();
        }

        if (Reconciled(move) && vals.Select(v => v.Key).Any(AmountFields.Contains))
        {
            throw ReconciledError(env, move);
        }
    }

    /// <summary>
    /// <c>action_post</c> (returns false): draft moves only; numbered in their journal's sequence (INV/, RINV/ for credit
    /// notes); a credit note of a posted invoice is reconciled with it (<c>_reconcile_reversed_moves</c>).
    /// </summary>
    public static JsonNode ActionPost(Env env, MethodCall call)
    {
        var moves = Operations.Existing(env, call.Model, call.Ids);
        Post(env, moves);
        return JsonValue.Create(false);
    }

    public static void Post(Env env, IReadOnlyList<Record> moves)
    {
        var v19 = env.Registry.Version >= 19;
        var messages = new List<string>();
        foreach (var move in moves)
        {
            if (move["state"] is "posted" or "cancel")
            {
                var name = move["name"] as string ?? (v19 ? "False" : "/");
                messages.Add(v19 ? $"The entry {name} (id {move.Id}) must be in draft." : $"The entry {name} (id {move.Id}) must be in draft.");
            }
            else if (Lines(env, move).Count == 0)
            {
                messages.Add(v19 ? "Even magicians can't post nothing!" : "You need to add a line before posting.");
            }
        }

        if (messages.Count > 0)
        {
            // 17 stops at the first problem; 19 gathers them.
            throw OdooException.UserError(v19 ? string.Join("\n", messages.Distinct()) : messages[0]);
        }

        foreach (var move in moves)
        {
            var today = DateOnly.FromDateTime(env.Now);
            if (move["invoice_date"] is null && move["move_type"] is "out_invoice" or "out_refund")
            {
                Operations.Update(env, move, ("invoice_date", today));
            }

            if (move["date"] is null)
            {
                Operations.Update(env, move, ("date", move["invoice_date"] ?? today));
            }

            if (move["name"] is null or "/" or "")
            {
                Operations.Update(env, move, ("name", NextName(env, move)));
            }

            Operations.Update(env, move, ("state", "posted"));
            Recompute(env, move);
            Operations.Update(env, move, ("payment_state", "not_paid"));
            if (env.Many2one(move, "reversed_entry_id") is { } reversed && reversed["state"] is "posted")
            {
                Reconcile(env, reversed, move);
            }

            foreach (var saleLine in Lines(env, move).SelectMany(l => (l["sale_line_ids"] as List<int>) ?? []).Distinct().ToList())
            {
                SyncQtyInvoiced(env, saleLine);
            }
        }
    }

    /// <summary>The next number of the move's journal sequence for its year: INV/2026/00005, RINV/2026/00002.</summary>
    private static string NextName(Env env, Record move)
    {
        var journal = env.Many2one(move, "journal_id");
        var code = journal?["code"] as string ?? "MISC";
        var prefix = move["move_type"] is "out_refund" or "in_refund" ? "R" + code : code;
        var date = move["date"] as DateOnly? ?? move["invoice_date"] as DateOnly? ?? DateOnly.FromDateTime(env.Now);
        var start = $"{prefix}/{date.Year.ToString(CultureInfo.InvariantCulture)}/";
        var last = env.Db.All("account.move")
            .Where(m => m.Id != move.Id && m["journal_id"] as int? == journal?.Id && m["name"] is string name && name.StartsWith(start, StringComparison.Ordinal))
            .Select(m => int.TryParse(((string)m["name"]!)[start.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .DefaultIfEmpty(0)
            .Max();
        return start + (last + 1).ToString("D5", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Reconciles a posted invoice with its posted credit note: what the invoice still owes is settled by the credit note
    /// up to its amount. An invoice settled by credit notes alone is <c>reversed</c>, by a payment too <c>paid</c>; the credit
    /// note is <c>paid</c> once used up.
    /// </summary>
    public static void Reconcile(Env env, Record invoice, Record refund)
    {
        var owed = invoice["amount_residual"] as double? ?? 0;
        var credit = refund["amount_residual"] as double? ?? 0;
        var amount = Round2(Math.Min(owed, credit));
        if (amount <= 0)
        {
            return;
        }

        var credited = invoice[CreditedKey] as double? ?? 0;
        var paidByPayments = Round2((invoice["amount_total"] as double? ?? 0) - owed - credited) > 0;
        var invoiceLeft = Round2(owed - amount);
        var refundLeft = Round2(credit - amount);
        Operations.Update(env, invoice, ("amount_residual", invoiceLeft), ("payment_state", invoiceLeft == 0 ? (paidByPayments ? "paid" : "reversed") : "partial"));
        env.Db.Set(invoice, CreditedKey, Round2(credited + amount));
        Operations.Update(env, refund, ("amount_residual", refundLeft), ("payment_state", refundLeft == 0 ? "paid" : "partial"));
    }

    /// <summary>What credit notes have settled of an invoice so far (the rest of what is paid came from payments).</summary>
    private const string CreditedKey = "sandbox_credited";
}

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
        var single = call["vals_list"] is JsonObject;
        var list = call["vals_list"] switch
        {
            JsonObject one => [one],
            JsonArray many => many.Select(v => v as JsonObject ?? throw OdooException.ValueError("create() expects dictionaries of values")).ToList(),
            _ => throw OdooException.ValueError("create() expects a dictionary or a list of dictionaries"),
        };
        var ids = new List<int>();
        foreach (var given in list)
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
            if (vals["journal_id"] is null || (vals["journal_id"] is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.False))
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

            ids.Add(record.Id);
        }

        return single ? JsonValue.Create(ids[0]) : new JsonArray(ids.Select(id => (JsonNode?)id).ToArray());
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
            ["invoice_origin"] = move["invoice_origin"],
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
