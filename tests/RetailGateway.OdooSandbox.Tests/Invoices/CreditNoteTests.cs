using System.Globalization;
using System.Text.Json.Nodes;
using RetailGateway.OdooSandbox.Tests.Support;

namespace RetailGateway.OdooSandbox.Tests.Invoices;

/// <summary>Invoices with lines, and credit notes through account.move.reversal, edited while draft and posted, on 17 and 19.</summary>
public sealed class CreditNoteTests
{
    private static readonly string[] MoveFields =
        ["name", "move_type", "state", "payment_state", "ref", "invoice_origin", "reversed_entry_id", "journal_id", "invoice_line_ids", "amount_untaxed", "amount_tax", "amount_total", "amount_residual"];

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task InvoiceOrder_MakesAnInvoiceWithALinePerOrderLine_InTheSalesJournal(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);

        var read = await Story.Read(sandbox, "account.move", invoice, MoveFields);
        var lines = await Lines(sandbox, read);

        Assert.Equal(version >= 19 ? "Sales" : "Customer Invoices", (string)read["journal_id"]![1]!);
        Assert.Equal([5.0, 3.0], lines.Select(l => (double)l["quantity"]!));
        Assert.Equal([320.0, 110.5], lines.Select(l => (double)l["price_unit"]!));
        Assert.All(lines, l => Assert.Equal("product", (string)l["display_type"]!));
        Assert.Equal(1931.5, (double)read["amount_untaxed"]!);
        Assert.Equal(289.73, (double)read["amount_tax"]!);
        Assert.Equal(2221.23, (double)read["amount_total"]!);
        Assert.Equal(2221.23, (double)read["amount_residual"]!);
        Assert.Equal(lines.Sum(l => (double)l["price_total"]!), (double)read["amount_total"]!, 2);
    }

    [Theory]
    [InlineData(17, "/")]
    [InlineData(19, null)]
    public async Task ReverseMoves_MakesADraftCreditNoteCopy_ThatTheOrderLists(int version, string? draftName)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (order, invoice) = await InvoicedOrder(sandbox);
        var invoiceRead = await Story.Read(sandbox, "account.move", invoice, MoveFields);

        var (wizard, action) = await Reverse(sandbox, invoice, "801CASE00000001: damaged in transit", journal: 1);

        Assert.Equal("Reverse Moves", (string)action["name"]!);
        Assert.Equal("account.move", (string)action["res_model"]!);
        Assert.Equal("form", (string)action["view_mode"]!);
        Assert.Equal("out_refund", (string)action["context"]!["default_move_type"]!);
        var credit = await Story.Read(sandbox, "account.move", (int)action["res_id"]!, MoveFields);
        if (draftName is null)
        {
            Assert.False((bool)credit["name"]!);
        }
        else
        {
            Assert.Equal(draftName, (string)credit["name"]!);
        }

        Assert.Equal("out_refund", (string)credit["move_type"]!);
        Assert.Equal("draft", (string)credit["state"]!);
        Assert.Equal("not_paid", (string)credit["payment_state"]!);
        Assert.Equal($"Reversal of: {invoiceRead["name"]}, 801CASE00000001: damaged in transit", (string)credit["ref"]!);
        Assert.Equal((string)invoiceRead["invoice_origin"]!, (string)credit["invoice_origin"]!);
        Assert.Equal(invoice, (int)credit["reversed_entry_id"]![0]!);
        Assert.Equal(1, (int)credit["journal_id"]![0]!);
        Assert.Equal((double)invoiceRead["amount_total"]!, (double)credit["amount_total"]!);
        Assert.Equal([5.0, 3.0], (await Lines(sandbox, credit)).Select(l => (double)l["quantity"]!));
        Assert.Equal(1, sandbox.Server.Data.CreditNotes(invoice));
        var invoiceIds = (await Story.Read(sandbox, "sale.order", order, "invoice_ids"))["invoice_ids"]!.AsArray().Select(n => (int)n!);
        Assert.Contains((int)action["res_id"]!, invoiceIds);
        Assert.Equal([(int)action["res_id"]!], (await Story.Read(sandbox, "account.move.reversal", wizard, "new_move_ids"))["new_move_ids"]!.AsArray().Select(n => (int)n!));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task PartialCreditNote_ByLineWrite_RecomputesTotals_AndPostingNumbersAndReconcilesIt(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);
        var (_, action) = await Reverse(sandbox, invoice, "801CASE00000002: one cabinet", journal: 1);
        var creditId = (int)action["res_id"]!;
        var lines = await Lines(sandbox, await Story.Read(sandbox, "account.move", creditId, MoveFields));

        Assert.True((bool)(await sandbox.Invoke("account.move", "write", [creditId], new()
        {
            ["vals"] = new JsonObject
            {
                ["invoice_line_ids"] = new JsonArray(new JsonArray(1, (int)lines[0]["id"]!, new JsonObject { ["quantity"] = 1 }), new JsonArray(2, (int)lines[1]["id"]!)),
            },
        }))!);

        var edited = await Story.Read(sandbox, "account.move", creditId, MoveFields);
        Assert.Equal(320.0, (double)edited["amount_untaxed"]!);
        Assert.Equal(48.0, (double)edited["amount_tax"]!);
        Assert.Equal(368.0, (double)edited["amount_total"]!);
        Assert.Single(edited["invoice_line_ids"]!.AsArray());
        // sale's qty_invoiced: credit-note lines (draft ones too) take off; the deleted line no longer does.
        var invoiced = (await sandbox.Invoke("sale.order.line", "search_read", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("order_id", "=", await OrderOf(sandbox, invoice))),
            ["fields"] = new JsonArray("qty_invoiced"),
            ["order"] = "id",
        }))!.AsArray().Select(l => (double)l!["qty_invoiced"]!);
        Assert.Equal([4.0, 3.0], invoiced);

        var posted = await sandbox.Invoke("account.move", "action_post", [creditId]);

        Assert.False((bool)posted!);
        var credit = await Story.Read(sandbox, "account.move", creditId, MoveFields);
        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        // The seed's journal holds RINV/<year>/00001 already.
        Assert.Equal($"RINV/{year}/00002", (string)credit["name"]!);
        Assert.Equal("posted", (string)credit["state"]!);
        Assert.Equal("paid", (string)credit["payment_state"]!);
        Assert.Equal(0.0, (double)credit["amount_residual"]!);
        var invoiceAfter = await Story.Read(sandbox, "account.move", invoice, MoveFields);
        Assert.Equal("partial", (string)invoiceAfter["payment_state"]!);
        Assert.Equal(2221.23 - 368.0, (double)invoiceAfter["amount_residual"]!, 2);

        var again = await Story.Fails(sandbox, "account.move", "action_post", [creditId]);
        Assert.Equal(("odoo.exceptions.UserError", $"The entry RINV/{year}/00002 (id {creditId}) must be in draft."), (again.Name, again.Message));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task FullCreditNote_Posted_ReversesTheInvoice(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);
        var (_, action) = await Reverse(sandbox, invoice, "801CASE00000003: all back", journal: null);

        await sandbox.Invoke("account.move", "action_post", [(int)action["res_id"]!]);

        var invoiceAfter = await Story.Read(sandbox, "account.move", invoice, MoveFields);
        Assert.Equal("reversed", (string)invoiceAfter["payment_state"]!);
        Assert.Equal(0.0, (double)invoiceAfter["amount_residual"]!);
        var qtyInvoiced = (await sandbox.Invoke("sale.order.line", "search_read", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("order_id", "=", await OrderOf(sandbox, invoice))),
            ["fields"] = new JsonArray("qty_invoiced"),
        }))!.AsArray().Select(l => (double)l!["qty_invoiced"]!);
        Assert.All(qtyInvoiced, q => Assert.Equal(0.0, q));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task CancellingAPostedCreditNote_GivesTheInvoiceItsDueBack(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);
        var (_, action) = await Reverse(sandbox, invoice, "801CASE00000005: cancelled later", journal: 1);
        var creditId = (int)action["res_id"]!;
        await sandbox.Invoke("account.move", "action_post", [creditId]);

        await sandbox.Invoke("account.move", "button_cancel", [creditId]);

        var credit = await Story.Read(sandbox, "account.move", creditId, MoveFields);
        var invoiceAfter = await Story.Read(sandbox, "account.move", invoice, MoveFields);
        Assert.Equal("cancel", (string)credit["state"]!);
        Assert.Equal("not_paid", (string)invoiceAfter["payment_state"]!);
        Assert.Equal((double)invoiceAfter["amount_total"]!, (double)invoiceAfter["amount_residual"]!);
        Assert.Equal(1, sandbox.Server.Data.CreditNotes(invoice));
        var again = await Story.Fails(sandbox, "account.move", "button_cancel", [creditId]);
        Assert.Equal(("odoo.exceptions.UserError", "Only draft journal entries can be cancelled."), (again.Name, again.Message));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task ReverseMoves_IsModify_PostsTheCreditNoteAndOpensADraftCopyOfTheInvoice(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);
        var context = new JsonObject { ["active_model"] = "account.move", ["active_ids"] = new JsonArray(invoice) };
        var wizard = (int)(await sandbox.Invoke("account.move.reversal", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["reason"] = "wrong price", ["journal_id"] = 1, ["move_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(invoice))) }),
            ["context"] = context,
        }))!.AsArray()[0]!;

        var action = (await sandbox.Invoke("account.move.reversal", "reverse_moves", [wizard], new() { ["is_modify"] = true, ["context"] = context.DeepClone() }))!;

        Assert.Equal("out_invoice", (string)action["context"]!["default_move_type"]!);
        var copy = await Story.Read(sandbox, "account.move", (int)action["res_id"]!, MoveFields);
        Assert.Equal(("out_invoice", "draft"), ((string)copy["move_type"]!, (string)copy["state"]!));
        Assert.Equal("reversed", (string)(await Story.Read(sandbox, "account.move", invoice, "payment_state"))["payment_state"]!);
        var credit = Assert.Single((await sandbox.Invoke("account.move", "search_read", named: new()
        {
            ["domain"] = new JsonArray(new JsonArray("reversed_entry_id", "=", invoice)),
            ["fields"] = new JsonArray("state", "payment_state"),
        }))!.AsArray())!;
        Assert.Equal(("posted", "paid"), ((string)credit["state"]!, (string)credit["payment_state"]!));
    }

    [Theory]
    [InlineData(17, "You can only reverse posted moves.")]
    [InlineData(19, "To reverse a journal entry, it has to be posted first.")]
    public async Task ReversingADraftInvoice_IsRefused(int version, string message)
    {
        await using var sandbox = await Sandbox.Start(version);
        var draft = await DraftInvoice(sandbox);

        var refused = await Story.Fails(sandbox, "account.move.reversal", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["reason"] = "x", ["journal_id"] = 1, ["move_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(draft))) }),
            ["context"] = new JsonObject { ["active_model"] = "account.move", ["active_ids"] = new JsonArray(draft) },
        });

        Assert.Equal(("odoo.exceptions.UserError", message), (refused.Name, refused.Message));
    }

    [Theory]
    [InlineData(17, "You need to add a line before posting.")]
    [InlineData(19, "Even magicians can't post nothing!")]
    public async Task DraftInvoices_AreEditable_AndPostedAsInvoices_ButNotWithoutLines(int version, string emptyMessage)
    {
        await using var sandbox = await Sandbox.Start(version);
        var draft = await DraftInvoice(sandbox);
        var read = await Story.Read(sandbox, "account.move", draft, MoveFields);
        Assert.Equal(40.0 * 2 * 1.15, (double)read["amount_total"]!, 2);

        await sandbox.Invoke("account.move", "action_post", [draft]);

        var year = DateTime.UtcNow.Year.ToString(CultureInfo.InvariantCulture);
        Assert.Equal($"INV/{year}/00005", (string)(await Story.Read(sandbox, "account.move", draft, "name"))["name"]!);
        var empty = (int)(await sandbox.Invoke("account.move", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["move_type"] = "out_invoice", ["partner_id"] = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb4AAG") }),
        }))!.AsArray()[0]!;
        var refused = await Story.Fails(sandbox, "account.move", "action_post", [empty]);
        Assert.Equal(("odoo.exceptions.UserError", emptyMessage), (refused.Name, refused.Message));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task DeletingALineOfAPostedInvoice_IsRefused(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);
        var lines = await Lines(sandbox, await Story.Read(sandbox, "account.move", invoice, MoveFields));

        var refused = await Story.Fails(sandbox, "account.move", "write", [invoice], new()
        {
            ["vals"] = new JsonObject { ["invoice_line_ids"] = new JsonArray(new JsonArray(2, (int)lines[1]["id"]!)) },
        });

        Assert.Equal("odoo.exceptions.UserError", refused.Name);
        Assert.StartsWith("You can't delete a posted journal item.", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, (await Story.Read(sandbox, "account.move", invoice, "invoice_line_ids"))["invoice_line_ids"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Reversal_WithoutAJournal_TakesTheInvoicesJournal(int version)
    {
        await using var sandbox = await Sandbox.Start(version);
        var (_, invoice) = await InvoicedOrder(sandbox);

        var (wizard, _) = await Reverse(sandbox, invoice, "801CASE00000004: no journal given", journal: null);

        Assert.Equal(1, (int)(await Story.Read(sandbox, "account.move.reversal", wizard, "journal_id"))["journal_id"]![0]!);
    }

    [Theory]
    [InlineData(17)]
    [InlineData(19)]
    public async Task Reversal_WithNoMoveAndNoJournal_MissesItsRequiredJournal(int version)
    {
        await using var sandbox = await Sandbox.Start(version);

        var refused = await Story.Fails(sandbox, "account.move.reversal", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject { ["reason"] = "nothing to reverse" }),
        });

        Assert.Equal("odoo.exceptions.ValidationError", refused.Name);
        Assert.Contains("Field: Journal (journal_id)", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<int> OrderOf(Sandbox sandbox, int invoice)
    {
        var origin = (string)(await Story.Read(sandbox, "account.move", invoice, "invoice_origin"))["invoice_origin"]!;
        return (int)(await sandbox.Invoke("sale.order", "search", named: new() { ["domain"] = new JsonArray(new JsonArray("name", "=", origin)) }))![0]!;
    }

    private static async Task<(int Order, int Invoice)> InvoicedOrder(Sandbox sandbox)
    {
        var order = await Story.ConfirmedOrder(sandbox, "801CN00000000001", ("E-COM07", 5), ("FURN_8855", 3));
        sandbox.Server.Data.ShipOrder(order);
        return (order, sandbox.Server.Data.InvoiceOrder(order));
    }

    private static async Task<int> DraftInvoice(Sandbox sandbox)
    {
        var created = await sandbox.Invoke("account.move", "create", named: new()
        {
            ["vals_list"] = new JsonArray(new JsonObject
            {
                ["move_type"] = "out_invoice",
                ["partner_id"] = sandbox.Server.Data.PartnerIdByRef("001xx000003DGb4AAG"),
                ["invoice_line_ids"] = new JsonArray(new JsonArray(0, 0, new JsonObject
                {
                    ["product_id"] = sandbox.Server.Data.ProductId("FURN_8888"), ["name"] = "Office Lamp", ["quantity"] = 2, ["price_unit"] = 40,
                    ["tax_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(1))),
                })),
            }),
        });
        return (int)created!.AsArray()[0]!;
    }

    private static async Task<(int Wizard, JsonObject Action)> Reverse(Sandbox sandbox, int invoice, string reason, int? journal)
    {
        var vals = new JsonObject { ["reason"] = reason, ["move_ids"] = new JsonArray(new JsonArray(6, 0, new JsonArray(invoice))) };
        if (journal is not null)
        {
            vals["journal_id"] = journal;
        }

        var context = new JsonObject { ["active_model"] = "account.move", ["active_ids"] = new JsonArray(invoice) };
        var wizard = (int)(await sandbox.Invoke("account.move.reversal", "create", named: new() { ["vals_list"] = new JsonArray(vals), ["context"] = context }))!.AsArray()[0]!;
        var action = (await sandbox.Invoke("account.move.reversal", "reverse_moves", [wizard], new() { ["context"] = context.DeepClone() }))!.AsObject();
        return (wizard, action);
    }

    private static async Task<List<JsonObject>> Lines(Sandbox sandbox, JsonObject move) =>
        (await sandbox.Invoke("account.move.line", "read", move["invoice_line_ids"]!.DeepClone().AsArray(), new()
        {
            ["fields"] = new JsonArray("product_id", "name", "quantity", "price_unit", "discount", "tax_ids", "price_subtotal", "price_total", "display_type", "sale_line_ids"),
        }))!.AsArray().Select(l => l!.AsObject()).OrderBy(l => (int)l["id"]!).ToList();
}
