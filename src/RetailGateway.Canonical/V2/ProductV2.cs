namespace RetailGateway.Canonical.V2;

/// <summary>A product as Salesforce sells it: one Odoo product variant, identified by its SKU.</summary>
public sealed record ProductV2
{
    /// <summary>The SKU (Odoo internal reference).</summary>
    /// <example>DESK0005</example>
    public required string Sku { get; init; }

    /// <example>Customizable Desk</example>
    public required string Name { get; init; }

    /// <summary>The sales description, the text Odoo copies onto quotations and invoices; null when there is none.</summary>
    /// <example>160x80cm, with large legs.</example>
    public string? Description { get; init; }

    /// <example>4006381333931</example>
    public string? Barcode { get; init; }

    /// <example>storable</example>
    public required ProductKind Kind { get; init; }

    /// <summary>The unit of measure the product is sold in.</summary>
    /// <example>Units</example>
    public required string Uom { get; init; }

    /// <summary>The public sales price of this variant (its template's price plus the variant's extras), before taxes and customer pricelists.</summary>
    /// <example>750</example>
    public required decimal ListPrice { get; init; }

    /// <summary>ISO 4217 code of <c>listPrice</c>.</summary>
    /// <example>USD</example>
    public required string CurrencyCode { get; init; }

    /// <summary>The customer taxes Odoo applies to the product by default; <c>[]</c> when none.</summary>
    public required IReadOnlyList<ProductTax> Taxes { get; init; }

    /// <summary>The product this one is a variant of, when it has several variants; null otherwise.</summary>
    public ProductVariantOf? VariantOf { get; init; }

    /// <summary>The attribute values that make this variant (e.g. Color: White); <c>[]</c> when none.</summary>
    public required IReadOnlyList<ProductAttributeValue> Attributes { get; init; }

    /// <summary>False when the product is archived in Odoo: it can no longer be ordered.</summary>
    /// <example>true</example>
    public required bool Active { get; init; }

    /// <summary>When the product (or the product it is a variant of) last changed in Odoo, UTC.</summary>
    /// <example>2026-11-27T11:02:33Z</example>
    public required DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>What kind of product: whether Odoo tracks its stock, and whether it is goods at all.</summary>
public enum ProductKind
{
    /// <summary>Goods whose stock Odoo tracks (see <c>/stock</c>).</summary>
    Storable,

    /// <summary>Goods without stock tracking (also Odoo 18+ combo products).</summary>
    Consumable,

    /// <summary>Not goods: nothing to deliver.</summary>
    Service,
}

/// <summary>A customer tax of a product.</summary>
public sealed record ProductTax
{
    /// <example>15%</example>
    public required string Name { get; init; }

    /// <summary>The rate of a percentage tax; null for any other kind: a fixed amount, a group of taxes, or Odoo's "percentage tax included" (computed on the price with tax).</summary>
    /// <example>15</example>
    public decimal? RatePercent { get; init; }
}

/// <summary>The product a variant belongs to (Odoo's product template).</summary>
public sealed record ProductVariantOf
{
    /// <example>9</example>
    public required string ProductTemplateId { get; init; }

    /// <example>Customizable Desk</example>
    public required string Name { get; init; }
}

/// <summary>One attribute value of a variant.</summary>
public sealed record ProductAttributeValue
{
    /// <example>Color</example>
    public required string Attribute { get; init; }

    /// <example>White</example>
    public required string Value { get; init; }
}
