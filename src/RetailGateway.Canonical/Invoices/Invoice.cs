namespace RetailGateway.Canonical.Invoices;

/// <summary>A customer invoice or credit note.</summary>
public sealed record Invoice
{
    /// <example>27</example>
    public required string InvoiceId { get; init; }

    /// <summary>Odoo's invoice number; null while the invoice is a draft.</summary>
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

    /// <example>2026-11-27T11:05:20Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>Invoice or credit note.</summary>
public enum InvoiceKind
{
    Invoice,
    CreditNote,
}

/// <summary>Accounting state of an invoice.</summary>
public enum InvoiceState
{
    Draft,
    Posted,
    Cancelled,
}

/// <summary>Payment state of an invoice.</summary>
public enum PaymentStatus
{
    NotPaid,
    PartiallyPaid,
    InPayment,
    Paid,
    Reversed,
    Blocked,
    Legacy,
}
