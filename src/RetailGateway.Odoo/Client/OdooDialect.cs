using System.Text.Json.Nodes;

namespace RetailGateway.Odoo.Client;

/// <summary>
/// Every name that differs between the Odoo versions the gateway supports (16 to 19), in one place.
/// Optional modules (e.g. <c>carrier_tracking_ref</c> from the delivery module) are detected with
/// <c>fields_get</c> instead, because they depend on the database, not the version.
/// </summary>
public sealed record OdooDialect
{
    private OdooDialect(int majorVersion) => MajorVersion = majorVersion;

    public int MajorVersion { get; }

    /// <summary>18 made storable a flag (<c>is_storable</c>); up to 17 it is <c>detailed_type = 'product'</c>.</summary>
    public JsonArray StorableProductDomain() => MajorVersion >= 18
        ? new JsonArray(new JsonArray("is_storable", "=", true))
        : new JsonArray(new JsonArray("detailed_type", "=", "product"));

    /// <summary>The product fields that tell storable, consumable and service apart: up to 17 <c>type</c> alone (<c>product</c> is storable), from 18 <c>type</c> and the <c>is_storable</c> flag.</summary>
    /// <remarks><c>type</c> rather than 17's <c>detailed_type</c>: modules add values to the latter (event tickets, courses), while <c>type</c> keeps the three kinds.</remarks>
    public IReadOnlyList<string> ProductKindFields => MajorVersion >= 18 ? ["type", "is_storable"] : ["type"];

    /// <summary>Context key that scopes stock quantities to a warehouse. Odoo silently ignores the other one.</summary>
    public string WarehouseContextKey => MajorVersion >= 18 ? "warehouse_id" : "warehouse";

    /// <summary>Unit of measure on <c>sale.order.line</c>; the old name is an error on 19.</summary>
    public string OrderLineUomField => MajorVersion >= 19 ? "product_uom_id" : "product_uom";

    /// <summary>Taxes on <c>sale.order.line</c>; the old name is an error on 19.</summary>
    public string OrderLineTaxField => MajorVersion >= 19 ? "tax_ids" : "tax_id";

    /// <summary>Up to 18, <c>action_cancel</c> on a confirmed order opens a wizard unless the context disables it.</summary>
    public JsonObject CancelContext() => MajorVersion >= 19
        ? []
        : new JsonObject { ["disable_cancel_warning"] = true };

    /// <summary>The return wizard's method that makes the return: 18 renamed <c>create_returns</c> (a 404 on 19) to <c>action_create_returns</c>.</summary>
    public string CreateReturnsMethod => MajorVersion >= 18 ? "action_create_returns" : "create_returns";

    /// <summary>17 added <c>web_read</c> / <c>web_search_read</c> with a nested <c>specification</c>: an order with its lines in one call.</summary>
    public bool HasWebRead => MajorVersion >= 17;

    public static OdooDialect ForVersion(int majorVersion) => new(majorVersion);
}
