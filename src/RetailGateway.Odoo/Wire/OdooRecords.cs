using System.Text.Json.Serialization;

namespace RetailGateway.Odoo.Wire;

/// <summary>The records Odoo answers, read straight from its answers (see <c>Transports/OdooResults.cs</c>).</summary>
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
[JsonSerializable(typeof(InvoiceLineRecord))]
[JsonSerializable(typeof(IdRecord))]
[JsonSerializable(typeof(SaleOrderProducts))]
[JsonSerializable(typeof(ProductRecord))]
[JsonSerializable(typeof(SaleOrderPricing))]
internal sealed partial class OdooWireContext : JsonSerializerContext;

/// <summary><c>res.partner</c> as the gateway reads it.</summary>
public sealed record PartnerRecord : IOdooRecord
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

    /// <summary>The child contacts, only from <c>web_read</c> with <c>child_ids</c> nested (<see cref="AddressFields"/>).</summary>
    [JsonPropertyName("child_ids")]
    [JsonConverter(typeof(OdooManyConverter<PartnerRecord>))]
    public OdooMany<PartnerRecord> Children { get; init => field = value ?? OdooMany<PartnerRecord>.None; } = OdooMany<PartnerRecord>.None;
}

/// <summary><c>res.country</c>.</summary>
public sealed record CountryRecord : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields = ["code"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Code { get; init; }
}

/// <summary><c>res.country.state</c>.</summary>
public sealed record CountryStateRecord : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields = ["code", "country_id"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Code { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CountryId { get; init; }
}

/// <summary><c>stock.warehouse</c>.</summary>
public sealed record WarehouseRecord : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields = ["name", "code"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Code { get; init; }
}

/// <summary><c>product.product</c> with its computed stock quantities.</summary>
public sealed record ProductStockRecord : IOdooRecord
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
public sealed record ProductSkuRecord : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields = ["default_code"];

    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? DefaultCode { get; init; }

    /// <summary>False for an archived product; null when the read did not ask for <c>active</c>.</summary>
    public bool? Active { get; init; }
}

/// <summary><c>sale.order</c>.</summary>
public sealed record SaleOrderRecord : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields =
    [
        "name", "state", "locked", "partner_id", "partner_shipping_id", "client_order_ref", "date_order", "currency_id", "amount_untaxed",
        "amount_tax", "amount_total", "picking_ids", "invoice_ids", "invoice_status", "delivery_status", "note", "write_date",
    ];

    /// <summary>A quotation's fields: an order's, with the pricelist it was priced with and its validity date.</summary>
    public static readonly IReadOnlyList<string> QuoteFields = [.. Fields, "pricelist_id", "validity_date"];

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

    /// <summary>The deliveries: their ids from <c>read</c>, the records too from <c>web_read</c> with <see cref="WebSpecification.Order"/>.</summary>
    /// <remarks>The source generator assigns every init-only member, so a field the read did not ask for arrives as null, hence the setters.</remarks>
    [JsonPropertyName("picking_ids")]
    [JsonConverter(typeof(OdooManyConverter<PickingRecord>))]
    public OdooMany<PickingRecord> Pickings { get; init => field = value ?? OdooMany<PickingRecord>.None; } = OdooMany<PickingRecord>.None;

    [JsonPropertyName("invoice_ids")]
    [JsonConverter(typeof(OdooManyConverter<InvoiceRecord>))]
    public OdooMany<InvoiceRecord> Invoices { get; init => field = value ?? OdooMany<InvoiceRecord>.None; } = OdooMany<InvoiceRecord>.None;

    /// <summary>The lines, only from <c>web_read</c> with <see cref="WebSpecification.Order"/> (<c>read</c> does not ask for them).</summary>
    [JsonPropertyName("order_line")]
    [JsonConverter(typeof(OdooManyConverter<SaleOrderLineRecord>))]
    public OdooMany<SaleOrderLineRecord> Lines { get; init => field = value ?? OdooMany<SaleOrderLineRecord>.None; } = OdooMany<SaleOrderLineRecord>.None;

    [JsonIgnore]
    public IReadOnlyList<long> PickingIds => Pickings.Ids;

    [JsonIgnore]
    public IReadOnlyList<long> InvoiceIds => Invoices.Ids;

    [JsonConverter(typeof(OdooTextConverter))]
    public string? InvoiceStatus { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? DeliveryStatus { get; init; }

    /// <summary>Odoo keeps notes as HTML.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Note { get; init; }

    /// <summary>Read only with <see cref="QuoteFields"/>; false (none) when pricelists are off on Odoo 19.</summary>
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? PricelistId { get; init; }

    /// <summary>The quotation's expiry; read only with <see cref="QuoteFields"/>.</summary>
    [JsonConverter(typeof(OdooDateConverter))]
    public DateOnly? ValidityDate { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }
}

