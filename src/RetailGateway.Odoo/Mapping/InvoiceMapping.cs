using System.Globalization;
using RetailGateway.Canonical.Invoices;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Invoices ⇄ <c>account.move</c> of type <c>out_invoice</c> / <c>out_refund</c>.</summary>
public static class InvoiceMapping
{
    public const string Model = "account.move";

    public static readonly IReadOnlyList<string> CustomerMoveTypes = ["out_invoice", "out_refund"];

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

    /// <summary>The first order name in <c>invoice_origin</c> (Odoo joins several with ", ").</summary>
    public static string? FirstOrigin(string? invoiceOrigin) =>
        string.IsNullOrWhiteSpace(invoiceOrigin) ? null : invoiceOrigin.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[0];

    private static OdooException Unknown(string what, string? value) =>
        new(OdooFailure.ProtocolMismatch, $"Odoo returned an unknown {what} '{value}'.");
}

/// <summary>A sale order's id and number.</summary>
public sealed record SaleOrderRef(long Id, string Name);
