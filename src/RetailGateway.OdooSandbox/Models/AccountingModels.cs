using RetailGateway.OdooSandbox.Orm;
using static RetailGateway.OdooSandbox.Models.Fields;

namespace RetailGateway.OdooSandbox.Models;

/// <summary>Customer invoices and credit notes (account.move).</summary>
internal static class AccountingModels
{
    public static void Register(Registry registry)
    {
        // payment_state 'blocked' arrived in Odoo 18.
        string[] paymentStates = registry.Version >= 19
            ? ["not_paid", "in_payment", "paid", "partial", "reversed", "blocked", "invoicing_legacy"]
            : ["not_paid", "in_payment", "paid", "partial", "reversed", "invoicing_legacy"];
        registry.Add(Model("account.move", "Journal Entry", "invoice_date desc, name desc, id desc", (_, r) => r["name"] as string ?? "/"))
            .Add(Char("name", "Number").Constant("/"))
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
            .Add(Monetary("amount_untaxed", "Untaxed Amount").Constant(0.0))
            .Add(Monetary("amount_tax", "Tax").Constant(0.0))
            .Add(Monetary("amount_total", "Total").Constant(0.0))
            .Add(Monetary("amount_residual", "Amount Due").Constant(0.0))
            .Add(Many2one("currency_id", "Currency", "res.currency").Constant(1))
            .Add(Char("ref", "Reference"))
            .Add(Many2one("reversed_entry_id", "Reversal of", "account.move"))
            .Add(Many2one("company_id", "Company", "res.company").Constant(1));
    }
}
