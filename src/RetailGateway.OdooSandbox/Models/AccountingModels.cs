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
        move.Add(Invoicing.Recomputing(move.Methods["create"], "account.move"));
        move.Add(new MethodDef("write", true, ["vals"], Invoicing.WriteMove));
        move.Add(new MethodDef("action_post", true, [], Invoicing.ActionPost));
        move.Add(new MethodDef("button_draft", true, [], Invoicing.ButtonDraft));
        move.Add(new MethodDef("button_cancel", true, [], Invoicing.ButtonCancel));

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
        line.Add(Invoicing.Recomputing(line.Methods["create"], "account.move.line"));
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
