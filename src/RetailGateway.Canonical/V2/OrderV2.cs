using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using RetailGateway.Canonical.Orders;

namespace RetailGateway.Canonical.V2;

/// <summary>An order to submit (v2): it may name one of the customer's shipping addresses.</summary>
public sealed record OrderSubmissionV2
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

    // First when the gateway writes the order (queued, and shown in a recorded exception), as queued orders have always had it.
    /// <summary>The <c>addressId</c> of one of the customer's shipping addresses; the customer's own address when omitted.</summary>
    /// <example>45</example>
    [JsonPropertyOrder(-1)]
    [StringLength(20, MinimumLength = 1)]
    public string? ShippingAddressId { get; init; }
}

/// <summary>A sales order (v2): as v1, plus where it is delivered.</summary>
public sealed record OrderV2
{
    /// <example>28</example>
    public required string OrderId { get; init; }

    /// <summary>Odoo's order number.</summary>
    /// <example>S00028</example>
    public required string OrderNumber { get; init; }

    /// <summary>Salesforce Order id the order was submitted with, if any.</summary>
    /// <example>801Dn00000XyZaBIAV</example>
    public string? SalesforceId { get; init; }

    /// <example>44</example>
    public required string CustomerId { get; init; }

    public required OrderStatus Status { get; init; }

    /// <summary>True when the order is locked against changes in Odoo.</summary>
    public required bool IsLocked { get; init; }

    public required DeliveryStatus DeliveryStatus { get; init; }

    public required InvoiceStatus InvoiceStatus { get; init; }

    /// <summary>Payment state summarised over the order's customer invoices.</summary>
    public required OrderPaymentStatus PaymentStatus { get; init; }

    /// <example>2026-11-27</example>
    public required DateOnly OrderDate { get; init; }

    /// <summary>ISO 4217 currency code of every amount on the order.</summary>
    /// <example>USD</example>
    public required string CurrencyCode { get; init; }

    /// <example>1585.50</example>
    public required decimal AmountUntaxed { get; init; }

    /// <example>237.83</example>
    public required decimal AmountTax { get; init; }

    /// <example>1823.33</example>
    public required decimal AmountTotal { get; init; }

    public string? Notes { get; init; }

    public required IReadOnlyList<OrderLine> Lines { get; init; }

    /// <summary>The order's deliveries; its returns are in <c>returns</c>.</summary>
    public required IReadOnlyList<Shipment> Shipments { get; init; }

    /// <summary>The returns of the order's goods (<c>GET /api/v2/returns/{returnId}</c>).</summary>
    public IReadOnlyList<OrderReturnV2> Returns { get; init; } = [];

    /// <summary>Gateway ids of the customer invoices and credit notes of the order.</summary>
    public required IReadOnlyList<string> InvoiceIds { get; init; }

    /// <example>2026-11-27T11:09:16Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The shipping address the order is delivered to; null when it goes to the customer's own address.</summary>
    /// <example>45</example>
    public string? ShippingAddressId { get; init; }
}
