using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Aggregates;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Invoices ⇄ <c>account.move</c> of type <c>out_invoice</c> / <c>out_refund</c>.</summary>
public static partial class InvoiceMapping
{
    public const string Model = "account.move";

    /// <summary>The lines of a move.</summary>
    public const string LineModel = "account.move.line";

    /// <summary>Odoo's credit-note wizard.</summary>
    public const string ReversalModel = "account.move.reversal";

    public const string InvoiceType = "out_invoice";

    public const string CreditNoteType = "out_refund";

    public static readonly IReadOnlyList<string> CustomerMoveTypes = [InvoiceType, CreditNoteType];

    /// <param name="invoice">The move.</param>
    /// <param name="originOrder">The sale order named in <c>invoice_origin</c>, when there is one.</param>
    public static Invoice ToInvoice(InvoiceRecord invoice, SaleOrderRef? originOrder)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return new Invoice
        {
            InvoiceId = invoice.Id.ToString(CultureInfo.InvariantCulture),
            // Drafts are named "/" until they are posted.
            InvoiceNumber = invoice.Name is null or "/" ? null : invoice.Name,
            Kind = invoice.MoveType switch
            {
                "out_invoice" => InvoiceKind.Invoice,
                "out_refund" => InvoiceKind.CreditNote,
                _ => throw Unknown("account.move move_type", invoice.MoveType),
            },
            Status = invoice.State switch
            {
                "draft" => InvoiceState.Draft,
                "posted" => InvoiceState.Posted,
                "cancel" => InvoiceState.Cancelled,
                _ => throw Unknown("account.move state", invoice.State),
            },
            PaymentStatus = invoice.PaymentState switch
            {
                "not_paid" or null => PaymentStatus.NotPaid,
                "partial" => PaymentStatus.PartiallyPaid,
                "in_payment" => PaymentStatus.InPayment,
                "paid" => PaymentStatus.Paid,
                "reversed" => PaymentStatus.Reversed,
                "blocked" => PaymentStatus.Blocked,
                "invoicing_legacy" => PaymentStatus.Legacy,
                _ => throw Unknown("account.move payment_state", invoice.PaymentState),
            },
            CustomerId = invoice.PartnerId is { } partner ? partner.Id.ToString(CultureInfo.InvariantCulture) : string.Empty,
            OrderId = originOrder?.Id.ToString(CultureInfo.InvariantCulture),
            OrderNumber = originOrder?.Name ?? FirstOrigin(invoice.InvoiceOrigin),
            InvoiceDate = invoice.InvoiceDate,
            DueDate = invoice.InvoiceDateDue,
            CurrencyCode = invoice.CurrencyId?.DisplayName ?? string.Empty,
            AmountUntaxed = invoice.AmountUntaxed,
            AmountTax = invoice.AmountTax,
            AmountTotal = invoice.AmountTotal,
            AmountResidual = invoice.AmountResidual,
            UpdatedAt = invoice.WriteDate ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>
    /// The v2 invoice: <see cref="ToInvoice"/> with the product lines, the invoice a credit note reverses and its reason, and the
    /// credit notes reversing an invoice.
    /// </summary>
    /// <param name="invoice">The move, read with <see cref="InvoiceLineRecord.MoveFields"/>.</param>
    /// <param name="originOrder">The sale order named in <c>invoice_origin</c>, when there is one.</param>
    /// <param name="creditNoteIds">The ids of the credit notes reversing the move.</param>
    public static InvoiceV2 ToInvoiceV2(InvoiceRecord invoice, SaleOrderRef? originOrder, IReadOnlyList<long> creditNoteIds)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        ArgumentNullException.ThrowIfNull(creditNoteIds);
        var v1 = ToInvoice(invoice, originOrder);
        var isCreditNote = v1.Kind == InvoiceKind.CreditNote;
        return new InvoiceV2
        {
            InvoiceId = v1.InvoiceId,
            // Odoo 19 leaves a draft's name false where 17 says "/": both are "no number yet".
            InvoiceNumber = v1.InvoiceNumber,
            Kind = v1.Kind,
            Status = v1.Status,
            PaymentStatus = v1.PaymentStatus,
            CustomerId = v1.CustomerId,
            OrderId = v1.OrderId,
            OrderNumber = v1.OrderNumber,
            InvoiceDate = v1.InvoiceDate,
            DueDate = v1.DueDate,
            CurrencyCode = v1.CurrencyCode,
            AmountUntaxed = v1.AmountUntaxed,
            AmountTax = v1.AmountTax,
            AmountTotal = v1.AmountTotal,
            AmountResidual = v1.AmountResidual,
            ReversesInvoiceId = isCreditNote ? invoice.ReversedEntryId?.Id.ToString(CultureInfo.InvariantCulture) : null,
            CreditNoteIds = isCreditNote ? [] : [.. creditNoteIds.Select(id => id.ToString(CultureInfo.InvariantCulture))],
            Reason = isCreditNote ? invoice.Ref : null,
            SalesforceId = isCreditNote ? SalesforceCaseOf(invoice.Ref) : null,
            Lines = [.. ProductLines(invoice).Select(ToLine)],
            UpdatedAt = v1.UpdatedAt,
        };
    }

