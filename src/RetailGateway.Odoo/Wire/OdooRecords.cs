using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using RetailGateway.Odoo.Client;

namespace RetailGateway.Odoo.Wire;

/// <summary>Turns Odoo's record dictionaries into the typed wire records of this folder.</summary>
public static class OdooRecords
{
    /// <summary>Deserializes each record; a record that does not fit its type is an <see cref="OdooFailure.ProtocolMismatch"/>.</summary>
    public static IReadOnlyList<T> Read<T>(IReadOnlyList<JsonElement> records)
    {
        var typeInfo = (JsonTypeInfo<T>)(OdooWireContext.Default.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not an Odoo wire record."));
        var result = new List<T>(records.Count);
        foreach (var record in records)
        {
            try
            {
                result.Add(record.Deserialize(typeInfo) ?? throw new JsonException("Empty record."));
            }
            catch (JsonException exception)
            {
                throw new OdooException(OdooFailure.ProtocolMismatch, $"Odoo returned a {typeof(T).Name} the gateway cannot read.", null, exception);
            }
        }

        return result;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(PartnerRecord))]
[JsonSerializable(typeof(CountryRecord))]
[JsonSerializable(typeof(CountryStateRecord))]
[JsonSerializable(typeof(WarehouseRecord))]
[JsonSerializable(typeof(ProductStockRecord))]
[JsonSerializable(typeof(ProductSkuRecord))]
[JsonSerializable(typeof(SaleOrderRecord))]
[JsonSerializable(typeof(SaleOrderLineRecord))]
[JsonSerializable(typeof(PickingRecord))]
[JsonSerializable(typeof(InvoiceRecord))]
[JsonSerializable(typeof(SaleOrderNested))]
[JsonSerializable(typeof(PartnerNested))]
[JsonSerializable(typeof(SaleOrderProducts))]
internal sealed partial class OdooWireContext : JsonSerializerContext;

/// <summary><c>res.partner</c> as the gateway reads it.</summary>
public sealed record PartnerRecord
{
    public static readonly IReadOnlyList<string> Fields =
        ["name", "email", "phone", "is_company", "ref", "vat", "street", "city", "zip", "state_id", "country_id", "write_date"];

    /// <summary>For child contacts (addresses): the base fields plus their kind and parent.</summary>
    public static readonly IReadOnlyList<string> AddressFields = [.. Fields, "type", "parent_id"];

    /// <summary>Child contacts that are addresses: billing (<c>invoice</c>) and shipping (<c>delivery</c>).</summary>
    public const string InvoiceType = "invoice";

