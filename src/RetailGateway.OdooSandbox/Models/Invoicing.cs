using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

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

    /// <summary>The generic create, then the totals of the moves made or given lines, as Odoo computes them at create.</summary>
    public static MethodDef Recomputing(MethodDef create, string model) => create with
    {
        Invoke = (env, call) =>
        {
            var result = create.Invoke(env, call);
            var ids = result is JsonArray list ? list.Select(n => JsonNumbers.Int(n!)).ToList() : [JsonNumbers.Int(result!)];
            foreach (var id in ids)
            {
                var record = env.Browse(model, id)!;
                if ((model == "account.move" ? record : env.Many2one(record, "move_id")) is { } move)
                {
                    Recompute(env, move);
                }
            }

            return result;
        },
    };

    public static double Subtotal(Record line) =>
        Round2((line["quantity"] as double? ?? 0) * (line["price_unit"] as double? ?? 0) * (1 - ((line["discount"] as double? ?? 0) / 100)));

    public static double Tax(Env env, Record line)
    {
        var rate = ((line["tax_ids"] as List<int>) ?? []).Sum(id => env.Browse("account.tax", id)?["amount"] as double? ?? 0);
        return Round2(Subtotal(line) * rate / 100);
    }

    public static List<Record> Lines(Env env, Record move) =>
        env.Db.All("account.move.line").Where(l => l["move_id"] is int id && id == move.Id).OrderBy(l => l.Id).ToList();

    private static List<int> SaleLines(Env env, Record move) => Lines(env, move).SelectMany(l => (l["sale_line_ids"] as List<int>) ?? []).Distinct().ToList();

    private static List<Record> ProductLines(Env env, Record move) => Lines(env, move).Where(l => l["display_type"] is "product" or null).ToList();

    /// <summary>The totals of a move with lines, from its product lines; a draft owes its total, a posted one keeps what is reconciled off.</summary>
    public static void Recompute(Env env, Record move, IEnumerable<int>? formerSaleLines = null)
    {
        foreach (var saleLine in formerSaleLines ?? [])
        {
            SyncQtyInvoiced(env, saleLine);
        }

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

        var former = moves.ToDictionary(m => m.Id, m => SaleLines(env, m));
        Operations.Write(env, call.Model, moves, vals);
        foreach (var move in moves)
        {
            Recompute(env, move, former[move.Id]);
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
        var former = lines.SelectMany(l => (l["sale_line_ids"] as List<int>) ?? []).Distinct().ToList();
        foreach (var line in lines)
        {
            env.Db.Remove(line);
        }

        foreach (var move in moves)
        {
            Recompute(env, move, former);
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
                messages.Add($"The entry {name} (id {move.Id}) must be in draft.");
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
        env.Db.Set(refund, AppliedKey, amount);
        Operations.Update(env, refund, ("amount_residual", refundLeft), ("payment_state", refundLeft == 0 ? "paid" : "partial"));
    }

    /// <summary>What a posted credit note settled of the invoice it reverses.</summary>
    private const string AppliedKey = "sandbox_applied";

    /// <summary><c>remove_move_reconcile</c> between a credit note and its invoice: both owe again what the credit note had settled.</summary>
    private static void Unreconcile(Env env, Record refund)
    {
        var amount = refund[AppliedKey] as double? ?? 0;
        if (amount <= 0 || env.Many2one(refund, "reversed_entry_id") is not { } invoice)
        {
            return;
        }

        var credited = Round2((invoice[CreditedKey] as double? ?? 0) - amount);
        var residual = Round2((invoice["amount_residual"] as double? ?? 0) + amount);
        var total = invoice["amount_total"] as double? ?? 0;
        var paidByPayments = Round2(total - residual - credited) > 0;
        env.Db.Set(invoice, CreditedKey, credited);
        Operations.Update(env, invoice, ("amount_residual", residual), ("payment_state", residual >= total ? "not_paid" : residual == 0 ? (paidByPayments ? "paid" : "reversed") : "partial"));
        env.Db.Set(refund, AppliedKey, 0.0);
        Operations.Update(env, refund, ("amount_residual", Round2((refund["amount_residual"] as double? ?? 0) + amount)), ("payment_state", "not_paid"));
    }

    /// <summary>A move and what it is reconciled with through reversals: itself as a credit note, and the credit notes of an invoice.</summary>
    private static void UnreconcileAll(Env env, Record move)
    {
        Unreconcile(env, move);
        foreach (var refund in env.Db.All("account.move").Where(m => m["reversed_entry_id"] as int? == move.Id).ToList())
        {
            Unreconcile(env, refund);
        }
    }

    /// <summary>
    /// <c>button_draft</c> (returns None): posted or cancelled moves only; 17 unreconciles them, 19 leaves the reconciliation
    /// (a draft owes nothing of its own) until cancelled.
    /// </summary>
    public static JsonNode? ButtonDraft(Env env, MethodCall call)
    {
        var moves = Operations.Existing(env, call.Model, call.Ids);
        Draft(env, moves);
        return null;
    }

    private static void Draft(Env env, IReadOnlyList<Record> moves)
    {
        if (moves.Any(m => m["state"] is not ("cancel" or "posted")))
        {
            throw OdooException.UserError("Only posted/cancelled journal entries can be reset to draft.");
        }

        foreach (var move in moves)
        {
            if (env.Registry.Version < 19)
            {
                UnreconcileAll(env, move);
            }

            Operations.Update(env, move, ("state", "draft"), ("payment_state", "not_paid"));
        }
    }

    /// <summary><c>button_cancel</c> (returns None): posted moves are reset to draft first; only drafts are cancelled.</summary>
    public static JsonNode? ButtonCancel(Env env, MethodCall call)
    {
        var moves = Operations.Existing(env, call.Model, call.Ids);
        var posted = moves.Where(m => m["state"] is "posted").ToList();
        if (posted.Count > 0)
        {
            Draft(env, posted);
        }

        if (moves.Any(m => m["state"] is not "draft"))
        {
            throw OdooException.UserError("Only draft journal entries can be cancelled.");
        }

        foreach (var move in moves)
        {
            UnreconcileAll(env, move);
            Operations.Update(env, move, ("state", "cancel"), ("payment_state", "not_paid"));
            foreach (var saleLine in SaleLines(env, move))
            {
                SyncQtyInvoiced(env, saleLine);
            }
        }

        return null;
    }

    /// <summary>What credit notes have settled of an invoice so far (the rest of what is paid came from payments).</summary>
    private const string CreditedKey = "sandbox_credited";
}
