using System.ComponentModel.DataAnnotations;

namespace RetailGateway.Canonical.V2;

/// <summary>A quote to create: Odoo prices its lines for the customer (pricelist, discounts, taxes).</summary>
public sealed record QuoteSubmissionV2
{
    /// <summary>Salesforce Quote id (<c>0Q0</c> prefix). A quote with this id for the same customer is never created twice.</summary>
    /// <example>0Q0Dn00000XyZaBKAV</example>
    [Required]
    [RegularExpression(Patterns.SalesforceQuoteId, ErrorMessage = Patterns.SalesforceQuoteIdMessage)]
    public string? SalesforceId { get; init; }

    /// <summary>Gateway id of the customer the quote is for.</summary>
    /// <example>44</example>
    [Required]
    [StringLength(20, MinimumLength = 1)]
    public string? CustomerId { get; init; }

    /// <summary>The <c>addressId</c> of one of the customer's shipping addresses; the customer's own address when omitted.</summary>
    /// <example>45</example>
    [StringLength(20, MinimumLength = 1)]
    public string? ShippingAddressId { get; init; }

    /// <summary>Quote lines, 1 to 200: products by SKU and quantity. Odoo sets the prices.</summary>
    [Required]
    [MinLength(1)]
    [MaxLength(200)]
    [NoNullItems]
    public IReadOnlyList<QuoteLineSubmission>? Lines { get; init; }

    /// <summary>Last day the quote can be accepted; Odoo's default validity when omitted.</summary>
    /// <example>2027-01-01</example>
    public DateOnly? ValidUntil { get; init; }

    /// <summary>Free-text notes printed on the quote.</summary>
    /// <example>Prices include installation.</example>
    [StringLength(2000)]
    public string? Notes { get; init; }
}

/// <summary>A quote line to create: a product and a quantity.</summary>
public sealed record QuoteLineSubmission
{
    /// <example>FURN_7800</example>
    [Required]
    [RegularExpression(Patterns.Sku, ErrorMessage = Patterns.SkuMessage)]
    public string? Sku { get; init; }

    /// <example>2</example>
    [Required]
    [Range(typeof(decimal), "0.001", "1000000", ErrorMessage = "Must be more than 0 and at most 1000000.")]
    public decimal? Quantity { get; init; }
}

/// <summary>Where a quote stands.</summary>
public enum QuoteStatus
{
    /// <summary>Can be accepted.</summary>
    Open,

    /// <summary>Open, but its validity date has passed: it can no longer be accepted.</summary>
    Expired,

    /// <summary>Accepted: it is the order <c>orderId</c>.</summary>
    Accepted,

    Cancelled,
}

/// <summary>The pricelist Odoo priced with.</summary>
public sealed record PricelistRef
{
    /// <example>2</example>
    public required string PricelistId { get; init; }

    /// <example>Partner 10%</example>
    public required string Name { get; init; }
}

/// <summary>A quote: Odoo's quotation, priced by Odoo.</summary>
public sealed record QuoteV2
{
    /// <example>28</example>
    public required string QuoteId { get; init; }

    /// <summary>Odoo's quotation number.</summary>
    /// <example>S00028</example>
    public required string QuoteNumber { get; init; }

    /// <summary>Salesforce Quote id the quote was created with.</summary>
    /// <example>0Q0Dn00000XyZaBKAV</example>
    public string? SalesforceId { get; init; }

    /// <example>44</example>
    public required string CustomerId { get; init; }

    /// <summary>The shipping address the quote is for; null when it is the customer's own address.</summary>
    /// <example>45</example>
    public string? ShippingAddressId { get; init; }

    public required QuoteStatus Status { get; init; }

    /// <summary>The order the quote became (<c>GET /api/v2/orders/{orderId}</c>); null until accepted.</summary>
    /// <example>28</example>
    public string? OrderId { get; init; }

    /// <summary>ISO 4217 currency code of every amount on the quote.</summary>
    /// <example>USD</example>
    public required string CurrencyCode { get; init; }

    /// <summary>The pricelist Odoo applied; null when none (on Odoo 19, pricelists must be turned on in the Sales settings).</summary>
    public PricelistRef? Pricelist { get; init; }

    public required IReadOnlyList<QuoteLineV2> Lines { get; init; }

    /// <example>810.00</example>
    public required decimal AmountUntaxed { get; init; }

    /// <example>121.50</example>
    public required decimal AmountTax { get; init; }

    /// <example>931.50</example>
    public required decimal AmountTotal { get; init; }

    /// <summary>Last day the quote can be accepted; null when it does not expire.</summary>
    /// <example>2027-01-01</example>
    public DateOnly? ValidUntil { get; init; }

    /// <example>2026-12-02T11:09:16Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A quote line as Odoo priced it.</summary>
public sealed record QuoteLineV2
{
    /// <example>55</example>
    public required string LineId { get; init; }

    /// <example>FURN_7800</example>
    public string? Sku { get; init; }

    /// <example>[FURN_7800] Desk Combination</example>
    public required string Description { get; init; }

    /// <example>2</example>
    public required decimal Quantity { get; init; }

    /// <summary>Odoo's unit price, before the line discount.</summary>
    /// <example>405.00</example>
    public required decimal UnitPrice { get; init; }

    /// <example>0</example>
    public required decimal DiscountPercent { get; init; }

    /// <summary>Untaxed amount of the line.</summary>
    /// <example>810.00</example>
    public required decimal Subtotal { get; init; }

    /// <example>121.50</example>
    public required decimal Tax { get; init; }

    /// <example>931.50</example>
    public required decimal Total { get; init; }
}

/// <summary>Odoo's prices for one customer now, as a quote would get them.</summary>
public sealed record CustomerPricesV2
{
    /// <example>44</example>
    public required string CustomerId { get; init; }

    /// <example>USD</example>
    public required string CurrencyCode { get; init; }

    /// <summary>The pricelist Odoo applies to the customer; null when none.</summary>
    public PricelistRef? Pricelist { get; init; }

    /// <summary>The quantity every price is for.</summary>
    /// <example>1</example>
    public required decimal Quantity { get; init; }

    /// <summary>One price per SKU asked, in the order asked.</summary>
    public required IReadOnlyList<CustomerPriceV2> Prices { get; init; }
}

/// <summary>The price of one product for the customer.</summary>
public sealed record CustomerPriceV2
{
    /// <example>FURN_7800</example>
    public required string Sku { get; init; }

    /// <summary>The product's sales price, before any pricelist.</summary>
    /// <example>450.00</example>
    public required decimal ListPrice { get; init; }

    /// <summary>Odoo's unit price for the customer, before the discount.</summary>
    /// <example>405.00</example>
    public required decimal UnitPrice { get; init; }

    /// <example>0</example>
    public required decimal DiscountPercent { get; init; }

    /// <summary>Untaxed amount for the quantity.</summary>
    /// <example>405.00</example>
    public required decimal Subtotal { get; init; }

    /// <summary>Tax on the subtotal.</summary>
    /// <example>60.75</example>
    public required decimal Tax { get; init; }

    /// <example>465.75</example>
    public required decimal Total { get; init; }
}