    /// <summary>The product lines of a move read with its lines: sections and notes are headings, not goods.</summary>
    public static IEnumerable<InvoiceLineRecord> ProductLines(InvoiceRecord move)
    {
        ArgumentNullException.ThrowIfNull(move);
        return move.Lines.Records.Where(l => l.IsProductLine);
    }

    /// <summary>The SKU of a line's product; null without a product or an internal reference.</summary>
    public static string? SkuOf(InvoiceLineRecord line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.ProductId is { } product ? OrderMapping.SkuFromDisplayName(product.DisplayName) : null;
    }

    private static InvoiceLineV2 ToLine(InvoiceLineRecord line) => new()
    {
        Sku = SkuOf(line),
        Description = line.Name ?? line.ProductId?.DisplayName ?? string.Empty,
        Quantity = line.Quantity,
        UnitPrice = line.PriceUnit,
        Subtotal = line.PriceSubtotal,
        Total = line.PriceTotal,
    };

    /// <summary>An invoice (not a credit note).</summary>
    public static bool IsInvoice(InvoiceRecord move) => move?.MoveType == InvoiceType;

    /// <summary>Posted: only a posted invoice can be reversed.</summary>
    public static bool IsPosted(InvoiceRecord move) => move?.State == "posted";

    public static bool IsDraft(InvoiceRecord move) => move?.State == "draft";

    /// <summary>
    /// The credit note was made for this Salesforce Case: the wizard's reason, <c>"&lt;Case id&gt;: &lt;reason&gt;"</c>, is in its
    /// reference (<c>Reversal of: INV/..., &lt;reason&gt;</c>). Compared exactly, because Salesforce ids differ by case.
    /// </summary>
    public static bool IsCreditNoteFor(InvoiceRecord creditNote, string caseId)
    {
        ArgumentNullException.ThrowIfNull(creditNote);
        return CaseIdOf(creditNote.Ref) == caseId;
    }

    /// <summary>
    /// The Case id a credit note was made for, read from Odoo's reference (<c>Reversal of: INV/2026/00006, &lt;Case id&gt;: reason</c>,
    /// the prefix in the database's language): the id the gateway's reason starts with; null when the reference holds none.
    /// </summary>
    public static string? CaseIdOf(string? reference) =>
        reference is null ? null : CaseTagPattern().Match(reference) is { Success: true } match ? match.Groups["id"].Value : null;

    /// <summary>
    /// The Case of a credit note as the API shows it: only an id of a Salesforce record's shape (15 or 18 letters and digits), so
    /// that a reason typed in Odoo with a colon in it is never taken for a Case.
    /// </summary>
    public static string? SalesforceCaseOf(string? reference) =>
        CaseIdOf(reference) is { } id && SalesforceRecordId().IsMatch(id) ? id : null;

    [GeneratedRegex(@"(?:^|, )(?<id>[A-Za-z0-9_\-.:]{1,64}?): ", RegexOptions.CultureInvariant, 100)]
    private static partial Regex CaseTagPattern();

