using System.ComponentModel.DataAnnotations;

namespace RetailGateway.Canonical.Orders;

/// <summary>An order to submit: created and confirmed in one call.</summary>
public record OrderSubmission
{
    /// <summary>Salesforce Order id. An order with this id for the same customer is never created twice.</summary>
    /// <example>801Dn00000XyZaBIAV</example>
    [Required]
    [RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)]
    public string? SalesforceId { get; init; }

    /// <summary>Gateway id of the customer who orders.</summary>
    /// <example>44</example>
    [Required]
    [StringLength(20, MinimumLength = 1)]
    public string? CustomerId { get; init; }

    /// <summary>Order lines, 1 to 200.</summary>
    [Required]
    [MinLength(1)]
    [MaxLength(200)]
    [NoNullItems]
    public IReadOnlyList<OrderLineSubmission>? Lines { get; init; }

    /// <summary>Order date; today (UTC) when omitted.</summary>
    /// <example>2026-11-27</example>
    public DateOnly? OrderDate { get; init; }

    /// <summary>Free-text notes printed on the order.</summary>
    /// <example>Deliver to the loading dock.</example>
    [StringLength(2000)]
    public string? Notes { get; init; }
}

/// <summary>One line of an order to submit.</summary>
public sealed record OrderLineSubmission
{
    /// <example>DESK0005</example>
    [Required]
    [RegularExpression(Patterns.Sku, ErrorMessage = Patterns.SkuMessage)]
    public string? Sku { get; init; }

    /// <summary>Quantity ordered; more than 0.</summary>
    /// <example>2</example>
    [Required]
    [Range(typeof(decimal), "0.001", "1000000", ErrorMessage = "Must be more than 0 and at most 1000000.")]
    public decimal? Quantity { get; init; }

    /// <summary>Unit price; the Odoo price list's price when omitted.</summary>
    /// <example>750.00</example>
    [Range(typeof(decimal), "0", "1000000000", ErrorMessage = "Must be between 0 and 1000000000.")]
    public decimal? UnitPrice { get; init; }

    /// <summary>Discount in percent, 0 to 100.</summary>
    /// <example>10</example>
    [Range(typeof(decimal), "0", "100", ErrorMessage = "Must be between 0 and 100.")]
    public decimal? DiscountPercent { get; init; }
}
