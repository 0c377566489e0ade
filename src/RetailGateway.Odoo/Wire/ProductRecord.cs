using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Wire;

/// <summary>
/// <c>product.product</c> as the catalog reads it: one <c>web_search_read</c> (Odoo 17 and newer) with its unit, currency,
/// customer taxes, template and attribute values nested (<see cref="Specification"/>).
/// </summary>
public sealed record ProductRecord : IOdooRecord
{
    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? DefaultCode { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    /// <summary>The sales description (plain text), not the internal HTML <c>description</c>.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? DescriptionSale { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Barcode { get; init; }

    /// <summary>Up to 17 <c>product</c> (storable), <c>consu</c> or <c>service</c>; from 18 <c>consu</c>, <c>service</c> or <c>combo</c>.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Type { get; init; }

    /// <summary>From 18; null when the version has no such field (see <see cref="OdooDialect.ProductKindFields"/>).</summary>
    public bool? IsStorable { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? UomId { get; init; }

    /// <summary>The variant's sales price: its template's <c>list_price</c> plus the attribute values' extras.</summary>
    public decimal LstPrice { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CurrencyId { get; init; }

    [JsonPropertyName("taxes_id")]
    public IReadOnlyList<TaxRecord> Taxes { get; init => field = value ?? []; } = [];

    [JsonPropertyName("product_tmpl_id")]
    [JsonConverter(typeof(OdooOneConverter<ProductTemplateRecord>))]
    public ProductTemplateRecord? Template { get; init; }

    [JsonPropertyName("product_template_attribute_value_ids")]
    public IReadOnlyList<AttributeValueRecord> AttributeValues { get; init => field = value ?? []; } = [];

    public bool Active { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }

    /// <summary>The <c>web_read</c> specification that reads all of the above in one call, with this version's kind fields.</summary>
    public static JsonObject Specification(OdooDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        var specification = WebSpecification.Of(["default_code", "name", "description_sale", "barcode", .. dialect.ProductKindFields, "lst_price", "active", "write_date"]);
        specification["uom_id"] = WebSpecification.Nested(["display_name"]);
        specification["currency_id"] = WebSpecification.Nested(["display_name"]);
        specification["taxes_id"] = WebSpecification.Nested(["name", "amount_type", "amount"]);
        specification["product_tmpl_id"] = WebSpecification.Nested(["name", "product_variant_count"]);
        var attributeValue = WebSpecification.Of(["name"]);
        attributeValue["attribute_id"] = WebSpecification.Nested(["display_name"]);
        specification["product_template_attribute_value_ids"] = new JsonObject { ["fields"] = attributeValue };
        return specification;
    }
}

/// <summary><c>account.tax</c> as a product's customer tax.</summary>
public sealed record TaxRecord : IOdooRecord
{
    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    /// <summary><c>percent</c>, <c>fixed</c>, <c>group</c> or <c>division</c>.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? AmountType { get; init; }

    public decimal Amount { get; init; }
}

/// <summary><c>product.template</c>: the product a variant belongs to.</summary>
public sealed record ProductTemplateRecord : IOdooRecord
{
    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    /// <summary>Its active variants.</summary>
    public int ProductVariantCount { get; init; }
}

/// <summary><c>product.template.attribute.value</c>: one value of one attribute of a variant.</summary>
public sealed record AttributeValueRecord : IOdooRecord
{
    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? AttributeId { get; init; }
}

/// <summary>A many2one read with nested fields: the related record, or <c>false</c> (null) for none.</summary>
internal sealed class OdooOneConverter<T> : JsonConverter<T?>
    where T : class, IOdooRecord
{
    public override bool HandleNull => true;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return reader.TokenType is JsonTokenType.False or JsonTokenType.Null
            ? null
            : JsonSerializer.Deserialize(ref reader, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }

    public override void Write(Utf8JsonWriter writer, T? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteBooleanValue(false);
            return;
        }

        JsonSerializer.Serialize(writer, value, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)));
    }
}
