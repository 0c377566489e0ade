using System.Text.Json.Nodes;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;
using RetailGateway.Tests.Shared;

namespace RetailGateway.Odoo.Tests.Mapping;

/// <summary>Credit notes as Odoo answers them (recorded shapes) and the quantities the gateway lets a new one refund.</summary>
public sealed class CreditNoteMappingTests
{
    private const string CreditNotes = "credit notes of that invoice";

    [Theory]
    [InlineData(Recording.Odoo17JsonRpcRound2, 25, "1")]
    [InlineData(Recording.Odoo19Json2Round2, 58, "38")]
    public void ToInvoiceV2_RecordedDraftCreditNote_HasNoNumberYetAndNamesTheInvoiceItReverses(string file, long id, string invoiceId)
    {
        // 17 names a draft "/", 19 leaves its name false: both are a draft without a number.
        var response = Recording.Get(file, CreditNotes).Response!;
        var recorded = (file == Recording.Odoo17JsonRpcRound2 ? response["result"]! : response).AsArray().Single(r => (long)r!["id"]! == id);
        var creditNote = InvoiceMapping.ToInvoiceV2(RecordedRecords.Parse<InvoiceRecord>([recorded])[0], null, [99]);

        Assert.Null(creditNote.InvoiceNumber);
        Assert.Equal(InvoiceKind.CreditNote, creditNote.Kind);
        Assert.Equal(InvoiceState.Draft, creditNote.Status);
        Assert.Equal(invoiceId, creditNote.ReversesInvoiceId);
        Assert.Empty(creditNote.CreditNoteIds);
    }

    [Fact]
    public void ToInvoiceV2_Invoice_ListsItsCreditNotesAndProductLinesButNoReasonOrReversal()
    {
        var invoice = Move(38, "out_invoice", "posted", null, Line(90, 5, "FURN_7800", 3), Section(92), Line(91, 6, null, 1)) with { Ref = "SO/42" };

        var v2 = InvoiceMapping.ToInvoiceV2(invoice, new SaleOrderRef(42, "S00042"), [58, 59]);

        Assert.Equal(["58", "59"], v2.CreditNoteIds);
        Assert.Null(v2.ReversesInvoiceId);
        Assert.Null(v2.Reason);
        Assert.Equal("42", v2.OrderId);
        Assert.Equal([("FURN_7800", 3m), (null, 1m)], v2.Lines.Select(l => (l.Sku, l.Quantity)));
        Assert.Equal(750m, v2.Lines[0].Subtotal);
    }

    [Fact]
    public void ToInvoiceV2_CreditNote_AnswersOdoosReferenceAsItsReason()
    {
        var note = Move(58, "out_refund", "posted", 38) with { Ref = "Reversal of: INV/2026/00008, 500Dn00000AbCdE: Damaged" };

        Assert.Equal("Reversal of: INV/2026/00008, 500Dn00000AbCdE: Damaged", InvoiceMapping.ToInvoiceV2(note, null, []).Reason);
    }

    [Theory]
    [InlineData("Reversal of: INV/2026/00008, 500Dn00000AbCdE: Damaged", "500Dn00000AbCdE", true)]
    [InlineData("Reversal of: INV/2026/00008, 500Dn00000AbCdE: Damaged", "500dn00000abcde", false)]
    [InlineData("Reversal of: INV/2026/00008, 500Dn00000AbCdF: Damaged", "500Dn00000AbCdE", false)]
    [InlineData("Reversal of: INV/2026/00008", "500Dn00000AbCdE", false)]
    public void IsCreditNoteFor_FindsTheCaseInTheReferenceExactly(string reference, string caseId, bool expected)
    {
        Assert.Equal(expected, InvoiceMapping.IsCreditNoteFor(Move(58, "out_refund", "draft", 38) with { Ref = reference }, caseId));
    }

    [Theory]
    [InlineData("Reversal of: INV/2026/00008, 500Dn00000AbCdE: Damaged: door hinge", "500Dn00000AbCdE", "500Dn00000AbCdE")]
    [InlineData("Extourne de : FAC/2026/00008, 500Dn00000AbCdEFGH: Abîmé", "500Dn00000AbCdEFGH", "500Dn00000AbCdEFGH")]
    [InlineData("Reversal of: INV/2026/00008, CASE-7: Damaged", "CASE-7", null)]
    [InlineData("Reversal of: INV/2026/00008, damaged: door", "damaged", null)]
    [InlineData("Reversal of: INV/2026/00008, damaged door", null, null)]
    [InlineData("Reversal of: INV/2026/00008", null, null)]
    [InlineData(null, null, null)]
    public void TheCase_IsReadFromTheReference_AndShownOnlyInASalesforceIdsShape(string? reference, string? caseId, string? shown)
    {
        Assert.Equal(caseId, InvoiceMapping.CaseIdOf(reference));
        Assert.Equal(shown, InvoiceMapping.SalesforceCaseOf(reference));
        Assert.Equal(shown, InvoiceMapping.ToInvoiceV2(Move(58, "out_refund", "draft", 38) with { Ref = reference }, null, []).SalesforceId);
    }

    [Fact]
    public void ReversalReason_PutsTheCaseFirst_SoTheCreditNoteCanBeFoundByIt()
    {
        var note = Move(58, "out_refund", "draft", 38) with { Ref = $"Reversal of: INV/2026/00008, {InvoiceMapping.ReversalReason("500Dn00000AbCdE", "Damaged")}" };

        Assert.True(InvoiceMapping.IsCreditNoteFor(note, "500Dn00000AbCdE"));
    }

