using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RetailGateway.Odoo.Wire;

/// <summary>The records of returns, read with the same options as <see cref="OdooWireContext"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TransferRecord))]
[JsonSerializable(typeof(OrderTransfers))]
[JsonSerializable(typeof(ReturnWizardRecord))]
internal sealed partial class ReturnWireContext : JsonSerializerContext;

/// <summary>
/// <c>stock.picking</c> of a sales order with its moves: a delivery, or a return of one (<c>return_id</c> names the
/// delivery). Read with <c>web_read</c> / <c>web_search_read</c> and <see cref="Specification"/> (Odoo 17 and newer).
/// </summary>
public sealed record TransferRecord : IOdooRecord
{
    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? State { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? PickingTypeCode { get; init; }

    /// <summary>The delivery this transfer returns goods of; null for a delivery.</summary>
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? ReturnId { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? SaleId { get; init; }

    /// <summary>The gateway writes <c>"&lt;Case id&gt;: Return of &lt;delivery&gt;"</c> here: the return's natural key.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Origin { get; init; }

    /// <summary>HTML; the return's reason.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? Note { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? DateDone { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? CreateDate { get; init; }

    [JsonConverter(typeof(OdooDateTimeConverter))]
    public DateTimeOffset? WriteDate { get; init; }

    [JsonPropertyName("move_ids")]
    [JsonConverter(typeof(OdooManyConverter<StockMoveRecord>))]
    public OdooMany<StockMoveRecord> Moves { get; init => field = value ?? OdooMany<StockMoveRecord>.None; } = OdooMany<StockMoveRecord>.None;

    /// <summary>The <c>web_read</c> specification of a transfer with its moves and their products' SKUs.</summary>
    public static JsonObject Specification()
    {
        // return_id is not among WebSpecification's many2one fields: asked with its display name here, as they are.
        var specification = WebSpecification.Of(["name", "state", "picking_type_code", "sale_id", "origin", "note", "date_done", "create_date", "write_date"]);
        specification["return_id"] = WebSpecification.Nested(["display_name"]);
        specification["move_ids"] = new JsonObject { ["fields"] = StockMoveRecord.Specification() };
        return specification;
    }
}

/// <summary><c>stock.move</c> of a transfer: a product, the quantity asked and the quantity moved.</summary>
public sealed record StockMoveRecord : IOdooRecord
{
    public required long Id { get; init; }

    public ProductSkuRecord? ProductId { get; init; }

    /// <summary>The quantity to move.</summary>
    public decimal ProductUomQty { get; init; }

    /// <summary>The quantity moved (reserved or picked until the transfer is done).</summary>
    public decimal Quantity { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? State { get; init; }

    public static JsonObject Specification()
    {
        var specification = WebSpecification.Of(["product_uom_qty", "quantity", "state"]);
        specification["product_id"] = new JsonObject { ["fields"] = WebSpecification.Of(ProductSkuRecord.Fields) };
        return specification;
    }
}

/// <summary>A sales order's number, state and transfers (deliveries and returns) with their moves.</summary>
public sealed record OrderTransfers : IOdooRecord
{
    public required long Id { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? State { get; init; }

    [JsonPropertyName("picking_ids")]
    [JsonConverter(typeof(OdooManyConverter<TransferRecord>))]
    public OdooMany<TransferRecord> Transfers { get; init => field = value ?? OdooMany<TransferRecord>.None; } = OdooMany<TransferRecord>.None;

    public static JsonObject Specification()
    {
        var specification = WebSpecification.Of(["name", "state"]);
        specification["picking_ids"] = new JsonObject { ["fields"] = TransferRecord.Specification() };
        return specification;
    }
}

/// <summary>The return wizard (<c>stock.return.picking</c>) with its lines, one per move of the delivery that can come back.</summary>
public sealed record ReturnWizardRecord : IOdooRecord
{
    public required long Id { get; init; }

    [JsonPropertyName("product_return_moves")]
    [JsonConverter(typeof(OdooManyConverter<ReturnWizardLineRecord>))]
    public OdooMany<ReturnWizardLineRecord> Lines { get; init => field = value ?? OdooMany<ReturnWizardLineRecord>.None; } = OdooMany<ReturnWizardLineRecord>.None;

    public static JsonObject Specification() => new()
    {
        ["product_return_moves"] = new JsonObject { ["fields"] = ReturnWizardLineRecord.Specification() },
    };
}

/// <summary><c>stock.return.picking.line</c>: a product, the quantity to return and the delivery's move it returns.</summary>
public sealed record ReturnWizardLineRecord : IOdooRecord
{
    public required long Id { get; init; }

    public ProductSkuRecord? ProductId { get; init; }

    public decimal Quantity { get; init; }

    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? MoveId { get; init; }

    public static JsonObject Specification()
    {
        var specification = WebSpecification.Of(["quantity"]);
        specification["move_id"] = WebSpecification.Nested(["display_name"]);
        specification["product_id"] = new JsonObject { ["fields"] = WebSpecification.Of(ProductSkuRecord.Fields) };
        return specification;
    }
}