    [GeneratedRegex("^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex SalesforceRecordId();

    /// <summary>The reason given to Odoo's wizard: the Case id first, so that the credit note can be found by it.</summary>
    public static string ReversalReason(string caseId, string reason) => $"{CaseTag(caseId)} {reason}";

    private static string CaseTag(string caseId) => caseId + ":";

    /// <summary>
    /// Per product of the invoice: its SKU, the quantity invoiced and the quantity its credit notes already refund
    /// (cancelled ones refund nothing). Odoo itself lets a credit note refund more than was invoiced.
    /// </summary>
    public static IReadOnlyList<RefundableProduct> Refundable(InvoiceWithCreditNotes family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var refunded = family.CreditNotes
            .Where(n => n.State != "cancel")
            .SelectMany(ProductLines)
            .Where(l => l.ProductId is not null)
            .GroupBy(l => l.ProductId!.Id)
            .ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        return [.. ProductLines(family.Invoice)
            .Where(l => l.ProductId is not null)
            .GroupBy(l => l.ProductId!.Id)
            .Select(g => new RefundableProduct(g.Key, SkuOf(g.First()), g.Sum(l => l.Quantity), refunded.GetValueOrDefault(g.Key)))];
    }

    /// <summary>Whether any credit note that is not cancelled reverses the invoice already.</summary>
    public static bool IsPartlyRefunded(InvoiceWithCreditNotes family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return family.CreditNotes.Any(n => n.State != "cancel");
    }

    /// <summary>
    /// How a full draft credit note becomes a partial one: the quantity to keep on each line of the asked products (spread over
    /// the lines of a product in their order), and the lines to delete (other products, sections, lines left at zero).
    /// </summary>
    public static (IReadOnlyDictionary<long, decimal> Quantities, IReadOnlyList<long> Removed) PartialLines(InvoiceRecord creditNote, IReadOnlyDictionary<long, decimal> quantityByProduct)
    {
        ArgumentNullException.ThrowIfNull(creditNote);
        ArgumentNullException.ThrowIfNull(quantityByProduct);
        var left = new Dictionary<long, decimal>(quantityByProduct);
        var quantities = new Dictionary<long, decimal>();
        var removed = new List<long>();
        foreach (var line in creditNote.Lines.Records)
        {
            if (line.IsProductLine && line.ProductId is { } product && left.TryGetValue(product.Id, out var wanted) && wanted > 0)
            {
                var kept = Math.Min(wanted, line.Quantity);
                left[product.Id] = wanted - kept;
                if (kept > 0)
                {
                    quantities[line.Id] = kept;
                    continue;
                }
            }

            removed.Add(line.Id);
        }

        return (quantities, removed);
    }

    /// <summary>
    /// The credit note a <c>reverse_moves</c> answer opens: the form action on one <c>account.move</c>. Anything else (a list of
    /// several moves, a wizard, no action) is not what the gateway asked Odoo to do, so it is an Odoo error, never a success.
    /// </summary>
    public static long CreditNoteOf(JsonElement action)
    {
        if (action.ValueKind == JsonValueKind.Object
            && action.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "ir.actions.act_window"
            && action.TryGetProperty("res_model", out var model) && model.ValueKind == JsonValueKind.String && model.GetString() == Model
            && action.TryGetProperty("res_id", out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var creditNoteId) && creditNoteId > 0)
        {
            return creditNoteId;
        }

        throw new OdooException(OdooFailure.ProtocolMismatch, "Odoo's credit-note wizard did not answer with the credit note it created.");
    }

    /// <summary>The first order name in <c>invoice_origin</c> (Odoo joins several with ", ").</summary>
    public static string? FirstOrigin(string? invoiceOrigin) =>
        string.IsNullOrWhiteSpace(invoiceOrigin) ? null : invoiceOrigin.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0];

    private static OdooException Unknown(string what, string? value) =>
        new(OdooFailure.ProtocolMismatch, $"Odoo returned an unknown {what} '{value}'.");
}

/// <summary>A product of an invoice, and how much of it can still be refunded.</summary>
/// <param name="ProductId">Odoo's product id.</param>
/// <param name="Sku">Its SKU; null without an internal reference.</param>
/// <param name="Invoiced">The quantity on the invoice.</param>
/// <param name="Refunded">The quantity credit notes that are not cancelled refund already.</param>
public sealed record RefundableProduct(long ProductId, string? Sku, decimal Invoiced, decimal Refunded)
{
    public decimal Remaining => Math.Max(0, Invoiced - Refunded);
}

/// <summary>A sale order's id and number.</summary>
public sealed record SaleOrderRef(long Id, string Name);
