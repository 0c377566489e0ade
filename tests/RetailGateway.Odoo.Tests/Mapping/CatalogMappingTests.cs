using System.Text.Json.Nodes;
using RetailGateway.Canonical.V2;
using RetailGateway.Odoo.Client;
using RetailGateway.Odoo.Mapping;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Tests.Mapping;

/// <summary>Products read from <c>web_search_read</c> records shaped as Odoo 17 and 19 answer the catalog's specification.</summary>
public sealed class CatalogMappingTests
{
    private const string Variant17 = """
        {"id": 13, "default_code": "DESK0005", "name": "Customizable Desk", "description_sale": "160x80cm, with large legs.", "barcode": false,
         "type": "product", "lst_price": 800.0, "active": true, "write_date": "2026-11-27 11:02:33",
         "uom_id": {"id": 1, "display_name": "Units"}, "currency_id": {"id": 1, "display_name": "USD"},
         "taxes_id": [{"id": 1, "name": "15%", "amount_type": "percent", "amount": 15.0}, {"id": 7, "name": "Eco fee", "amount_type": "fixed", "amount": 2.5}],
         "product_tmpl_id": {"id": 9, "name": "Customizable Desk", "product_variant_count": 4},
         "product_template_attribute_value_ids": [{"id": 1, "name": "Steel", "attribute_id": {"id": 1, "display_name": "Legs"}}, {"id": 3, "name": "White", "attribute_id": {"id": 2, "display_name": "Color"}}]}
        """;

    [Fact]
    public void ToProduct_OfAVariant_MapsEveryMember()
    {
        var product = CatalogMapping.ToProduct(Parse(Variant17));

        Assert.Equal("DESK0005", product.Sku);
        Assert.Equal("Customizable Desk", product.Name);
        Assert.Equal("160x80cm, with large legs.", product.Description);
        Assert.Null(product.Barcode);
        Assert.Equal(ProductKind.Storable, product.Kind);
        Assert.Equal("Units", product.Uom);
        Assert.Equal(800m, product.ListPrice);
        Assert.Equal("USD", product.CurrencyCode);
        Assert.Equal([new ProductTax { Name = "15%", RatePercent = 15m }, new ProductTax { Name = "Eco fee" }], product.Taxes);
        Assert.Equal(new ProductVariantOf { ProductTemplateId = "9", Name = "Customizable Desk" }, product.VariantOf);
        Assert.Equal([new ProductAttributeValue { Attribute = "Legs", Value = "Steel" }, new ProductAttributeValue { Attribute = "Color", Value = "White" }], product.Attributes);
        Assert.True(product.Active);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 11, 2, 33, TimeSpan.Zero), product.UpdatedAt);
    }

    [Fact]
    public void ToProduct_OfATemplatesOnlyVariant_IsNoVariantOfAnything()
    {
        var record = JsonNode.Parse(Variant17)!.AsObject();
        record["product_tmpl_id"]!["product_variant_count"] = 1;

        Assert.Null(CatalogMapping.ToProduct(Parse(record.ToJsonString())).VariantOf);
    }

    [Theory]
    [InlineData("product", null, ProductKind.Storable)]
    [InlineData("consu", null, ProductKind.Consumable)]
    [InlineData("service", null, ProductKind.Service)]
    [InlineData("consu", true, ProductKind.Storable)]
    [InlineData("consu", false, ProductKind.Consumable)]
    [InlineData("combo", false, ProductKind.Consumable)]
    [InlineData("service", false, ProductKind.Service)]
    public void Kind_On17FromTypeAndOn18FromTypeAndIsStorable(string type, bool? isStorable, ProductKind kind)
    {
        Assert.Equal(kind, CatalogMapping.Kind(type, isStorable));
    }

    [Fact]
    public void Specification_AsksTheKindFieldsOfTheVersion()
    {
        var on17 = ProductRecord.Specification(OdooDialect.ForVersion(17));
        var on19 = ProductRecord.Specification(OdooDialect.ForVersion(19));

        Assert.True(on17.ContainsKey("type"));
        Assert.False(on17.ContainsKey("is_storable"));
        Assert.False(on17.ContainsKey("detailed_type"));
        Assert.True(on19.ContainsKey("is_storable"));
        Assert.Equal("""{"fields":{"name":{},"amount_type":{},"amount":{}}}""", on19["taxes_id"]!.ToJsonString());
    }

    private static ProductRecord Parse(string json) => Assert.Single(RecordedRecords.Parse<ProductRecord>([JsonNode.Parse(json)]));
}
