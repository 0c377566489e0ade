using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace RetailGateway.Odoo.Wire;

/// <summary><c>account.move.line</c> of an invoice or credit note, as <c>invoice_line_ids</c> holds them.</summary>
public sealed record InvoiceLineRecord : IOdooRecord
{
    public static readonly IReadOnlyList<string> Fields =
        ["move_id", "product_id", "name", "quantity", "price_unit", "price_subtotal", "price_total", "display_type"];

    /// <summary>A move read with what credit notes need: the invoice fields, its reference, journal, the invoice it reverses and its lines.</summary>
    public static readonly IReadOnlyList<string> MoveFields = [.. InvoiceRecord.Fields, "ref", "journal_id", "reversed_entry_id", "invoice_line_ids"];

    public required long Id { get; init; }

    /// <summary>The move of the line; read only where the lines do not come nested in their move (Odoo 16).</summary>
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? MoveId { get; init; }

    /// <summary>The product, whose display name carries the SKU (<c>[FURN_7800] Desk</c>).</summary>
    [JsonConverter(typeof(OdooRefConverter))]
    public OdooRef? ProductId { get; init; }

    [JsonConverter(typeof(OdooTextConverter))]
    public string? Name { get; init; }

    public decimal Quantity { get; init; }

    public decimal PriceUnit { get; init; }

    public decimal PriceSubtotal { get; init; }

    public decimal PriceTotal { get; init; }

    /// <summary><c>product</c> for a product line; <c>line_section</c> and <c>line_note</c> are headings and remarks.</summary>
    [JsonConverter(typeof(OdooTextConverter))]
    public string? DisplayType { get; init; }

    [JsonIgnore]
    public bool IsProductLine => DisplayType is not ("line_section" or "line_note");

    /// <summary>The <c>web_read</c> specification of a move with <see cref="MoveFields"/>: its lines nested, many2one values with their display name.</summary>
    public static JsonObject MoveSpecification()
    {
        var specification = WebSpecification.Of(InvoiceRecord.Fields);
        specification["ref"] = new JsonObject();
        specification["journal_id"] = WebSpecification.Nested(["display_name"]);
        specification["reversed_entry_id"] = WebSpecification.Nested(["display_name"]);
        specification["invoice_line_ids"] = WebSpecification.Nested(Fields.Where(f => f != "move_id"));
        return specification;
    }
}