    [Fact]
    public void Refundable_CountsWhatCreditNotesRefundExceptCancelledOnes()
    {
        var invoice = Move(38, "out_invoice", "posted", null, Line(90, 5, "FURN_7800", 3), Line(93, 5, "FURN_7800", 2), Line(91, 6, "FURN_0001", 4));
        var family = new InvoiceWithCreditNotes(invoice, [
            Move(58, "out_refund", "posted", 38, Line(190, 5, "FURN_7800", 1)),
            Move(59, "out_refund", "draft", 38, Line(191, 5, "FURN_7800", 2), Line(192, 6, "FURN_0001", 4)),
            Move(60, "out_refund", "cancel", 38, Line(193, 5, "FURN_7800", 5)),
        ]);

        var refundable = InvoiceMapping.Refundable(family).ToDictionary(p => p.Sku!);

        Assert.Equal((5m, 3m, 2m), (refundable["FURN_7800"].Invoiced, refundable["FURN_7800"].Refunded, refundable["FURN_7800"].Remaining));
        Assert.Equal(0m, refundable["FURN_0001"].Remaining);
        Assert.True(InvoiceMapping.IsPartlyRefunded(family));
    }

    [Fact]
    public void IsPartlyRefunded_WithOnlyCancelledCreditNotes_IsFalse()
    {
        var family = new InvoiceWithCreditNotes(Move(38, "out_invoice", "posted", null), [Move(60, "out_refund", "cancel", 38)]);

        Assert.False(InvoiceMapping.IsPartlyRefunded(family));
    }

    [Fact]
    public void PartialLines_KeepsTheAskedQuantityOverAProductsLinesAndDeletesTheRest()
    {
        var draft = Move(58, "out_refund", "draft", 38, Line(190, 5, "FURN_7800", 3), Section(194), Line(191, 5, "FURN_7800", 2), Line(192, 6, "FURN_0001", 4), Line(193, 5, "FURN_7800", 1));

        var (quantities, removed) = InvoiceMapping.PartialLines(draft, new Dictionary<long, decimal> { [5] = 4 });

        Assert.Equal(new Dictionary<long, decimal> { [190] = 3, [191] = 1 }, quantities);
        Assert.Equal([194, 192, 193], removed);
    }

    [Fact]
    public void CreditNoteOf_RecordedActions_NameTheCreditNote()
    {
        var on17 = Recording.Get(Recording.Odoo17JsonRpcRound2, "credit note: reverse_moves").Response!["result"]!;
        var on19 = Recording.Get(Recording.Odoo19Json2Round2, "credit note: reverse_moves").Response!;

        Assert.Equal(25, InvoiceMapping.CreditNoteOf(System.Text.Json.JsonSerializer.SerializeToElement(on17)));
        Assert.Equal(58, InvoiceMapping.CreditNoteOf(System.Text.Json.JsonSerializer.SerializeToElement(on19)));
    }

    [Fact]
    public void MoveSpecification_NestsTheLinesWithTheirProductsNameAndAsksTheJournalAndReversedInvoice()
    {
        var specification = InvoiceLineRecord.MoveSpecification();

        Assert.Equal("""{"fields":{"display_name":{}}}""", specification["journal_id"]!.ToJsonString());
        Assert.Equal("""{"fields":{"display_name":{}}}""", specification["reversed_entry_id"]!.ToJsonString());
        Assert.Equal("{}", specification["ref"]!.ToJsonString());
        var lines = specification["invoice_line_ids"]!["fields"]!.AsObject();
        Assert.Equal(["product_id", "name", "quantity", "price_unit", "price_subtotal", "price_total", "display_type"], lines.Select(f => f.Key));
    }

    private static InvoiceRecord Move(long id, string type, string state, long? reverses, params JsonObject[] lines)
    {
        var record = new JsonObject
        {
            ["id"] = id,
            ["name"] = state == "draft" ? false : $"INV/{id}",
            ["move_type"] = type,
            ["state"] = state,
            ["payment_state"] = "not_paid",
            ["partner_id"] = new JsonObject { ["id"] = 43, ["display_name"] = "Customer" },
            ["currency_id"] = new JsonObject { ["id"] = 1, ["display_name"] = "USD" },
            ["reversed_entry_id"] = reverses is { } invoice ? new JsonObject { ["id"] = invoice, ["display_name"] = "INV" } : false,
            ["invoice_line_ids"] = new JsonArray([.. lines]),
        };
        return RecordedRecords.Parse<InvoiceRecord>([record])[0];
    }

    private static JsonObject Line(long id, long productId, string? sku, decimal quantity) => new()
    {
        ["id"] = id,
        ["product_id"] = new JsonObject { ["id"] = productId, ["display_name"] = sku is null ? "Service" : $"[{sku}] Product" },
        ["name"] = "Product",
        ["quantity"] = quantity,
        ["price_unit"] = 250,
        ["price_subtotal"] = 250 * quantity,
        ["price_total"] = 250 * quantity,
        ["display_type"] = "product",
    };

    private static JsonObject Section(long id) => new()
    {
        ["id"] = id, ["product_id"] = false, ["name"] = "Furniture", ["quantity"] = 0, ["price_unit"] = 0, ["price_subtotal"] = 0, ["price_total"] = 0, ["display_type"] = "line_section",
    };
}
