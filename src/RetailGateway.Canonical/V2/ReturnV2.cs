using System.ComponentModel.DataAnnotations;

namespace RetailGateway.Canonical.V2;

/// <summary>A return to create: goods of a delivered order coming back, for a Salesforce Case.</summary>
public sealed record ReturnSubmissionV2
{
    /// <summary>Salesforce Case id. A return with this id for the same order is never created twice.</summary>
    /// <example>500Dn00000XyZaBIAV</example>
    [Required]
    [RegularExpression(Patterns.SalesforceId, ErrorMessage = Patterns.SalesforceIdMessage)]
    public string? SalesforceId { get; init; }

    /// <summary>Why the goods come back; kept as the return's note in Odoo.</summary>
    /// <example>Damaged in transit.</example>
    [Required]
    [StringLength(500, MinimumLength = 1)]
    public string? Reason { get; init; }

    /// <summary>
    /// The delivery (<c>shipmentId</c> of the order) the goods were shipped with; when omitted, the latest shipped
    /// delivery of the order that holds every line.
    /// </summary>
    /// <example>27</example>
    [StringLength(20, MinimumLength = 1)]
    public string? ShipmentId { get; init; }

    /// <summary>What comes back, 1 to 100 lines: products by SKU and quantity.</summary>
    [Required]
    [MinLength(1)]
    [MaxLength(100)]
    [NoNullItems]
    public IReadOnlyList<ReturnLineSubmission>? Lines { get; init; }
}

/// <summary>A product and the quantity of it that comes back.</summary>
public sealed record ReturnLineSubmission
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

/// <summary>Where a return stands.</summary>
public enum ReturnStatus
{
    /// <summary>Created in Odoo; the goods are not back yet.</summary>
    AwaitingReceipt,

    /// <summary>The goods are back in stock.</summary>
    Received,

    Cancelled,
}

/// <summary>A return: Odoo's return transfer of goods a delivery of the order shipped.</summary>
public sealed record ReturnV2
{
    /// <example>29</example>
    public required string ReturnId { get; init; }

    /// <summary>Odoo's transfer number.</summary>
    /// <example>WH/IN/00006</example>
    public required string ReturnNumber { get; init; }

    /// <example>28</example>
    public required string OrderId { get; init; }

    /// <example>S00028</example>
    public required string OrderNumber { get; init; }

    /// <summary>Salesforce Case id the return was created with.</summary>
    /// <example>500Dn00000XyZaBIAV</example>
    public string? SalesforceId { get; init; }

    /// <example>Damaged in transit.</example>
    public string? Reason { get; init; }

    public required ReturnStatus Status { get; init; }

    /// <summary>The delivery the goods were shipped with.</summary>
    /// <example>28</example>
    public string? ShipmentId { get; init; }

    /// <example>WH/OUT/00015</example>
    public string? ShipmentNumber { get; init; }

    public required IReadOnlyList<ReturnLineV2> Lines { get; init; }

    /// <example>2026-12-03T10:00:00Z</example>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the goods were received; null until then.</summary>
    /// <example>2026-12-04T09:30:00Z</example>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <example>2026-12-04T09:30:00Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A product of a return.</summary>
public sealed record ReturnLineV2
{
    /// <example>FURN_7800</example>
    public string? Sku { get; init; }

    /// <summary>The quantity coming back.</summary>
    /// <example>1</example>
    public required decimal Quantity { get; init; }

    /// <summary>The quantity received; 0 until the return is received.</summary>
    /// <example>0</example>
    public required decimal ReceivedQuantity { get; init; }
}

/// <summary>A return of an order, as the order lists it.</summary>
public sealed record OrderReturnV2
{
    /// <example>29</example>
    public required string ReturnId { get; init; }

    /// <example>WH/IN/00006</example>
    public required string ReturnNumber { get; init; }

    public required ReturnStatus Status { get; init; }
}
