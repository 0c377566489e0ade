namespace RetailGateway.Canonical.Orders;

/// <summary>A sales order with its lines, totals, shipments and invoices.</summary>
public record Order
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

    public required IReadOnlyList<Shipment> Shipments { get; init; }

    /// <summary>Gateway ids of the customer invoices and credit notes of the order.</summary>
    public required IReadOnlyList<string> InvoiceIds { get; init; }

    /// <example>2026-11-27T11:09:16Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>One line of an order.</summary>
public sealed record OrderLine
{
    /// <example>54</example>
    public required string LineId { get; init; }

    /// <summary>SKU of the product; null for a product without one.</summary>
    /// <example>DESK0005</example>
    public string? Sku { get; init; }

    /// <example>[DESK0005] Customizable Desk (Custom, White)</example>
    public required string Description { get; init; }

    /// <example>2</example>
    public required decimal Quantity { get; init; }

    public required decimal QuantityDelivered { get; init; }

    public required decimal QuantityInvoiced { get; init; }

    /// <example>750.00</example>
    public required decimal UnitPrice { get; init; }

    /// <example>0</example>
    public required decimal DiscountPercent { get; init; }

    /// <example>1500.00</example>
    public required decimal AmountUntaxed { get; init; }

    /// <example>225.00</example>
    public required decimal AmountTax { get; init; }

    /// <example>1725.00</example>
    public required decimal AmountTotal { get; init; }
}

/// <summary>A delivery of (part of) an order.</summary>
public sealed record Shipment
{
    /// <example>27</example>
    public required string ShipmentId { get; init; }

    /// <example>WH/OUT/00014</example>
    public required string ShipmentNumber { get; init; }

    public required ShipmentStatus Status { get; init; }

    /// <summary>Carrier tracking reference; null when unknown or when Odoo has no delivery module.</summary>
    /// <example>1Z999AA10123456784</example>
    public string? TrackingReference { get; init; }

    /// <example>2026-11-28T09:00:00Z</example>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>When the shipment left the warehouse; null until then.</summary>
    public DateTimeOffset? ShippedAt { get; init; }
}

/// <summary>Lifecycle of an order.</summary>
public enum OrderStatus
{
    Draft,
    QuotationSent,
    Confirmed,
    Done,
    Cancelled,
}

/// <summary>How far the order has been delivered.</summary>
public enum DeliveryStatus
{
    NotStarted,
    Pending,
    Started,
    Partial,
    Full,
}

/// <summary>How far the order has been invoiced.</summary>
public enum InvoiceStatus
{
    Nothing,
    ToInvoice,
    Invoiced,
    Upselling,
}

/// <summary>Payment over the order's invoices.</summary>
public enum OrderPaymentStatus
{
    NotInvoiced,
    NotPaid,
    PartiallyPaid,
    InPayment,
    Paid,
}

/// <summary>State of a shipment.</summary>
public enum ShipmentStatus
{
    Draft,
    Waiting,
    Ready,
    Shipped,
    Cancelled,
}
