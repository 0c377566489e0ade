namespace RetailGateway.Canonical.Stock;

/// <summary>Stock of one SKU, across all warehouses or in one.</summary>
public sealed record StockLevel
{
    /// <example>E-COM07</example>
    public required string Sku { get; init; }

    /// <example>Large Cabinet</example>
    public required string Name { get; init; }

    /// <summary>Warehouse code when the figures are for one warehouse; null for all warehouses.</summary>
    /// <example>WH</example>
    public string? WarehouseCode { get; init; }

    /// <summary>Physically in stock.</summary>
    /// <example>500</example>
    public required decimal OnHand { get; init; }

    /// <summary>In stock and not reserved: what can be promised now.</summary>
    /// <example>270</example>
    public required decimal Available { get; init; }

    /// <summary>On hand plus incoming minus outgoing.</summary>
    /// <example>270</example>
    public required decimal Forecast { get; init; }

    /// <example>0</example>
    public required decimal Incoming { get; init; }

    /// <example>230</example>
    public required decimal Outgoing { get; init; }
}

/// <summary>Stock of several SKUs.</summary>
public sealed record StockPage
{
    public required IReadOnlyList<StockLevel> Items { get; init; }

    /// <summary>Requested SKUs that Odoo does not know; <c>[]</c> when all are known.</summary>
    public required IReadOnlyList<string> UnknownSkus { get; init; }

    /// <summary>Cursor of the next page when listing every stocked SKU; null otherwise.</summary>
    public string? NextCursor { get; init; }
}
