using System.Text.Json.Nodes;

namespace RetailGateway.Odoo.Wire;

/// <summary>
/// The <c>specification</c> argument of <c>web_read</c> / <c>web_search_read</c> (Odoo 17 and newer): which fields,
/// and for relations which fields of the related records, come back in one call.
/// </summary>
public static class WebSpecification
{
    /// <summary>
    /// The many2one fields the wire records read. Asked with their <c>display_name</c>, so the answer's
    /// <c>{"id", "display_name"}</c> carries what <c>read</c>'s <c>[id, name]</c> carried (e.g. the SKU in a product's name).
    /// </summary>
    private static readonly HashSet<string> Many2One = new(StringComparer.Ordinal)
    {
        "partner_id", "partner_shipping_id", "currency_id", "order_id", "product_id", "sale_id", "state_id", "country_id", "parent_id", "pricelist_id",
    };

    /// <summary>Plain fields as <c>{}</c>, many2one fields with their display name.</summary>
    public static JsonObject Of(IEnumerable<string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var specification = new JsonObject();
        foreach (var field in fields)
        {
            specification[field] = Many2One.Contains(field)
                ? new JsonObject { ["fields"] = new JsonObject { ["display_name"] = new JsonObject() } }
                : new JsonObject();
        }

        return specification;
    }

    /// <summary>An x2many field whose records come back with <paramref name="fields"/>.</summary>
    public static JsonObject Nested(IEnumerable<string> fields) => new() { ["fields"] = Of(fields) };

    /// <summary>
    /// An order with its lines, deliveries (with <paramref name="pickingFields"/>, which may hold the optional
    /// tracking reference) and invoices: what <c>read</c> plus three reads return, in one call.
    /// </summary>
    public static JsonObject Order(IReadOnlyList<string> pickingFields) => SaleOrder(SaleOrderRecord.Fields, pickingFields);

    /// <summary>An order read with <paramref name="orderFields"/> (e.g. <see cref="SaleOrderRecord.QuoteFields"/>), its lines, deliveries and invoices.</summary>
    public static JsonObject SaleOrder(IReadOnlyList<string> orderFields, IReadOnlyList<string> pickingFields)
    {
        var specification = Of(orderFields.Except(["picking_ids", "invoice_ids"]));
        specification["order_line"] = Nested(SaleOrderLineRecord.Fields);
        specification["picking_ids"] = Nested(pickingFields);
        specification["invoice_ids"] = Nested(InvoiceRecord.Fields);
        return specification;
    }
}
