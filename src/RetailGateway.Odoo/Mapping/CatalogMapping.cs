using System.Globalization;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Product ⇄ <c>product.product</c> with its template, unit, currency, customer taxes and attribute values.</summary>
public static class CatalogMapping
{
    public static ProductV2 ToProduct(ProductRecord product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new ProductV2
        {
            Sku = product.DefaultCode ?? string.Empty,
            Name = product.Name ?? string.Empty,
            Description = product.DescriptionSale,
            Barcode = product.Barcode,
            Kind = Kind(product.Type, product.IsStorable),
            Uom = product.UomId?.DisplayName ?? string.Empty,
            ListPrice = product.LstPrice,
            CurrencyCode = product.CurrencyId?.DisplayName ?? string.Empty,
            Taxes = [.. product.Taxes.Select(t => new ProductTax { Name = t.Name ?? string.Empty, RatePercent = t.AmountType == "percent" ? t.Amount : null })],
            VariantOf = product.Template is { ProductVariantCount: > 1 } template
                ? new ProductVariantOf { ProductTemplateId = template.Id.ToString(CultureInfo.InvariantCulture), Name = template.Name ?? string.Empty }
                : null,
            Attributes = [.. product.AttributeValues.Select(v => new ProductAttributeValue { Attribute = v.AttributeId?.DisplayName ?? string.Empty, Value = v.Name ?? string.Empty })],
            Active = product.Active,
            UpdatedAt = product.WriteDate ?? DateTimeOffset.UnixEpoch,
        };
    }

    /// <summary>Up to 17 storable is the type <c>product</c>; from 18 it is the <c>is_storable</c> flag on goods. A combo (18+) is goods without stock of its own.</summary>
    public static ProductKind Kind(string? type, bool? isStorable) => (type, isStorable) switch
    {
        ("product", _) or ("consu", true) => ProductKind.Storable,
        ("service", _) => ProductKind.Service,
        _ => ProductKind.Consumable,
    };
}
