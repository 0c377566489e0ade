using System.ComponentModel.DataAnnotations;
using RetailGateway.Canonical.Invoices;

namespace RetailGateway.Canonical.V2;

/// <summary>A customer invoice or credit note (v2): the v1 invoice with its lines and what reverses what.</summary>
public sealed record InvoiceV2
{
    /// <example>27</example>
    public required string InvoiceId { get; init; }

    /// <summary>Odoo's invoice number; null while the invoice or credit note is a draft.</summary>
    /// <example>INV/2026/00006</example>
    public string? InvoiceNumber { get; init; }

    public required InvoiceKind Kind { get; init; }

    public required InvoiceState Status { get; init; }

    public required PaymentStatus PaymentStatus { get; init; }

    /// <example>43</example>
    public required string CustomerId { get; init; }

    /// <summary>Gateway id of the order the invoice comes from, if any.</summary>
    /// <example>27</example>
    public string? OrderId { get; init; }

    /// <summary>Number of the order the invoice comes from, if any.</summary>
    /// <example>S00027</example>
    public string? OrderNumber { get; init; }

    /// <example>2026-11-27</example>
    public DateOnly? InvoiceDate { get; init; }

    /// <example>2026-12-27</example>
    public DateOnly? DueDate { get; init; }

    /// <example>USD</example>
    public required string CurrencyCode { get; init; }

    /// <example>316.00</example>
    public required decimal AmountUntaxed { get; init; }

    /// <example>14.25</example>
    public required decimal AmountTax { get; init; }

    /// <example>330.25</example>
    public required decimal AmountTotal { get; init; }

    /// <summary>What is still to be paid.</summary>
    /// <example>330.25</example>
    public required decimal AmountResidual { get; init; }

    /// <summary>For a credit note: the invoice it reverses; null otherwise.</summary>
    /// <example>27</example>
    public string? ReversesInvoiceId { get; init; }

    /// <summary>For an invoice: the credit notes reversing it, in any state; empty otherwise.</summary>
    public required IReadOnlyList<string> CreditNoteIds { get; init; }

    /// <summary>For a credit note: Odoo's reference, which holds the reason it was given with; null otherwise.</summary>
    /// <example>Reversal of: INV/2026/00006, 500Dn00000AbCdE: Damaged in transit</example>
    public string? Reason { get; init; }

    /// <summary>For a credit note made through the gateway: the Salesforce Case it was made for; null otherwise.</summary>
    /// <example>500Dn00000AbCdE</example>
    public string? SalesforceId { get; init; }

    /// <summary>The product lines (sections and notes left out).</summary>
    public required IReadOnlyList<InvoiceLineV2> Lines { get; init; }

    /// <example>2026-11-27T11:05:20Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>An invoice or credit note line as Odoo computed it.</summary>
public sealed record InvoiceLineV2
{
    /// <summary>The product's SKU; null for a line without a product or a product without one.</summary>
    /// <example>FURN_7800</example>
    public string? Sku { get; init; }

    /// <example>[FURN_7800] Desk Combination</example>
    public required string Description { get; init; }

    /// <example>2</example>
    public required decimal Quantity { get; init; }

    /// <example>405.00</example>
    public required decimal UnitPrice { get; init; }

    /// <summary>Untaxed amount of the line.</summary>
    /// <example>810.00</example>
    public required decimal Subtotal { get; init; }

    /// <example>931.50</example>
    public required decimal Total { get; init; }
}

/// <summary>A credit note to create for a posted invoice: all of it (<c>full</c>) or some of its products (<c>lines</c>).</summary>
public sealed record CreditNoteSubmissionV2
{
    /// <summary>Salesforce Case id. A credit note with this id for the same invoice is never created twice.</summary>
    /// <example>500Dn00000AbCdEIAV</example>
    [Required]
    [RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)]
    public string? SalesforceId { get; init; }

    /// <summary>Why the customer is credited; shown on the credit note.</summary>
    /// <example>Damaged in transit</example>
    [Required]
    [StringLength(500, MinimumLength = 1)]
    public string? Reason { get; init; }

    /// <summary>True to credit the whole invoice; give either this or <c>lines</c>.</summary>
    /// <example>false</example>
    public bool? Full { get; init; }

    /// <summary>1 to 100 products of the invoice, each once, by SKU and quantity to credit; give either these or <c>full</c>.</summary>
    [MinLength(1)]
    [MaxLength(100)]
    [NoNullItems]
    public IReadOnlyList<CreditNoteLineSubmission>? Lines { get; init; }

    /// <summary>True to post the credit note at once; false (the default) leaves it a draft for finance to check.</summary>
    /// <example>false</example>
    public bool Post { get; init; }
}

/// <summary>A product of the invoice to credit, and how much of it.</summary>
public sealed record CreditNoteLineSubmission
{
    /// <example>FURN_7800</example>
    [Required]
    [RegularExpression(Patterns.Sku, ErrorMessage = Patterns.SkuMessage)]
    public string? Sku { get; init; }

    /// <example>1</example>
    [Required]
    [Range(typeof(decimal), "0.001", "1000000", ErrorMessage = "Must be more than 0 and at most 1000000.")]
    public decimal? Quantity { get; init; }
}