/// <summary><c>sale.order.line</c> (fields whose names differ between versions are not read).</summary>
public sealed record SaleOrderLineRecord : IOdooRecord
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
public sealed record PickingRecord : IOdooRecord
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
public sealed record InvoiceRecord : IOdooRecord
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

    /// <summary>A credit note's reference (the reversal reason); read only with <see cref="InvoiceLineRecord.MoveFields"/>.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Ref { get; init; }

    /// <summary>Read only with <see cref="InvoiceLineRecord.MoveFields"/>: a reversal goes to the invoice's journal.</summary>
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? JournalId { get; init; }

    /// <summary>For a credit note, the invoice it reverses; read only with <see cref="InvoiceLineRecord.MoveFields"/>.</summary>
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? ReversedEntryId { get; init; }

    /// <summary>The lines, only when read with <see cref="InvoiceLineRecord.MoveFields"/>.</summary>
    [JsonPropertyName("invoice_line_ids")]
    [JsonConverter(typeof(OdooManyConverter<InvoiceLineRecord>))]
    public OdooMany<InvoiceLineRecord> Lines { get; init => field = value ?? OdooMany<InvoiceLineRecord>.None; } = OdooMany<InvoiceLineRecord>.None;
}

/// <summary>Any record read for its id alone (a search that only needs to find or count).</summary>
public sealed record IdRecord : IOdooRecord
{
    public required long Id { get; init; }
}

/// <summary>The products of an order's lines (SKU and <c>active</c>), as <see cref="Aggregates.OdooSaleOrders.CreateCheckedAsync"/> reads them back.</summary>
public sealed record SaleOrderProducts : IOdooRecord
{
    public required long Id { get; init; }

    [JsonPropertyName("order_line")]
    public IReadOnlyList<SaleOrderLineProduct> Lines { get; init => field = value ?? []; } = [];
}

/// <summary>An order line's product.</summary>
public sealed record SaleOrderLineProduct : IOdooRecord
{
    public required long Id { get; init; }

    public ProductSkuRecord? ProductId { get; init; }
}

/// <summary>
/// The <c>value</c> of <c>sale.order.onchange</c> for a new quotation that is never saved: the pricelist and currency Odoo
/// picks for the customer and its lines as Odoo prices them, in the order they were sent.
/// </summary>
public sealed record SaleOrderPricing
{
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? PricelistId { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? CurrencyId { get; init; }

    /// <summary>The lines, from the <c>[0, ref, values]</c> create commands Odoo answers for new lines.</summary>
    [JsonPropertyName("order_line")]
    [JsonConverter(typeof(OdooCreateCommandsConverter<PricedLine>))]
    public IReadOnlyList<PricedLine> Lines { get; init => field = value ?? []; } = [];
}

/// <summary>A line of <see cref="SaleOrderPricing"/>: a new record, so without an id.</summary>
public sealed record PricedLine
{
    public PricedProduct? ProductId { get; init; }

    public decimal ProductUomQty { get; init; }

    public decimal PriceUnit { get; init; }

    public decimal Discount { get; init; }

    public decimal PriceSubtotal { get; init; }

    public decimal PriceTax { get; init; }

    public decimal PriceTotal { get; init; }
}

/// <summary>The product of a <see cref="PricedLine"/>: its id and its sales price (with the variant's extra).</summary>
public sealed record PricedProduct : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields = ["lst_price"];

    public required long Id { get; init; }

    public decimal LstPrice { get; init; }
}