    public const string DeliveryType = "delivery";

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Email { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Phone { get; init; }

    public bool IsCompany { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Ref { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Vat { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Street { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? City { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Zip { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? StateId { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CountryId { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }

    /// <summary><c>contact</c>, <c>invoice</c>, <c>delivery</c> or <c>other</c>; read only with <see cref="AddressFields"/>.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Type { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? ParentId { get; init; }
}

/// <summary><c>res.country</c>.</summary>
public sealed record CountryRecord
{
    public static readonly IReadOnlyList<string> Fields = ["code"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Code { get; init; }
}

/// <summary><c>res.country.state</c>.</summary>
public sealed record CountryStateRecord
{
    public static readonly IReadOnlyList<string> Fields = ["code", "country_id"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Code { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CountryId { get; init; }
}

/// <summary><c>stock.warehouse</c>.</summary>
public sealed record WarehouseRecord
{
    public static readonly IReadOnlyList<string> Fields = ["name", "code"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Code { get; init; }
}

/// <summary><c>product.product</c> with its computed stock quantities.</summary>
public sealed record ProductStockRecord
{
    public static readonly IReadOnlyList<string> Fields =
        ["default_code", "name", "qty_available", "free_qty", "virtual_available", "incoming_qty", "outgoing_qty", "write_date"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? DefaultCode { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    public decimal QtyAvailable { get; init; }

    public decimal FreeQty { get; init; }

    public decimal VirtualAvailable { get; init; }

    public decimal IncomingQty { get; init; }

    public decimal OutgoingQty { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }
}

/// <summary><c>product.product</c> reduced to what resolving a SKU needs.</summary>
public sealed record ProductSkuRecord
{
    public static readonly IReadOnlyList<string> Fields = ["default_code"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? DefaultCode { get; init; }

    /// <summary>False for an archived product; null when the read did not ask for <c>active</c>.</summary>
    public bool? Active { get; init; }
}

/// <summary><c>sale.order</c>.</summary>
public sealed record SaleOrderRecord
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "name", "state", "locked", "partner_id", "partner_shipping_id", "client_order_ref", "date_order", "currency_id", "amount_untaxed",
        "amount_tax", "amount_total", "picking_ids", "invoice_ids", "invoice_status", "delivery_status", "note", "write_date",
    ];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? State { get; init; }

    public bool Locked { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? PartnerId { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? PartnerShippingId { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? ClientOrderRef { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? DateOrder { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CurrencyId { get; init; }

    public decimal AmountUntaxed { get; init; }

    public decimal AmountTax { get; init; }

    public decimal AmountTotal { get; init; }

    // The source generator assigns every init-only member, so a field the read did not ask for arrives as null, not [].
    [JsonConverter(typeof(OdooIdsConverter))]
    public IReadOnlyList<long> PickingIds { get; init => field = value ?? []; } = [];

    [JsonConverter(typeof(OdooIdsConverter))]
    public IReadOnlyList<long> InvoiceIds { get; init => field = value ?? []; } = [];

    [JsonConverter(typeof(OdooTextConverter))]
    public string? InvoiceStatus { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? DeliveryStatus { get; init; }

    /// <summary>Odoo keeps notes as HTML.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Note { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }
}

/// <summary><c>sale.order.line</c> (fields whose names differ between versions are not read).</summary>
public sealed record SaleOrderLineRecord
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "order_id", "product_id", "name", "product_uom_qty", "qty_delivered", "qty_invoiced", "price_unit", "discount",
        "price_subtotal", "price_tax", "price_total",
    ];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? OrderId { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? ProductId { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    public decimal ProductUomQty { get; init; }

    public decimal QtyDelivered { get; init; }

    public decimal QtyInvoiced { get; init; }

    public decimal PriceUnit { get; init; }

    public decimal Discount { get; init; }

    public decimal PriceSubtotal { get; init; }

    public decimal PriceTax { get; init; }

    public decimal PriceTotal { get; init; }
}

/// <summary><c>stock.picking</c>.</summary>
public sealed record PickingRecord
{
    /// <summary>Fields every Odoo has; <c>carrier_tracking_ref</c> is added when the delivery module is installed.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "state", "sale_id", "scheduled_date", "date_done", "picking_type_code"];

    public const string TrackingField = "carrier_tracking_ref";

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? State { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? SaleId { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? ScheduledDate { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? DateDone { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? PickingTypeCode { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? CarrierTrackingRef { get; init; }
}

/// <summary><c>account.move</c> of type <c>out_invoice</c> or <c>out_refund</c>.</summary>
public sealed record InvoiceRecord
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "name", "move_type", "state", "payment_state", "partner_id", "invoice_origin", "invoice_date", "invoice_date_due",
        "amount_untaxed", "amount_tax", "amount_total", "amount_residual", "currency_id", "write_date",
    ];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? MoveType { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? State { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? PaymentState { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? PartnerId { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? InvoiceOrigin { get; init; }

    [JsonConverter(typeof(OdooDateConverter))]
    public DateOnly? InvoiceDate { get; init; }

    [JsonConverter(typeof(OdooDateConverter))]
    public DateOnly? InvoiceDateDue { get; init; }

    public decimal AmountUntaxed { get; init; }

    public decimal AmountTax { get; init; }

    public decimal AmountTotal { get; init; }

    public decimal AmountResidual { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CurrencyId { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }
}

/// <summary>
/// The nested records of a <c>sale.order</c> read with <c>web_read</c> / <c>web_search_read</c> and
/// <see cref="WebSpecification.Order"/>; the order's own fields are read from the same answer as a <see cref="SaleOrderRecord"/>.
/// </summary>
public sealed record SaleOrderNested
{
    public required long Id { get; init; }

    public IReadOnlyList<SaleOrderLineRecord> OrderLine { get; init => field = value ?? []; } = [];

    [JsonPropertyName("picking_ids")]
    public IReadOnlyList<PickingRecord> Pickings { get; init => field = value ?? []; } = [];

    [JsonPropertyName("invoice_ids")]
    public IReadOnlyList<InvoiceRecord> Invoices { get; init => field = value ?? []; } = [];
}

/// <summary>The child contacts of a <c>res.partner</c> read with <c>web_read</c> and <c>child_ids</c> nested (<see cref="PartnerRecord.AddressFields"/>).</summary>
public sealed record PartnerNested
{
    public required long Id { get; init; }

    [JsonPropertyName("child_ids")]
    public IReadOnlyList<PartnerRecord> Children { get; init => field = value ?? []; } = [];
}

/// <summary>The products of an order's lines (SKU and <c>active</c>), as <see cref="Aggregates.OdooSaleOrders.CreateCheckedAsync"/> reads them back.</summary>
public sealed record SaleOrderProducts
{
    public required long Id { get; init; }

    [JsonPropertyName("order_line")]
    public IReadOnlyList<SaleOrderLineProduct> Lines { get; init => field = value ?? []; } = [];
}

/// <summary>An order line's product.</summary>
public sealed record SaleOrderLineProduct
{
    public required long Id { get; init; }

    public ProductSkuRecord? ProductId { get; init; }
}
