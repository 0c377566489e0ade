using RetailGateway.Canonical.Stock;
using RetailGateway.Odoo.Wire;

namespace RetailGateway.Odoo.Mapping;

/// <summary>Stock ⇄ the computed quantity fields of <c>product.product</c>.</summary>
public static class StockMapping
{
    public const string Model = "product.product";
    public const string WarehouseModel = "stock.warehouse";

    public static StockLevel ToStockLevel(ProductStockRecord product, string? warehouseCode)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new StockLevel
        {
            Sku = product.DefaultCode ?? string.Empty,
            Name = product.Name ?? string.Empty,
            WarehouseCode = warehouseCode,
            OnHand = product.QtyAvailable,
            Available = product.FreeQty,
            Forecast = product.VirtualAvailable,
            Incoming = product.IncomingQty,
            Outgoing = product.OutgoingQty,
        };
    }
}
